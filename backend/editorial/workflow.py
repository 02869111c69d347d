"""The editorial workflow: draft → review → published → archived, with full history.

Every operation writes a revision (and, for publications, archiving and restores, an audit
entry) in the caller's transaction. The published item stays as it is while its working
copy is edited and reviewed. The steps that change the published item (approve, publish
directly, archive) are carried out through `editorial.publishing`, which commits and then
updates the search index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, func, select, update

from backend.accounts.service import audit, has_role
from backend.clock import utcnow
from backend.content.store import save_record
from backend.content.types import CONTENT_TYPES, ContentType
from backend.content.validate import FieldError, ItemRecord, validate_item
from backend.editorial.privacy import Hit, scan
from backend.models import Item, ItemDraft, ItemRevision, User, stored_id

STATES = {"draft": "Concept", "review": "Ter beoordeling"}

# Revisions that hold the working copy's text, and those that write it.
DRAFT_ACTIONS = ("create", "save", "submit", "send_back", "restore")
WRITING_ACTIONS = ("create", "save", "restore")
RESTORE_NOTE = "versie {}"  # the note of a restore revision names the version put back

WROTE_IT = (
    "U hebt aan deze versie meegeschreven en kunt haar daarom niet zelf goedkeuren (vier ogen)."
    " Een andere redacteur moet deze versie goedkeuren: vraag een collega die er niet aan"
    " schreef."
)
SUBMITTED_IT = (
    "U hebt deze versie ingediend en kunt haar daarom niet zelf goedkeuren (vier ogen)."
    " Een andere redacteur moet deze versie goedkeuren: vraag een collega die haar niet"
    " schreef of indiende."
)
NO_VERSION = (
    "Het formulier zegt niet welke versie u hebt beoordeeld, dus er is niets gepubliceerd."
    " Open het item opnieuw en keur de versie goed die u dan ziet."
)
UNKNOWN_VERSION = (
    "Versie {} van dit item bestaat niet, dus er is niets gepubliceerd. Open het item opnieuw"
    " en keur de versie goed die u dan ziet."
)


class WorkflowError(ValueError):
    """An operation that is not allowed in the item's state or for this user (Dutch)."""


class InvalidItem(WorkflowError):
    """The submitted fields do not pass validation; nothing was saved."""

    def __init__(self, errors: list[FieldError]):
        super().__init__("Het item is niet opgeslagen: verbeter de gemarkeerde velden.")
        self.errors = errors


class EditConflict(WorkflowError):
    """Someone else saved the item after this editor opened it; nothing was overwritten."""

    def __init__(self, theirs: ItemDraft | None):
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


class ApprovalConflict(WorkflowError):
    """The item changed after the reviewer opened it; nothing was published."""

    def __init__(self, number: int, seen: ItemRevision, current: WorkingCopy):
        super().__init__(
            f"Er is een nieuwere versie van dit item dan versie {number}, die u beoordeelde."
            " Er is niets gepubliceerd. Vergelijk beide versies hieronder, open het item"
            " opnieuw en beoordeel de nieuwste versie."
        )
        self.seen = seen
        self.current = current


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
    record, errors = validate_item(content_type, {**front, "status": "draft"}, sections)
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


def _revision(
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
) -> Item:
    """A new, unpublished item with its first draft."""
    record = _validated(content_type, front, sections)
    if db.exec(select(Item).where(Item.slug == record.slug)).first():
        raise InvalidItem(
            [FieldError("slug", f"de slug '{record.slug}' is al in gebruik; kies een andere.")]
        )
    save_record(db, record)
    item = db.exec(select(Item).where(Item.slug == record.slug)).one()
    db.add(
        ItemDraft(
            item_id=stored_id(item),
            front=record.front,
            sections=record.sections,
            author_id=editor.id,
        )
    )
    _revision(db, item, "create", record.front, record.sections, editor)
    return item


def save_draft(
    db: Session,
    editor: User,
    item: Item,
    front: dict[str, Any],
    sections: dict[str, str],
    version: int,
) -> ItemDraft:
    """Save the working copy; `version` is the draft version the editor started from."""
    current = working_copy(db, item)
    if current.version != version:
        raise EditConflict(current.draft)
    content_type = _content_type(item)
    front = {**front, "slug": item.slug}
    record = _validated(content_type, front, sections)
    draft = current.draft or ItemDraft(item_id=stored_id(item), front={}, sections={}, version=0)
    draft.front = record.front
    draft.sections = record.sections
    draft.version += 1
    draft.state = "draft"
    draft.author_id = draft.author_id or editor.id
    draft.updated_at = utcnow()
    db.add(draft)
    _revision(db, item, "save", record.front, record.sections, editor)
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
    draft.state = "review"
    draft.submitted_by_id = editor.id
    draft.review_comment = ""
    db.add(draft)
    _revision(db, item, "submit", draft.front, draft.sections, editor)
    return draft


def send_back(db: Session, reviewer: User, item: Item, comment: str) -> ItemDraft:
    draft = _in_review(db, item)
    comment = " ".join(comment.split())[:2000]
    if not comment:
        raise WorkflowError("Schrijf erbij wat er nog moet gebeuren, zodat de auteur verder kan.")
    draft.state = "draft"
    draft.review_comment = comment
    db.add(draft)
    _revision(db, item, "send_back", draft.front, draft.sections, reviewer, comment)
    return draft


def version_authors(db: Session, item: Item, number: int | None = None) -> set[int]:
    """Who wrote the unpublished part of version `number` (default: the newest): every editor
    whose creation, save or restore changed the text since the publication before it; a
    restore also brings in the authors of the version it put back."""
    query = select(ItemRevision).where(ItemRevision.item_id == item.id)
    if number is not None:
        query = query.where(ItemRevision.number <= number)
    authors: set[int] = set()
    previous = None
    for revision in db.exec(query.order_by(col(ItemRevision.number))):
        text = _text(revision)
        if revision.action == "publish":
            authors = set()
        elif revision.action in WRITING_ACTIONS and text != previous:
            if revision.author_id is not None:
                authors.add(revision.author_id)
            authors |= _restored_authors(db, item, revision)
        if revision.action != "archive":  # archiving leaves the working copy as it was
            previous = text
    return authors


def _text(revision: ItemRevision) -> tuple[dict[str, Any], dict[str, str]]:
    """A revision's text without its status, to tell whether a save changed anything."""
    return {k: v for k, v in revision.front.items() if k != "status"}, revision.sections


def _restored_authors(db: Session, item: Item, revision: ItemRevision) -> set[int]:
    pattern = RESTORE_NOTE.format(r"(\d+)")
    match = re.fullmatch(pattern, revision.note) if revision.action == "restore" else None
    if match is None or int(match[1]) >= revision.number:
        return set()
    return version_authors(db, item, int(match[1]))


def _refusal(reviewer: User, draft: ItemDraft, authors: set[int]) -> str | None:
    """Why `reviewer` may not approve this version (four eyes), or None if they may."""
    if reviewer.id in authors:
        return WROTE_IT
    if draft.submitted_by_id == reviewer.id:
        return SUBMITTED_IT
    return None


@dataclass
class ReviewInfo:
    """What the review form shows: the version under review, who wrote and who submitted it,
    and why this user may not approve it (None when they may)."""

    version: int
    authors: list[User]
    submitted_by: User | None
    refusal: str | None


def review_info(db: Session, user: User, item: Item) -> ReviewInfo:
    """The review form's facts for `user`; authors and refusal only while in review."""
    draft = working_copy(db, item).draft
    version = newest_version(db, item)
    if draft is None or draft.state != "review":
        return ReviewInfo(version, [], None, None)
    authors = version_authors(db, item)
    writers = db.exec(select(User).where(col(User.id).in_(authors)).order_by(User.email))
    submitter = db.get(User, draft.submitted_by_id) if draft.submitted_by_id else None
    return ReviewInfo(version, list(writers), submitter, _refusal(user, draft, authors))


def approve(db: Session, reviewer: User, item: Item, seen: int | None) -> Item:
    """Publish the version under review that the reviewer saw (`seen`: the newest version
    when the page was shown). Nobody who wrote or submitted that version may approve it."""
    draft = _unchanged_since(db, item, seen)
    if draft is None or draft.state != "review":
        raise WorkflowError("Dit item staat niet ter beoordeling.")
    refusal = _refusal(reviewer, draft, version_authors(db, item))
    if refusal:
        raise WorkflowError(refusal)
    return _publish(db, reviewer, item, draft)


def publish_directly(db: Session, admin: User, item: Item, seen: int | None) -> Item:
    """Publish without review: only for admins, only where the site allows it, and only the
    version the admin saw (`seen`)."""
    if not has_role(admin, "admin"):
        raise WorkflowError("Alleen een beheerder kan direct publiceren.")
    draft = _unchanged_since(db, item, seen)
    if draft is None:
        raise WorkflowError("Er is geen concept om te publiceren; bewerk het item eerst.")
    return _publish(db, admin, item, draft)


def _unchanged_since(db: Session, item: Item, seen: int | None) -> ItemDraft | None:
    """The working copy, if it is still version `seen`; it stays locked until commit.
    A newer version raises ApprovalConflict; a version that never existed, WorkflowError."""
    if seen is None:
        raise WorkflowError(NO_VERSION)
    draft = working_copy(db, item).draft
    held = _hold(db, draft)
    newest = newest_version(db, item)
    shown = db.exec(
        select(ItemRevision)
        .where(
            ItemRevision.item_id == item.id,
            ItemRevision.number <= seen,
            col(ItemRevision.action).in_(DRAFT_ACTIONS),
        )
        .order_by(col(ItemRevision.number).desc())
    ).first()
    if seen > newest or shown is None:
        raise WorkflowError(UNKNOWN_VERSION.format(seen))
    if seen < newest or not held:
        db.expire_all()
        raise ApprovalConflict(seen, shown, working_copy(db, item))
    return draft


def _hold(db: Session, draft: ItemDraft | None) -> bool:
    """Take the write lock on the working copy before it is checked, so it cannot change
    between the checks and the publication; False if it changed since it was read."""
    if draft is None:
        return True
    held = db.exec(
        update(ItemDraft)
        .where(
            col(ItemDraft.id) == draft.id,
            col(ItemDraft.version) == draft.version,
            col(ItemDraft.state) == draft.state,
        )
        .values(version=draft.version)
    )
    return held.rowcount == 1


def _publish(db: Session, user: User, item: Item, draft: ItemDraft) -> Item:
    hits = personal_data(draft)
    if hits:
        raise PersonalDataFound(hits)
    record = ItemRecord(_content_type(item), {**draft.front, "status": "published"}, draft.sections)
    save_record(db, record)
    db.delete(draft)
    _revision(db, item, "publish", record.front, record.sections, user)
    audit(db, user, "content.publish", f"item:{item.slug}")
    return item


def archive(db: Session, editor: User, item: Item) -> Item:
    if item.status == "archived":
        raise WorkflowError("Dit item is al gearchiveerd.")
    record = ItemRecord(_content_type(item), {**item.front, "status": "archived"}, item.sections)
    save_record(db, record)
    _revision(db, item, "archive", record.front, record.sections, editor)
    audit(db, editor, "content.archive", f"item:{item.slug}")
    return item


def restore(db: Session, editor: User, item: Item, number: int) -> ItemDraft:
    """Make an old revision the working copy again (as a new revision; nothing is lost)."""
    revision = db.exec(
        select(ItemRevision).where(ItemRevision.item_id == item.id, ItemRevision.number == number)
    ).first()
    if revision is None:
        raise WorkflowError(f"Versie {number} van dit item bestaat niet.")
    current = working_copy(db, item)
    draft = current.draft or ItemDraft(item_id=stored_id(item), front={}, sections={}, version=0)
    draft.front = {**revision.front, "status": "draft"}
    draft.sections = dict(revision.sections)
    draft.version += 1
    draft.state = "draft"
    draft.author_id = draft.author_id or editor.id
    db.add(draft)
    note = RESTORE_NOTE.format(number)
    _revision(db, item, "restore", draft.front, draft.sections, editor, note)
    audit(db, editor, "content.restore", f"item:{item.slug}", revision=number)
    return draft


def _in_review(db: Session, item: Item) -> ItemDraft:
    draft = working_copy(db, item).draft
    if draft is None or draft.state != "review":
        raise WorkflowError("Dit item staat niet ter beoordeling.")
    return draft


def _content_type(item: Item) -> ContentType:
    return CONTENT_TYPES[item.type]
