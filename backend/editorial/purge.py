"""Purging a revision: an admin removes personal data that slipped into an item's history.

The revision row stays (its number, action, author and time keep the history readable and
the version numbers stable), but its front matter and sections are emptied and it is
marked `purged_at`. The history shows it as "verwijderd wegens persoonsgegevens", diffs skip
it, and it cannot be restored. Who purged which revision, when and why is in the audit log;
the removed text is not.

Two revisions cannot be purged, because purging their copy would leave the same text in
place and suggest it was gone: the newest revision and the one the working copy holds (what
the editor sees), and the newest publication while the item is published or archived (the
item row holds that text). Replace the text first by saving (and publishing) a corrected
version; then purge.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from backend.accounts.service import audit, has_role
from backend.clock import utcnow
from backend.editorial.drafts import (
    DRAFT_ACTIONS,
    WorkflowError,
    newest_version,
    text_hits,
    working_copy,
)
from backend.errors import Forbidden
from backend.models import Item, ItemRevision, User
from backend.models.account import Role
from backend.models.item import ItemStatus

MAX_REASON_CHARS = 500
PURGED_NOTE = "verwijderd wegens persoonsgegevens"


class PurgeRefused(WorkflowError):
    """A purge that is not allowed or not complete (Dutch reason); nothing was removed."""


def current_publication(db: Session, item: Item) -> int | None:
    """The number of the revision whose text the item row holds, if it is published or
    archived: the newest publication."""
    if item.status not in (ItemStatus.PUBLISHED, ItemStatus.ARCHIVED):
        return None
    return db.exec(
        select(ItemRevision.number)
        .where(ItemRevision.item_id == item.id, col(ItemRevision.action) == "publish")
        .order_by(col(ItemRevision.number).desc())
    ).first()


def working_version(db: Session, item: Item) -> int | None:
    """The number of the revision whose text the working copy holds, if there is one."""
    if working_copy(db, item).draft is None:
        return None
    return db.exec(
        select(ItemRevision.number)
        .where(ItemRevision.item_id == item.id, col(ItemRevision.action).in_(DRAFT_ACTIONS))
        .order_by(col(ItemRevision.number).desc())
    ).first()


def protected_versions(db: Session, item: Item) -> set[int]:
    """Revisions that cannot be purged now (see the module's docstring)."""
    protected = {
        newest_version(db, item),
        working_version(db, item),
        current_publication(db, item),
    }
    return {number for number in protected if number}


def purge_revision(db: Session, admin: User, item: Item, number: int, reason: str) -> ItemRevision:
    """Empty revision `number` of `item` and audit it (who, which revision, why; not the
    text). Only admins; a reason is required."""
    if not has_role(admin, Role.ADMIN):
        raise Forbidden("Alleen een beheerder kan een versie verwijderen.")
    reason = " ".join(reason.split())
    if not reason:
        raise PurgeRefused(
            "Geef een reden op waarom deze versie wordt verwijderd, bijvoorbeeld welk soort"
            " persoonsgegeven erin stond. De reden komt in het auditlogboek."
        )
    if len(reason) > MAX_REASON_CHARS:
        raise PurgeRefused(f"De reden is te lang; houd het bij {MAX_REASON_CHARS} tekens.")
    revision = db.exec(
        select(ItemRevision).where(ItemRevision.item_id == item.id, ItemRevision.number == number)
    ).first()
    if revision is None:
        raise PurgeRefused(f"Versie {number} van dit item bestaat niet.")
    if revision.purged_at is not None:
        raise PurgeRefused(f"Versie {number} is al verwijderd.")
    if number in protected_versions(db, item):
        raise PurgeRefused(
            f"Versie {number} is de tekst die nu geldt (de werkversie of de gepubliceerde"
            " versie) en kan nog niet worden verwijderd. Haal de persoonsgegevens eerst uit de"
            " tekst: sla een verbeterde versie op (en publiceer die). Daarna kunt u deze"
            " versie verwijderen."
        )
    _forget_markings(db, item, revision)
    revision.front, revision.sections = {}, {}
    revision.purged_at = utcnow()
    db.add(revision)
    audit(db, admin, "content.purge", f"item:{item.slug}", revision=number, reason=reason)
    return revision


def _forget_markings(db: Session, item: Item, revision: ItemRevision) -> None:
    """Drop the working copy's "fictional" marks of what the purged text held: a mark is a
    short hash of the datum, and a BSN's could be found again by trying every valid BSN."""
    draft = working_copy(db, item).draft
    if draft is None:
        return
    purged = {hit.fingerprint for hit in text_hits(revision.front, revision.sections)}
    draft.acknowledged = [mark for mark in draft.acknowledged if mark not in purged]
    db.add(draft)
