"""Possible personal data in the editor's forms: the hits as the forms list them, and the
"verzonnen" (fictional) checkboxes an editor ticks."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData

from backend.content.types import ContentType
from backend.editorial.privacy import PersonalDataHit

# The checkboxes with which an editor marks possible personal data as fictional.
FICTIONAL_FIELD = "verzonnen"


def marked_fictional(form: FormData) -> list[str]:
    """The fingerprints of the personal-data hits the editor ticked as fictional."""
    return [v for k, v in form.multi_items() if k == FICTIONAL_FIELD and isinstance(v, str)]


def shown_hits(content_type: ContentType, hits: list[PersonalDataHit]) -> list[dict[str, Any]]:
    """Personal-data hits as the forms list them: the hit, its field's name and anchor."""
    return [
        {
            "hit": hit,
            "where": where_label(content_type, hit.where),
            "anchor": where_anchor(content_type, hit.where),
        }
        for hit in hits
    ]


def where_anchor(content_type: ContentType, where: str) -> str:
    """The id of the form control a personal-data hit was found in (for the error summary)."""
    kind, _, key = where.partition(".")
    if kind == "options":
        return f"f-options-{key}"
    if kind == "steps":
        return "f-steps"
    is_section = any(s.name == where for s in content_type.sections)
    return f"s-{where}" if is_section else f"f-{where}"


def where_label(content_type: ContentType, where: str) -> str:
    """The Dutch name of the field a personal-data hit was found in."""
    kind, _, key = where.partition(".")
    if kind == "options":
        return f"Antwoord {key}"
    if kind == "steps":
        return f"Stap {key}"
    section = next((s for s in content_type.sections if s.name == where), None)
    spec = content_type.field(where)
    return section.heading if section else spec.label if spec else where
