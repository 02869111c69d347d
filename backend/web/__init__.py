"""Routers: HTML pages (with htmx fragments) and the JSON API."""
