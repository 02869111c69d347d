"""What the search index holds: its schema, and the document of each item."""

from __future__ import annotations

from typing import Any

from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema

from backend import vocabulary
from backend.content.types import CONTENT_TYPES
from backend.models import Item
from backend.search.analysis import index_analyzer, spelling_words

SCHEMA_VERSION = 7  # 7: "spelling" holds the words of published public items only
TAG_FIELDS = ("themes", "roles", "levels", "legal_refs")
KIND_TEXT_FIELDS = ("interest", "subject", "shared_with", "lifted")


def build_schema() -> Schema:
    prose = index_analyzer()
    return Schema(
        slug=ID(stored=True, unique=True, sortable=True),
        type=ID(stored=True),
        title=TEXT(analyzer=prose, field_boost=3.0, stored=True),
        # Everything else that is searched, in one field: two fields per query term
        # instead of four halves the work of every query.
        content=TEXT(analyzer=prose),
        summary=STORED,
        body=STORED,
        # The words of the collection for "Bedoelde u": folded in Python and split on spaces,
        # which is far cheaper to index than running them through the prose analyzer.
        spelling=KEYWORD(),
        themes=KEYWORD(stored=True, commas=True),
        roles=KEYWORD(stored=True, commas=True),
        levels=KEYWORD(stored=True, commas=True),
        legal_refs=KEYWORD(stored=True, commas=True),
        status=ID(stored=True),
        visibility=ID(stored=True),
        updated=DATETIME(stored=True, sortable=True),
    )


def item_document(db_item: Item) -> dict[str, Any]:
    """The index document of an item: its prose, its tags and their Dutch labels."""
    content_type = CONTENT_TYPES[db_item.type]
    front = db_item.front
    prose = [db_item.sections[s.name] for s in content_type.sections if s.name in db_item.sections]
    prose += list((front.get("options") or {}).values()) + list(front.get("steps") or [])
    prose += [str(front[name]) for name in KIND_TEXT_FIELDS if front.get(name)]
    labels = [
        vocabulary.ALL[name].label_of(value) for name in TAG_FIELDS for value in front.get(name, [])
    ]
    labels += [_article_description(ref) for ref in front.get("legal_refs", [])]
    body = "\n\n".join(prose)
    return {
        "slug": db_item.slug,
        "type": db_item.type,
        "title": db_item.title,
        "summary": db_item.summary,
        "body": body,
        "content": "\n\n".join([db_item.summary, " ".join(labels), body]),
        # "Bedoelde u" draws only from what the public may see: a draft's or an internal
        # item's words must never surface as a suggestion.
        "spelling": (
            " ".join(spelling_words(" ".join([db_item.title, db_item.summary, body])))
            if db_item.status == "published" and db_item.visibility == "public"
            else ""
        ),
        **{name: ",".join(front.get(name, [])) for name in TAG_FIELDS},
        "status": db_item.status,
        "visibility": db_item.visibility,
        "updated": db_item.updated_at.replace(tzinfo=None),
    }


def _article_description(ref: str) -> str:
    """The description of a cited legal article. Refs are checked against the vocabulary
    when an item is saved; an unknown one stops the build, as it did before."""
    article = vocabulary.LEGAL_ARTICLES.get(ref)
    if article is None:
        raise KeyError(f"unknown legal article {ref!r}")
    return article.description
