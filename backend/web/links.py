"""Absolute links for things people copy, scan or receive by e-mail (join links, QR codes,
projector and report links, invitations)."""

from __future__ import annotations

from fastapi import Request


def absolute_url(request: Request, name: str, **params: str) -> str:
    """The route's full address: on the configured DT_BASE_URL when set, so a forged Host
    header can never put another site's address in a QR code or an invitation."""
    base: str = request.app.state.settings.base_url.rstrip("/")
    if base:
        return base + str(request.app.url_path_for(name, **params))
    return str(request.url_for(name, **params))
