"""SQLModel tables, one module per aggregate."""

from backend.models.account import AuditEntry, LoginSession, User
from backend.models.item import Item, ItemTag

__all__ = ["AuditEntry", "Item", "ItemTag", "LoginSession", "User"]
