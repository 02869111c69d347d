"""Review decisions: sending back, approving (four eyes), publishing directly, archiving.

Nobody who wrote any unpublished part of a version, or submitted it, may approve it; an
approval names the version the reviewer saw, so a newer one is never published unseen. The
steps that change the published item are carried out through `editorial.publishing`, which
commits and then updates the search index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select, update

from backend.accounts.service import audit, has_role
from backend.content.store import save_record
from backend.content.validate import ItemRecord
from backend.editorial.drafts import (
    DRAFT_ACTIONS,
    RESTORE_NOTE,
    WRITING_ACTIONS,
    PersonalDataFound,
    WorkflowError,
    WorkingCopy,
    add_revision,
    content_type_of,
    newest_version,
    personal_data,
    working_copy,
)
from backend.errors import Conflict
from backend.models import Item, ItemDraft, ItemRevision, User
from backend.models.account import Role
from backend.models.editorial import DraftState
from backend.models.item import ItemStatus

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


class ApprovalConflict(Conflict, WorkflowError):
    """The item changed after the reviewer opened it; nothing was published."""

    def __init__(self, number: int, seen: ItemRevision, current: WorkingCopy):
        super().__init__(
            f"Er is een nieuwere versie van dit item dan versie {number}, die u beoordeelde."
            " Er is niets gepubliceerd. Vergelijk beide versies hieronder, open het item"
            " opnieuw en beoordeel de nieuwste versie."
        )
        self.seen = seen
        self.current = current


def send_back(db: Session, reviewer: User, item: Item, comment: str) -> ItemDraft:
    draft = _in_review(db, item)
    comment = " ".join(comment.split())[:2000]
    if not comment:
        raise WorkflowError("Schrijf erbij wat er nog moet gebeuren, zodat de auteur verder kan.")
    draft.state = DraftState.DRAFT
    draft.review_comment = comment
    db.add(draft)
    add_revision(db, item, "send_back", draft.front, draft.sections, reviewer, comment)
    return draft


def _in_review(db: Session, item: Item) -> ItemDraft:
    draft = working_copy(db, item).draft
    if draft is None or draft.state != DraftState.REVIEW:
        raise WorkflowError("Dit item staat niet ter beoordeling.")
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
    if draft is None or draft.state != DraftState.REVIEW:
        return ReviewInfo(version, [], None, None)
    authors = version_authors(db, item)
    writers = db.exec(select(User).where(col(User.id).in_(authors)).order_by(User.email))
    submitter = db.get(User, draft.submitted_by_id) if draft.submitted_by_id else None
    return ReviewInfo(version, list(writers), submitter, _refusal(user, draft, authors))


def approve(db: Session, reviewer: User, item: Item, seen: int | None) -> Item:
    """Publish the version under review that the reviewer saw (`seen`: the newest version
    when the page was shown). Nobody who wrote or submitted that version may approve it."""
    draft = _unchanged_since(db, item, seen)
    if draft is None or draft.state != DraftState.REVIEW:
        raise WorkflowError("Dit item staat niet ter beoordeling.")
    refusal = _refusal(reviewer, draft, version_authors(db, item))
    if refusal:
        raise WorkflowError(refusal)
    return _publish(db, reviewer, item, draft)


def publish_directly(db: Session, admin: User, item: Item, seen: int | None) -> Item:
    """Publish without review: only for admins, only where the site allows it, and only the
    version the admin saw (`seen`)."""
    if not has_role(admin, Role.ADMIN):
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
    record = ItemRecord(
        content_type_of(item), {**draft.front, "status": ItemStatus.PUBLISHED}, draft.sections
    )
    save_record(db, record)
    db.delete(draft)
    add_revision(db, item, "publish", record.front, record.sections, user)
    audit(db, user, "content.publish", f"item:{item.slug}")
    return item


def archive(db: Session, editor: User, item: Item) -> Item:
    if item.status == ItemStatus.ARCHIVED:
        raise WorkflowError("Dit item is al gearchiveerd.")
    record = ItemRecord(
        content_type_of(item), {**item.front, "status": ItemStatus.ARCHIVED}, item.sections
    )
    save_record(db, record)
    add_revision(db, item, "archive", record.front, record.sections, editor)
    audit(db, editor, "content.archive", f"item:{item.slug}")
    return item
