"""The Jinja2 environment: template folder, filters and globals shared by all pages."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from fastapi import Request, Response
from fastapi.templating import Jinja2Templates

from backend import vocabulary
from backend.clock import as_local
from backend.config import SHIPPED_ROOT
from backend.content.types import CONTENT_TYPES, RECUSAL
from backend.rendering import render_markdown
from backend.web.auth import Viewer

TEMPLATE_DIR = SHIPPED_ROOT / "templates"

VOCABULARIES_BY_FIELD = {
    **vocabulary.ALL,
    "secrecy_issues": vocabulary.SECRECY_ISSUES,
    "member_role": vocabulary.ROLES,
    "recusal_required": RECUSAL,
}


def label(value: object, field: str) -> str:
    """The Dutch label of a value of a field (the value itself if it has no vocabulary)."""
    vocab = VOCABULARIES_BY_FIELD.get(field)
    if isinstance(value, bool):
        return "Ja" if value else "Nee"
    return vocab.label_of(str(value)) if vocab else str(value)


def is_htmx(request: Request) -> bool:
    """True for an htmx request that wants a fragment (not a history restore)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def viewer(request: Request) -> Viewer | None:
    """The logged-in user of this request, if a route looked it up."""
    return getattr(request.state, "user", None)


def csrf_token(request: Request) -> str:
    return getattr(request.state, "csrf_token", "")


def render(
    request: Request, template: str, context: dict[str, Any], status_code: int = 200
) -> Response:
    """A page or fragment from the app's templates."""
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, template, context, status_code=status_code)


def local_time(moment: datetime | None) -> str:
    """'19:45' in Dutch time, for a stored (UTC) moment."""
    return as_local(moment).strftime("%H:%M") if moment else ""


def local_date(moment: datetime | None) -> str:
    """'15-03-2027' in Dutch time."""
    return as_local(moment).strftime("%d-%m-%Y") if moment else ""


def clock(seconds: int) -> str:
    """Seconds as 'm:ss', with a minus sign when time has run out."""
    sign, seconds = ("-" if seconds < 0 else ""), abs(int(seconds))
    return f"{sign}{seconds // 60}:{seconds % 60:02d}"


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATE_DIR))
    env = templates.env
    env.filters["markdown"] = render_markdown
    env.filters["label"] = label
    env.filters["urlencode_pairs"] = urlencode
    env.filters["local_time"] = local_time
    env.filters["local_date"] = local_date
    env.filters["clock"] = clock
    env.globals["vocab"] = vocabulary
    env.globals["content_types"] = CONTENT_TYPES
    env.globals["site_name"] = "Dilemmatafel"
    env.globals["viewer"] = viewer
    env.globals["csrf_token"] = csrf_token
    return templates
