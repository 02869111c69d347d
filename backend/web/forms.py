"""The one way a router handles a submitted form: try the domain call; when the domain refuses,
roll back and show the form again with the reason; else commit and go on (303)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from fastapi.responses import RedirectResponse
from sqlmodel import Session
from starlette.responses import Response

T = TypeVar("T")
E = TypeVar("E", bound=Exception)


def see_other(url: str) -> RedirectResponse:
    """Go on to `url` with a GET (Post/Redirect/Get)."""
    return RedirectResponse(url, status_code=303)


def submit_form(
    db: Session,
    action: Callable[[], T],
    refused: type[E] | tuple[type[E], ...],
    on_refusal: Callable[[E], Response],
    done: str | Callable[[T], Response],
    *,
    keep_refusal: bool = False,
) -> Response:
    """Run `action`; if it raises one of `refused`, roll back (or, with `keep_refusal`, commit
    what the refusal itself recorded, such as a failed password attempt and its audit entry)
    and answer `on_refusal(error)`, typically the form again with the Dutch reason. Otherwise
    commit and answer `done`: a URL to redirect to (303), or a function of the action's
    result that gives the response."""
    try:
        result = action()
    except refused as error:
        if keep_refusal:
            db.commit()
        else:
            db.rollback()
        return on_refusal(error)
    db.commit()
    return see_other(done) if isinstance(done, str) else done(result)
