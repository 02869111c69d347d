"""Links built from route names: site-relative paths for pages, redirects and templates
(`path_for`), and absolute links for things people copy, scan or receive by e-mail (join
links, QR codes, projector and report links, invitations)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from jinja2 import pass_context

from backend.web.deps import remembered_paths_of, settings_of

# Paths remembered per app: Starlette looks a name up by trying every route in turn, and a
# page builds dozens of links (its menu alone a dozen); under bench/load.py that search was a
# sixth of the server's CPU. The same few thousand paths come back again and again.
MAX_REMEMBERED_PATHS = 10_000


def path_for(request: Request, name: str, **params: Any) -> str:
    """The path of the named route on this site, e.g. '/live/12' for ('live_lead',
    session_id=12): relative, so it is right behind any proxy."""
    remembered = remembered_paths_of(request)
    key = (name, *sorted(params.items()))
    path = remembered.get(key)
    if path is None:
        path = str(request.app.url_path_for(name, **params))
        if len(remembered) >= MAX_REMEMBERED_PATHS:
            remembered.clear()
        remembered[key] = path
    return path


@pass_context
def template_path_for(context: Any, name: str, **params: Any) -> str:
    """`path_for` in templates: `{{ path_for("live_lead", session_id=view.live.id) }}`."""
    return path_for(context["request"], name, **params)


def absolute_url(request: Request, name: str, **params: str) -> str:
    """The route's full address: on the configured DT_BASE_URL when set, so a forged Host
    header can never put another site's address in a QR code or an invitation."""
    base = settings_of(request).base_url.rstrip("/")
    if base:
        return base + path_for(request, name, **params)
    return str(request.url_for(name, **params))


@pass_context
def template_absolute_url(context: Any, name: str, **params: Any) -> str:
    """`absolute_url` in templates, for links shown to copy."""
    return absolute_url(context["request"], name, **params)
