"""Packaging beyond what pyproject.toml can say: the templates and the shipped content stay at
the repository root, and the wheel carries them as package data under `backend/shipped/`,
where `backend.config.SHIPPED_ROOT` finds them (see README.md, "Installing from a package")."""

from setuptools import find_namespace_packages, setup

# Folders at the repository root that an installed package needs as well.
SHIPPED = ("templates", "dilemmas", "good_practices", "cases")

setup(
    packages=[
        *find_namespace_packages(include=["backend", "backend.*"]),
        *(f"backend.shipped.{folder}" for folder in SHIPPED),
    ],
    package_dir={f"backend.shipped.{folder}": folder for folder in SHIPPED},
)
