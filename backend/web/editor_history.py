"""An item's history under /beheer/content/{slug}/geschiedenis: every revision, putting an old
one back, and purging one that holds personal data (admins)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from backend.accounts.service import has_role
from backend.content.types import CONTENT_TYPES
from backend.editorial import history, purge, workflow
from backend.models import Item, User
from backend.models.account import Role
from backend.web.auth import AdminUser, EditorUser, verify_csrf
from backend.web.deps import DbDep
from backend.web.editor import Editing, find_item
from backend.web.forms import submit_form
from backend.web.links import path_for
from backend.web.personal_data import marked_fictional, shown_hits
from backend.web.templating import render

router = APIRouter(
    prefix="/beheer/content",
    default_response_class=HTMLResponse,
    dependencies=[Depends(verify_csrf)],
)


def _history_page(
    request: Request, db: Session, user: User, item: Item, status: int = 200, **extra: Any
) -> Response:
    """The history page; `extra` may hold `error` (a refused restore, with its `number`) or
    `purge_error` (a refused purge: {"number", "message"})."""
    content_type = CONTENT_TYPES[item.type]
    shown = history.item_history(db, item)
    draft = workflow.working_copy(db, item).draft
    acknowledged = draft.acknowledged if draft else []
    restore_hits = {
        change.revision.number: shown_hits(
            content_type,
            workflow.unmarked_hits(change.revision.front, change.revision.sections, acknowledged),
        )
        for change in shown.changes
        if change.revision.purged_at is None
    }
    context = {
        "item": item,
        "rows": shown.changes,
        "authors": shown.authors,
        "restore_hits": restore_hits,
        "can_purge": has_role(user, Role.ADMIN),
        "protected": purge.protected_versions(db, item),
        "error": None,
        "purge_error": None,
        **extra,
    }
    return render(request, "pages/editor_history.html", None, context, status)


@router.get("/{slug}/geschiedenis", name="editor_history")
def read_history(slug: str, request: Request, db: DbDep, editor: EditorUser) -> Response:
    """Every revision, newest first, each with what changed since the one before."""
    return _history_page(request, db, editor, find_item(db, slug))


@router.post("/{slug}/herstellen/{number}", name="editor_restore")
async def restore(number: int, ctx: Editing) -> Response:
    """Make an old version the working copy; possible personal data in it must be ticked as
    fictional ('verzonnen') on the history page, or it is not put back."""
    fictional = marked_fictional(await ctx.request.form())

    def refused(error: workflow.WorkflowError) -> Response:
        if isinstance(error, workflow.PersonalDataFound):
            return _history_page(
                ctx.request, ctx.db, ctx.editor, ctx.item, 400, error=str(error), number=number
            )
        return ctx.refused(error)

    done = path_for(ctx.request, "editor_edit", slug=ctx.item.slug) + "?klaar=1"
    return submit_form(
        ctx.db,
        lambda: workflow.restore(ctx.db, ctx.editor, ctx.item, number, fictional),
        workflow.WorkflowError,
        refused,
        done,
    )


@router.post("/{slug}/verwijderen/{number}", name="editor_purge")
def purge_revision(
    slug: str,
    number: int,
    request: Request,
    db: DbDep,
    admin: AdminUser,
    reason: str = Form("", alias="reden"),
) -> Response:
    """Empty an old version's text (personal data that slipped through); admins only, with a
    reason, audited."""
    item = find_item(db, slug)

    def refused(error: purge.PurgeRefused) -> Response:
        purge_error = {"number": number, "message": str(error)}
        return _history_page(request, db, admin, item, 400, purge_error=purge_error)

    done = path_for(request, "editor_history", slug=slug) + f"?verwijderd={number}"
    return submit_form(
        db,
        lambda: purge.purge_revision(db, admin, item, number, reason),
        purge.PurgeRefused,
        refused,
        done,
    )
