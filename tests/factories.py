"""Builders for content files and records used across tests."""

from __future__ import annotations

from pathlib import Path

from backend.content.files import render_file
from backend.content.types import CONTENT_TYPES
from backend.content.validate import ItemRecord

BASE = {
    "title": "Een dilemma om te testen",
    "summary": "Een korte samenvatting van een verzonnen situatie om mee te testen.",
    "themes": ["belangenverstrengeling"],
    "roles": ["raadslid"],
    "levels": ["gemeente"],
    "legal_refs": ["gemeentewet-28"],
    "status": "published",
    "visibility": "public",
}
TYPE_FIELDS = {
    "dilemma": {"difficulty": 1, "minutes": 10, "options": {"A": "Ja.", "B": "Nee."}},
    "good_practice": {
        "approach": ["preventief"],
        "actors": ["burgemeester"],
        "term_phase": ["begin-periode"],
        "steps": ["Eerste stap.", "Tweede stap.", "Derde stap."],
    },
    "personal_interest": {
        "kind": "personal_interest",
        "year": 2024,
        "interest_type": "familie",
        "interest": "Broer is aannemer",
        "member_role": "raadslid",
        "member_action": "onthield-zich-van-beraadslaging-en-stemming",
        "recusal_required": True,
    },
    "secrecy": {
        "kind": "secrecy",
        "year": 2024,
        "regime": "sinds-2023",
        "imposed_by": "college",
        "subject": "Een grondaankoop",
        "woo_ground": "economische-financiele-belangen",
        "shared_with": "De hele raad",
        "lifted": "Nog niet opgeheven",
        "secrecy_issues": ["correct-toegepast"],
    },
}


def make_front(type_key: str = "dilemma", **overrides) -> dict:
    """Valid front matter for a type, with overrides (None removes a field)."""
    front = {"slug": f"test-{type_key.replace('_', '-')}", **BASE, **TYPE_FIELDS[type_key]}
    front.update(overrides)
    return {key: value for key, value in front.items() if value is not None}


def make_sections(type_key: str = "dilemma") -> dict[str, str]:
    return {
        section.name: f"Tekst van de sectie {section.heading}."
        for section in CONTENT_TYPES[type_key].sections
        if section.required
    }


def make_record(type_key: str = "dilemma", **overrides) -> ItemRecord:
    return ItemRecord(
        CONTENT_TYPES[type_key], make_front(type_key, **overrides), make_sections(type_key)
    )


def write_record(root: Path, record: ItemRecord) -> Path:
    """Write a record as a content file under root and return its path."""
    path = root / record.content_type.folder / f"{record.slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_file(record), encoding="utf-8")
    return path
