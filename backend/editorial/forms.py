"""Turning an edit form into front matter and sections, and back.

The form fields are derived from the content type's field specs, so the form, the files
and the validation share one definition of each type.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from slugify import slugify

from backend.content.types import ContentType
from backend.content.validate import OPTION_KEYS

# Fields set by the workflow, not typed by the editor.
WORKFLOW_FIELDS = {"status", "kind"}
MAX_FIELD_CHARS = 20_000
MAX_SLUG_CHARS = 80


def slug_from_title(title: str) -> str:
    """A slug made from a title: 'Cadeau van de aannemer?' becomes 'cadeau-van-de-aannemer'
    (lower case, accents dropped, cut at a word boundary)."""
    return slugify(title, max_length=MAX_SLUG_CHARS, word_boundary=True)


def _first(values: dict[str, list[str]], name: str) -> str:
    return (values.get(name) or [""])[0][:MAX_FIELD_CHARS]


def form_to_item(
    content_type: ContentType, pairs: Iterable[tuple[str, str]]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Front matter and sections from submitted form fields (not yet validated)."""
    values: dict[str, list[str]] = {}
    for key, value in pairs:
        values.setdefault(key, []).append(value)
    front: dict[str, Any] = {}
    for spec in content_type.fields:
        if spec.name in WORKFLOW_FIELDS:
            continue
        raw = _first(values, spec.name).strip()
        if spec.kind == "terms":
            front[spec.name] = [v for v in values.get(spec.name, []) if v]
        elif spec.kind == "lines":
            front[spec.name] = [line.strip() for line in raw.splitlines() if line.strip()]
        elif spec.kind == "options":
            options = {key: _first(values, f"options_{key}").strip() for key in OPTION_KEYS}
            filled = {key: text for key, text in options.items() if text}
            if filled:
                front[spec.name] = filled
        elif spec.kind == "int":
            front[spec.name] = int(raw) if raw.lstrip("-").isdecimal() else (raw or None)
        elif spec.kind == "bool":
            front[spec.name] = {"ja": True, "nee": False}.get(raw)
        else:
            front[spec.name] = raw or None
    if content_type.kind:
        front["kind"] = content_type.kind
    if not front.get("slug") and front.get("title"):
        front["slug"] = slug_from_title(front["title"]) or None
    sections = {
        section.name: _first(values, f"section_{section.name}") for section in content_type.sections
    }
    return {k: v for k, v in front.items() if v not in (None, [], "")}, sections


def form_values(content_type: ContentType, front: dict[str, Any]) -> dict[str, Any]:
    """What to show in each form field for existing front matter."""
    shown: dict[str, Any] = {}
    for spec in content_type.fields:
        value = front.get(spec.name)
        if spec.kind == "lines":
            shown[spec.name] = "\n".join(value or [])
        elif spec.kind == "options":
            for key in OPTION_KEYS:
                shown[f"options_{key}"] = (value or {}).get(key, "")
        elif spec.kind == "bool":
            shown[spec.name] = "" if value is None else {True: "ja", False: "nee"}.get(value, "")
        elif spec.kind == "terms":
            shown[spec.name] = list(value or [])
        else:
            shown[spec.name] = "" if value is None else value
    return shown
