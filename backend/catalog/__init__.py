"""Browsing the published collection: lists with filters, details, relations."""
