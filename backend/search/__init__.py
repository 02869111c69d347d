"""Full-text search in Dutch over the whole collection (Whoosh)."""
