"""The hand-out of each dilemma on an agenda: what participants read, and the notes only the
facilitator reads (the Word and Markdown exports print them, like the print view)."""

from __future__ import annotations

from sqlmodel import Session

from backend.agenda.model import Agenda, Handout
from backend.catalog.facets import facet_index
from backend.catalog.queries import items_by_id
from backend.models import Item


def handout_of(item: Item) -> Handout:
    """A dilemma's hand-out: situation, question and options; considerations and
    explanation for the facilitator."""
    options = item.front.get("options") or {}
    return Handout(
        situation=item.sections.get("situation", ""),
        question=item.sections.get("question", ""),
        options=tuple((str(key), str(text)) for key, text in options.items()),
        considerations=item.sections.get("considerations", ""),
        explanation=item.sections.get("explanation", ""),
    )


def handouts_for(db: Session, agenda: Agenda) -> dict[str, Handout]:
    """The hand-outs of an agenda's dilemmas (for an agenda not made by build_agenda)."""
    slugs = [block.slug for block in agenda.blocks if block.kind == "dilemma" and block.slug]
    index = facet_index(db)
    ids = [index.id_of_slug[slug] for slug in slugs if slug in index.id_of_slug]
    return {item.slug: handout_of(item) for item in items_by_id(db, ids)}
