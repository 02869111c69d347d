"""Packaging beyond what pyproject.toml can say: the templates and the shipped content stay at
the repository root, and the wheel carries them as package data under `backend/shipped/`,
where `backend.config.SHIPPED_ROOT` finds them (see README.md, "Installing from a package")."""

from pathlib import Path

from setuptools import find_namespace_packages, setup

# Folders at the repository root that an installed package needs as well.
SHIPPED = ("templates", "dilemmas", "good_practices", "cases")


def _data_packages(folder: str) -> list[str]:
    """The folder and its subfolders as package names (setuptools wants data folders listed)."""
    root = Path(__file__).resolve().parent / folder
    folders = [root, *sorted(path for path in root.rglob("*") if path.is_dir())]
    return [
        ".".join(("backend", "shipped", folder, *path.relative_to(root).parts))
        for path in folders
        if "__pycache__" not in path.parts
    ]


setup(
    packages=[
        *find_namespace_packages(include=["backend", "backend.*"]),
        *(package for folder in SHIPPED for package in _data_packages(folder)),
    ],
    package_dir={f"backend.shipped.{folder}": folder for folder in SHIPPED},
)
