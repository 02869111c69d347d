"""Working copies: creating an item, saving, offering for review and restoring a version.

The published item stays as it is while its working copy (`ItemDraft`) is written. Every
operation writes a revision in the caller's transaction; the review decisions are in
`editorial.review`, and callers use both through `editorial.workflow`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, func, select

from backend.accounts.service import audit
from backend.clock import utcnow
from backend.content.store import save_record
from backend.content.types import CONTENT_TYPES, ContentType
from backend.content.validate import FieldError, ItemRecord, validate_item
from backend.editorial.privacy import PersonalDataHit, scan
from backend.errors import Conflict, Invalid
from backend.models import Item, ItemDraft, ItemRevision, User, stored_id
from backend.models.editorial import DraftState
from backend.models.item import ItemStatus

# Revisions that hold the working copy's text, and those that write it.
DRAFT_ACTIONS = ("create", "save", "submit", "send_back", "restore")

WRITING_ACTIONS = ("create", "save", "restore")

RESTORE_NOTE = "versie {}"  # the note of a restore revision names the version put back


class WorkflowError(Invalid):
    """An operation that is not allowed in the item's state or for this user (Dutch)."""


class InvalidItem(WorkflowError):
    """The submitted fields do not pass validation; nothing was saved."""

    def __init__(self, errors: list[FieldError]):
        super().__init__("Het item is niet opgeslagen: verbeter de gemarkeerde velden.")
        self.errors = errors


class EditConflict(Conflict, WorkflowError):
    """Someone else saved the item after this editor opened it; nothing was overwritten."""

    def __init__(self, theirs: ItemDraft | None):
        super().__init__(
            "Iemand anders heeft dit item opgeslagen nadat u het opende. Uw wijzigingen zijn"
            " niet opgeslagen; vergelijk beide versies hieronder."
        )
        self.theirs = theirs


class PersonalDataFound(WorkflowError):
    """The text contains possible personal data that is neither removed nor marked fictional."""

    def __init__(self, hits: list[PersonalDataHit]):
        super().__init__(
            "De tekst bevat mogelijk persoonsgegevens. Verwijder ze, of markeer ze als"
            " verzonnen als het om fictieve gegevens gaat."
        )
        self.hits = hits


@dataclass
class WorkingCopy:
    """What the editor sees: the draft if there is one, else the item itself."""

    item: Item
    draft: ItemDraft | None
    front: dict[str, Any]
    sections: dict[str, str]

    @property
    def version(self) -> int:
        return self.draft.version if self.draft else 0


def working_copy(db: Session, item: Item) -> WorkingCopy:
    draft = db.exec(select(ItemDraft).where(ItemDraft.item_id == item.id)).first()
    source = draft or item
    return WorkingCopy(item, draft, dict(source.front), dict(source.sections))


def _validated(
    content_type: ContentType, front: dict[str, Any], sections: dict[str, str]
) -> ItemRecord:
    record, errors = validate_item(content_type, {**front, "status": ItemStatus.DRAFT}, sections)
    if errors or record is None:
        raise InvalidItem(errors)
    return record


def newest_version(db: Session, item: Item) -> int:
    """The number of the item's newest revision: the version an approval must name."""
    return db.exec(
        select(func.coalesce(func.max(ItemRevision.number), 0)).where(
            ItemRevision.item_id == item.id
        )
    ).one()


def add_revision(
    db: Session,
    item: Item,
    action: str,
    front: dict[str, Any],
    sections: dict[str, str],
    user: User | None,
    note: str = "",
) -> None:
    number = newest_version(db, item)
    db.add(
        ItemRevision(
            item_id=stored_id(item),
            number=number + 1,
            action=action,
            front=dict(front),
            sections=dict(sections),
            author_id=user.id if user else None,
            note=note,
        )
    )


def create_item(
    db: Session,
    editor: User,
    content_type: ContentType,
    front: dict[str, Any],
    sections: dict[str, str],
    fictional: list[str] | None = None,
) -> Item:
    """A new, unpublished item with its first draft. Refused (nothing written) while the text
    holds possible personal data the editor did not mark as fictional (`fictional`:
    fingerprints of the hits they ticked)."""
    record = _validated(content_type, front, sections)
    if db.exec(select(Item).where(Item.slug == record.slug)).first():
        raise InvalidItem(
            [FieldError("slug", f"de slug '{record.slug}' is al in gebruik; kies een andere.")]
        )
    marked = guard(record.front, record.sections, [], fictional)
    save_record(db, record)
    item = db.exec(select(Item).where(Item.slug == record.slug)).one()
    db.add(
        ItemDraft(
            item_id=stored_id(item),
            front=record.front,
            sections=record.sections,
            author_id=editor.id,
            acknowledged=marked.acknowledged,
        )
    )
    add_revision(db, item, "create", record.front, record.sections, editor)
    marked.record(db, editor, item)
    return item


def save_draft(
    db: Session,
    editor: User,
    item: Item,
    front: dict[str, Any],
    sections: dict[str, str],
    version: int,
    fictional: list[str] | None = None,
) -> ItemDraft:
    """Save the working copy; `version` is the draft version the editor started from.
    Refused (nothing written) while the text holds possible personal data that is neither
    marked before nor now (`fictional`: fingerprints of the hits the editor ticked)."""
    current = working_copy(db, item)
    if current.version != version:
        raise EditConflict(current.draft)
    content_type = content_type_of(item)
    front = {**front, "slug": item.slug}
    record = _validated(content_type, front, sections)
    draft = current.draft or ItemDraft(item_id=stored_id(item), front={}, sections={}, version=0)
    marked = guard(record.front, record.sections, draft.acknowledged, fictional)
    draft.acknowledged = marked.acknowledged
    draft.front = record.front
    draft.sections = record.sections
    draft.version += 1
    draft.state = DraftState.DRAFT
    draft.author_id = draft.author_id or editor.id
    draft.updated_at = utcnow()
    db.add(draft)
    add_revision(db, item, "save", record.front, record.sections, editor)
    marked.record(db, editor, item)
    return draft


def text_hits(front: dict[str, Any], sections: dict[str, str]) -> list[PersonalDataHit]:
    """Possible personal data in every text field and section of a version."""
    texts = {name: value for name, value in front.items() if isinstance(value, str)}
    texts |= {f"options.{k}": v for k, v in (front.get("options") or {}).items()}
    texts |= {f"steps.{n}": v for n, v in enumerate(front.get("steps") or [], start=1)}
    texts |= dict(sections)
    return [hit for where, text in texts.items() for hit in scan(text, where)]


def unmarked_hits(
    front: dict[str, Any], sections: dict[str, str], acknowledged: list[str]
) -> list[PersonalDataHit]:
    """Possible personal data in a version that is not marked as fictional."""
    marked = set(acknowledged)
    return [hit for hit in text_hits(front, sections) if hit.fingerprint not in marked]


def personal_data(draft: ItemDraft | WorkingCopy) -> list[PersonalDataHit]:
    """Possible personal data in every text field of a working copy that is not yet marked."""
    acknowledged = getattr(draft, "acknowledged", None) or []
    return unmarked_hits(draft.front, draft.sections, acknowledged)


@dataclass(frozen=True)
class Marked:
    """What the guard let through: the fingerprints marked as fictional from now on, and the
    hits the editor marked in this step (to be recorded in the audit log)."""

    acknowledged: list[str]
    newly: list[PersonalDataHit]

    def record(self, db: Session, editor: User, item: Item) -> None:
        """Audit that the editor marked hits as fictional: their kinds and fields, never the
        text itself (nor its fingerprint, which a list of all BSNs could reverse)."""
        if self.newly:
            audit(
                db,
                editor,
                "content.fictional",
                f"item:{item.slug}",
                count=len(self.newly),
                kinds=sorted({hit.kind for hit in self.newly}),
                fields=sorted({hit.where for hit in self.newly}),
            )


def guard(
    front: dict[str, Any],
    sections: dict[str, str],
    acknowledged: list[str],
    fictional: list[str] | None,
) -> Marked:
    """The personal-data guard before a version is written: PersonalDataFound unless every
    hit was marked as fictional before (`acknowledged`) or is marked now (`fictional`)."""
    hits = text_hits(front, sections)
    before, now = set(acknowledged), set(fictional or [])
    unresolved = [hit for hit in hits if hit.fingerprint not in before | now]
    if unresolved:
        raise PersonalDataFound(unresolved)
    newly = {hit.fingerprint: hit for hit in hits if hit.fingerprint in now - before}
    return Marked(sorted(before | set(newly)), list(newly.values()))


def acknowledge(db: Session, draft: ItemDraft, fingerprints: list[str]) -> None:
    """Mark personal-data hits as fictional (they stay marked while the text is unchanged)."""
    draft.acknowledged = sorted(set(draft.acknowledged) | set(fingerprints))
    db.add(draft)


def _draft_or_fail(db: Session, item: Item) -> ItemDraft:
    draft = working_copy(db, item).draft
    if draft is None:
        raise WorkflowError("Er is geen concept om in te dienen; bewerk het item eerst.")
    return draft


def submit_for_review(
    db: Session, editor: User, item: Item, fictional: list[str] | None = None
) -> ItemDraft:
    """Offer the working copy for review; refused while personal data is unresolved. The
    hits the editor marked as fictional (`fictional`, fingerprints) are remembered first."""
    draft = _draft_or_fail(db, item)
    if fictional:
        acknowledge(db, draft, fictional)
    hits = personal_data(draft)
    if hits:
        raise PersonalDataFound(hits)
    draft.state = DraftState.REVIEW
    draft.submitted_by_id = editor.id
    draft.review_comment = ""
    db.add(draft)
    add_revision(db, item, "submit", draft.front, draft.sections, editor)
    return draft


def restore(
    db: Session, editor: User, item: Item, number: int, fictional: list[str] | None = None
) -> ItemDraft:
    """Make an old revision the working copy again (as a new revision; nothing is lost).
    The personal-data guard runs as for a save; a purged revision cannot be restored."""
    revision = db.exec(
        select(ItemRevision).where(ItemRevision.item_id == item.id, ItemRevision.number == number)
    ).first()
    if revision is None:
        raise WorkflowError(f"Versie {number} van dit item bestaat niet.")
    if revision.purged_at is not None:
        raise WorkflowError(
            f"Versie {number} is verwijderd wegens persoonsgegevens en kan niet worden"
            " teruggezet; kies een andere versie."
        )
    current = working_copy(db, item)
    draft = current.draft or ItemDraft(item_id=stored_id(item), front={}, sections={}, version=0)
    marked = guard(revision.front, revision.sections, draft.acknowledged, fictional)
    draft.acknowledged = marked.acknowledged
    draft.front = {**revision.front, "status": ItemStatus.DRAFT}
    draft.sections = dict(revision.sections)
    draft.version += 1
    draft.state = DraftState.DRAFT
    draft.author_id = draft.author_id or editor.id
    db.add(draft)
    note = RESTORE_NOTE.format(number)
    add_revision(db, item, "restore", draft.front, draft.sections, editor, note)
    audit(db, editor, "content.restore", f"item:{item.slug}", revision=number)
    marked.record(db, editor, item)
    return draft


def content_type_of(item: Item) -> ContentType:
    return CONTENT_TYPES[item.type]
