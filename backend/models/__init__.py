"""SQLModel tables, one module per aggregate."""

from backend.models.account import AuditEntry, LoginSession, User
from backend.models.agenda import SavedAgenda
from backend.models.editorial import ItemDraft, ItemRevision
from backend.models.ids import stored_id
from backend.models.item import Item, ItemTag
from backend.models.live import LiveAnswer, LiveEvent, LiveParticipant, LiveRound, LiveSession
from backend.models.search import SearchChange, log_search_changes

__all__ = [
    "AuditEntry",
    "Item",
    "ItemDraft",
    "ItemRevision",
    "ItemTag",
    "LiveAnswer",
    "LiveEvent",
    "LiveParticipant",
    "LiveRound",
    "LiveSession",
    "LoginSession",
    "SavedAgenda",
    "SearchChange",
    "User",
    "log_search_changes",
    "stored_id",
]
