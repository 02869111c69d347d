"""An item's history as editors read it: every revision with what changed since the one before.

Versions are compared field by field and section by section, word by word, so an editor
sees the old and the new text side by side with the changed words marked.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlmodel import Session, col, select

from backend.content.files import render_file
from backend.content.types import CONTENT_TYPES, ContentType, FieldSpec
from backend.content.validate import ItemRecord
from backend.models import Item, ItemRevision, User

# Words, runs of white space and single punctuation marks: the units a change is marked in.
TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


class Segment(NamedTuple):
    """A run of text that is unchanged ('same'), taken out ('removed') or put in ('added')."""

    kind: str
    text: str


@dataclass(frozen=True)
class FieldChange:
    """One field or section that changed: its old text (with what was removed marked) and
    its new text (with what was added marked)."""

    label: str
    before: list[Segment]
    after: list[Segment]


class Change(NamedTuple):
    """One revision, the fields that changed since the revision before it, and that revision
    (`older`; None for the first). Purged revisions are skipped in comparisons: a revision
    after one is compared with the newest readable one before it, and a purged revision
    itself shows no changes."""

    revision: ItemRevision
    fields: list[FieldChange]
    older: ItemRevision | None


@dataclass(frozen=True)
class History:
    """What the history page shows: changes newest first, and each author's e-mail address."""

    changes: list[Change]
    authors: dict[int, str]


def version_text(item: Item, front: dict[str, Any], sections: dict[str, str]) -> str:
    """A version of `item` as its content file reads."""
    return render_file(ItemRecord(CONTENT_TYPES[item.type], front, sections))


def _label_of(spec: FieldSpec, value: Any) -> str:
    if spec.vocabulary is None:
        return str(value)
    return spec.vocabulary.label_of(str(value))


def field_text(spec: FieldSpec, value: Any) -> str:
    """A front-matter value as an editor reads it: labels, not codes; one line per entry."""
    if value is None or value == [] or value == {}:
        return ""
    if spec.kind == "terms":
        return ", ".join(_label_of(spec, v) for v in value)
    if spec.kind == "lines":
        return "\n".join(str(line) for line in value)
    if spec.kind == "options":
        return "\n".join(f"{key}: {text}" for key, text in value.items())
    if spec.kind == "bool":
        return "Ja" if value else "Nee"
    return _label_of(spec, value)


def _merge(segments: list[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    for segment in segments:
        if merged and merged[-1].kind == segment.kind:
            merged[-1] = Segment(segment.kind, merged[-1].text + segment.text)
        elif segment.text:
            merged.append(segment)
    return merged


def word_diff(older: str, newer: str) -> tuple[list[Segment], list[Segment]]:
    """The old and the new text, each cut into unchanged and changed runs of words."""
    old_tokens, new_tokens = TOKEN.findall(older), TOKEN.findall(newer)
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    before: list[Segment] = []
    after: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        old_part, new_part = "".join(old_tokens[i1:i2]), "".join(new_tokens[j1:j2])
        if tag == "equal":
            before.append(Segment("same", old_part))
            after.append(Segment("same", new_part))
        else:
            before.append(Segment("removed", old_part))
            after.append(Segment("added", new_part))
    return _merge(before), _merge(after)


def _readable(content_type: ContentType, version: ItemRevision) -> list[tuple[str, str]]:
    """Every field and section of a version as (label, text), in form order."""
    shown = [
        (spec.label, field_text(spec, version.front.get(spec.name)))
        for spec in content_type.fields
        if spec.name not in ("status", "kind")
    ]
    shown += [(s.heading, version.sections.get(s.name, "") or "") for s in content_type.sections]
    return shown


def field_changes(
    content_type: ContentType, older: ItemRevision, newer: ItemRevision
) -> list[FieldChange]:
    """The fields and sections whose text differs between two versions, word by word."""
    changes = []
    for (label, old), (_, new) in zip(
        _readable(content_type, older), _readable(content_type, newer), strict=True
    ):
        if old.strip() != new.strip():
            changes.append(FieldChange(label, *word_diff(old, new)))
    return changes


def revisions(db: Session, item: Item) -> list[ItemRevision]:
    """Every revision of `item`, newest first."""
    query = select(ItemRevision).where(ItemRevision.item_id == item.id)
    return list(db.exec(query.order_by(col(ItemRevision.number).desc())))


def item_history(db: Session, item: Item) -> History:
    """Every revision of `item`, newest first, each with what changed since the one before."""
    content_type = CONTENT_TYPES[item.type]
    newest_first = revisions(db, item)
    changes = []
    for i, revision in enumerate(newest_first):
        older = next((r for r in newest_first[i + 1 :] if r.purged_at is None), None)
        if revision.purged_at is not None or older is None:
            changes.append(Change(revision, [], None))
        else:
            changes.append(Change(revision, field_changes(content_type, older, revision), older))
    author_ids = {r.author_id for r in newest_first if r.author_id is not None}
    return History(changes, _emails(db, author_ids))


def _emails(db: Session, user_ids: set[int]) -> dict[int, str]:
    users = db.exec(select(User).where(col(User.id).in_(user_ids)))
    return {user.id: user.email for user in users if user.id is not None}
