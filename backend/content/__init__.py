"""Content files <-> database: parse, validate, import, export."""
