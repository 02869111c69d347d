"""The editorial workflow: draft → review → published → archived, with full history.

Every operation writes a revision (and, for publications, archiving and restores, an audit
entry) in the caller's transaction. The published item stays as it is while its working
copy is edited and reviewed. The caller commits and then updates the search index.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, func, select

from backend.accounts.service import audit, has_role
from backend.content.store import save_record
from backend.content.types import CONTENT_TYPES, ContentType
from backend.content.validate import FieldError, ItemRecord, validate_item
from backend.editorial.privacy import Hit, scan
from backend.models import Item, ItemDraft, ItemRevision, User
from backend.models.item import utcnow

STATES = {"draft": "Concept", "review": "Ter beoordeling"}


class WorkflowError(ValueError):
    """An operation that is not allowed in the item's state or for this user (Dutch)."""


class InvalidItem(WorkflowError):
    """The submitted fields do not pass validation; nothing was saved."""

    def __init__(self, errors: list[FieldError]):
        super().__init__("Het item is niet opgeslagen: verbeter de gemarkeerde velden.")
        self.errors = errors


class EditConflict(WorkflowError):
    """Someone else saved the item after this editor opened it; nothing was overwritten."""

    def __init__(self, theirs: ItemDraft):
        super().__init__(
            "Iemand anders heeft dit item opgeslagen nadat u het opende. Uw wijzigingen zijn"
            " niet opgeslagen; vergelijk beide versies hieronder."
        )
        self.theirs = theirs


class PersonalDataFound(WorkflowError):
    """The text contains possible personal data that is neither removed nor marked fictional."""

    def __init__(self, hits: list[Hit]):
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


def working_copy(session: Session, item: Item) -> WorkingCopy:
    draft = session.exec(select(ItemDraft).where(ItemDraft.item_id == item.id)).first()
    source = draft or item
    return WorkingCopy(item, draft, dict(source.front), dict(source.sections))


def _validated(content_type: ContentType, front: dict, sections: dict) -> ItemRecord:
    record, errors = validate_item(content_type, {**front, "status": "draft"}, sections)
    if errors:
        raise InvalidItem(errors)
    return record


def _revision(session: Session, item: Item, action: str, front, sections, user, note="") -> None:
    number = session.exec(
        select(func.coalesce(func.max(ItemRevision.number), 0)).where(
            ItemRevision.item_id == item.id
        )
    ).one()
    session.add(
        ItemRevision(
            item_id=item.id,
            number=number + 1,
            action=action,
            front=dict(front),
            sections=dict(sections),
            author_id=user.id if user else None,
            note=note,
        )
    )


def create_item(
    session: Session, editor: User, content_type: ContentType, front: dict, sections: dict
) -> Item:
    """A new, unpublished item with its first draft."""
    record = _validated(content_type, front, sections)
    if session.exec(select(Item).where(Item.slug == record.slug)).first():
        raise InvalidItem(
            [FieldError("slug", f"de slug '{record.slug}' is al in gebruik; kies een andere.")]
        )
    save_record(session, record)
    item = session.exec(select(Item).where(Item.slug == record.slug)).one()
    session.add(
        ItemDraft(
            item_id=item.id, front=record.front, sections=record.sections, author_id=editor.id
        )
    )
    _revision(session, item, "create", record.front, record.sections, editor)
    return item


def save_draft(
    session: Session, editor: User, item: Item, front: dict, sections: dict, version: int
) -> ItemDraft:
    """Save the working copy; `version` is the draft version the editor started from."""
    current = working_copy(session, item)
    if current.version != version:
        raise EditConflict(current.draft)
    content_type = _content_type(item)
    front = {**front, "slug": item.slug}
    record = _validated(content_type, front, sections)
    draft = current.draft or ItemDraft(item_id=item.id, front={}, sections={}, version=0)
    draft.front = record.front
    draft.sections = record.sections
    draft.version += 1
    draft.state = "draft"
    draft.author_id = draft.author_id or editor.id
    draft.updated_at = utcnow()
    session.add(draft)
    _revision(session, item, "save", record.front, record.sections, editor)
    return draft


def personal_data(draft: ItemDraft | WorkingCopy) -> list[Hit]:
    """Possible personal data in every text field of a working copy that is not yet marked."""
    texts = {name: value for name, value in draft.front.items() if isinstance(value, str)}
    texts |= {f"options.{k}": v for k, v in (draft.front.get("options") or {}).items()}
    texts |= {f"steps.{n}": v for n, v in enumerate(draft.front.get("steps") or [], start=1)}
    texts |= dict(draft.sections)
    acknowledged = set(getattr(draft, "acknowledged", None) or [])
    return [
        hit
        for where, text in texts.items()
        for hit in scan(text, where)
        if hit.fingerprint not in acknowledged
    ]


def acknowledge(session: Session, draft: ItemDraft, fingerprints: list[str]) -> None:
    """Mark personal-data hits as fictional (they stay marked while the text is unchanged)."""
    draft.acknowledged = sorted(set(draft.acknowledged) | set(fingerprints))
    session.add(draft)


def _draft_or_fail(session: Session, item: Item) -> ItemDraft:
    draft = working_copy(session, item).draft
    if draft is None:
        raise WorkflowError("Er is geen concept om in te dienen; bewerk het item eerst.")
    return draft


def submit_for_review(session: Session, editor: User, item: Item) -> ItemDraft:
    """Offer the working copy for review; refused while personal data is unresolved."""
    draft = _draft_or_fail(session, item)
    hits = personal_data(draft)
    if hits:
        raise PersonalDataFound(hits)
    draft.state = "review"
    draft.submitted_by_id = editor.id
    draft.review_comment = ""
    session.add(draft)
    _revision(session, item, "submit", draft.front, draft.sections, editor)
    return draft


def send_back(session: Session, reviewer: User, item: Item, comment: str) -> ItemDraft:
    draft = _in_review(session, item)
    comment = " ".join(comment.split())[:2000]
    if not comment:
        raise WorkflowError("Schrijf erbij wat er nog moet gebeuren, zodat de auteur verder kan.")
    draft.state = "draft"
    draft.review_comment = comment
    session.add(draft)
    _revision(session, item, "send_back", draft.front, draft.sections, reviewer, comment)
    return draft


def approve(session: Session, reviewer: User, item: Item, allow_own: bool = False) -> Item:
    """Publish the reviewed working copy. The reviewer may not be the one who submitted it
    (unless `allow_own`, for admins when direct publication is configured)."""
    draft = _in_review(session, item)
    if draft.submitted_by_id == reviewer.id and not allow_own:
        raise WorkflowError(
            "U hebt dit item zelf ingediend. Een andere redacteur beoordeelt het (vier ogen)."
        )
    return _publish(session, reviewer, item, draft)


def publish_directly(session: Session, admin: User, item: Item) -> Item:
    """Publish without review: only for admins, only where the site allows it."""
    if not has_role(admin, "admin"):
        raise WorkflowError("Alleen een beheerder kan direct publiceren.")
    draft = _draft_or_fail(session, item)
    return _publish(session, admin, item, draft)


def _publish(session: Session, user: User, item: Item, draft: ItemDraft) -> Item:
    hits = personal_data(draft)
    if hits:
        raise PersonalDataFound(hits)
    record = ItemRecord(_content_type(item), {**draft.front, "status": "published"}, draft.sections)
    save_record(session, record)
    session.delete(draft)
    _revision(session, item, "publish", record.front, record.sections, user)
    audit(session, user, "content.publish", f"item:{item.slug}")
    return item


def archive(session: Session, editor: User, item: Item) -> Item:
    if item.status == "archived":
        raise WorkflowError("Dit item is al gearchiveerd.")
    record = ItemRecord(_content_type(item), {**item.front, "status": "archived"}, item.sections)
    save_record(session, record)
    _revision(session, item, "archive", record.front, record.sections, editor)
    audit(session, editor, "content.archive", f"item:{item.slug}")
    return item


def restore(session: Session, editor: User, item: Item, number: int) -> ItemDraft:
    """Make an old revision the working copy again (as a new revision; nothing is lost)."""
    revision = session.exec(
        select(ItemRevision).where(ItemRevision.item_id == item.id, ItemRevision.number == number)
    ).first()
    if revision is None:
        raise WorkflowError(f"Versie {number} van dit item bestaat niet.")
    current = working_copy(session, item)
    draft = current.draft or ItemDraft(item_id=item.id, front={}, sections={}, version=0)
    draft.front = {**revision.front, "status": "draft"}
    draft.sections = dict(revision.sections)
    draft.version += 1
    draft.state = "draft"
    draft.author_id = draft.author_id or editor.id
    session.add(draft)
    _revision(session, item, "restore", draft.front, draft.sections, editor, f"versie {number}")
    audit(session, editor, "content.restore", f"item:{item.slug}", revision=number)
    return draft


def revisions(session: Session, item: Item) -> list[ItemRevision]:
    return list(
        session.exec(
            select(ItemRevision)
            .where(ItemRevision.item_id == item.id)
            .order_by(col(ItemRevision.number).desc())
        )
    )


def _in_review(session: Session, item: Item) -> ItemDraft:
    draft = working_copy(session, item).draft
    if draft is None or draft.state != "review":
        raise WorkflowError("Dit item staat niet ter beoordeling.")
    return draft


def _content_type(item: Item) -> ContentType:
    return CONTENT_TYPES[item.type]
