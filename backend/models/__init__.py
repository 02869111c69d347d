"""SQLModel tables, one module per aggregate."""

from backend.models.item import Item, ItemTag

__all__ = ["Item", "ItemTag"]
