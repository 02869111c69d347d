"""SQLModel tables, one module per aggregate."""

from backend.models.account import AuditEntry, LoginSession, User
from backend.models.agenda import SavedAgenda
from backend.models.editorial import ItemDraft, ItemRevision
from backend.models.ids import stored_id
from backend.models.item import Item, ItemTag
from backend.models.live import LiveAnswer, LiveEvent, LiveParticipant, LiveRound, LiveSession
from backend.models.search import SearchChange, log_search_changes
from backend.models.shared import LimitHit, LivePresence, LoginFailure

__all__ = [
    "AuditEntry",
    "Item",
    "ItemDraft",
    "ItemRevision",
    "ItemTag",
    "LimitHit",
    "LiveAnswer",
    "LiveEvent",
    "LiveParticipant",
    "LivePresence",
    "LiveRound",
    "LiveSession",
    "LoginFailure",
    "LoginSession",
    "SavedAgenda",
    "SearchChange",
    "User",
    "log_search_changes",
    "stored_id",
]
