"""The Jinja2 environment: template folder, filters and globals shared by all pages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from fastapi import Request, Response
from fastapi.templating import Jinja2Templates

from backend import vocabulary
from backend.clock import as_local
from backend.config import SHIPPED_ROOT
from backend.content.types import CONTENT_TYPES, RECUSAL
from backend.models.account import ROLE_LABELS
from backend.models.editorial import DRAFT_STATE_LABELS
from backend.models.live import LIVE_STATUS_LABELS, ROUND_STATE_LABELS
from backend.rendering import render_markdown
from backend.web.auth import Viewer
from backend.web.deps import templates_of
from backend.web.links import template_absolute_url, template_path_for
from backend.wording import plural

TEMPLATE_DIR = SHIPPED_ROOT / "templates"

VOCABULARIES_BY_FIELD = {
    **vocabulary.ALL,
    "secrecy_issues": vocabulary.SECRECY_ISSUES,
    "member_role": vocabulary.ROLES,
    "recusal_required": RECUSAL,
}
# The Dutch labels of the codes the application itself stores (states, roles).
CODE_LABELS: dict[str, dict[str, str]] = {
    "role": ROLE_LABELS,
    "draft_state": DRAFT_STATE_LABELS,
    "live_status": LIVE_STATUS_LABELS,
    "round_state": ROUND_STATE_LABELS,
}


def label(value: object, field: str) -> str:
    """The Dutch label of a value of a field or a stored code (the value itself if it has no
    vocabulary)."""
    if field in CODE_LABELS:
        return CODE_LABELS[field].get(str(value), str(value))
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


def context_dict(context: Mapping[str, Any] | object) -> dict[str, Any]:
    """A template context as a dict: a fragment's context dataclass field by field (not
    deep-copied, so templates get the very objects), or a mapping as it is."""
    if is_dataclass(context) and not isinstance(context, type):
        return {field.name: getattr(context, field.name) for field in fields(context)}
    if isinstance(context, Mapping):
        return dict(context)
    raise TypeError(f"a template context is a dataclass or a mapping, not {type(context)}")


def render(
    request: Request,
    page: str,
    fragment: str | None,
    context: Mapping[str, Any] | object,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """The whole page, or for an htmx request its `fragment` (when it has one), from the same
    context. Always answers `Vary: HX-Request`, so no cache hands a fragment to a browser that
    asked for the page (or the other way round)."""
    template = fragment if fragment is not None and is_htmx(request) else page
    response = templates_of(request).TemplateResponse(
        request, template, context_dict(context), status_code=status_code, headers=headers
    )
    response.headers["Vary"] = "HX-Request"
    return response


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


def make_templates(reload: bool = False) -> Jinja2Templates:
    """The page templates with the site's filters and globals; with `reload`, a template is
    read again when its file changed (otherwise once, without a file check per page)."""
    templates = Jinja2Templates(directory=str(TEMPLATE_DIR))
    env = templates.env
    env.auto_reload = reload
    env.filters["markdown"] = render_markdown
    env.filters["label"] = label
    env.filters["urlencode_pairs"] = urlencode
    env.filters["local_time"] = local_time
    env.filters["local_date"] = local_date
    env.filters["clock"] = clock
    env.filters["plural"] = plural
    env.globals["vocab"] = vocabulary
    env.globals["content_types"] = CONTENT_TYPES
    env.globals["site_name"] = "Dilemmatafel"
    env.globals["viewer"] = viewer
    env.globals["csrf_token"] = csrf_token
    env.globals["path_for"] = template_path_for
    env.globals["absolute_url"] = template_absolute_url
    return templates
