"""Dependencies are pinned exactly, so what CI tested is what runs (see docs/security.md)."""

from __future__ import annotations

import re
import tomllib

from backend.config import REPO_ROOT

EXACT = re.compile(r"^[A-Za-z0-9._-]+(\[[a-z0-9,_-]+\])?==[0-9][0-9A-Za-z.+-]*$")


def test_every_dependency_is_pinned_to_one_version():
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        requirements.extend(extra)
    loose = [requirement for requirement in requirements if not EXACT.match(requirement)]
    assert loose == [], "pin these with ==: " + ", ".join(loose)
