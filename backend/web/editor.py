"""The editing area under /beheer/content: forms and workflow actions (history: editor_history)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote, unquote

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session, select
from starlette.datastructures import FormData

from backend.config import Settings
from backend.content.types import CONTENT_TYPES, ContentType
from backend.editorial import history, publishing, workflow
from backend.editorial.export import export_collection_zip
from backend.editorial.forms import form_to_item, form_values
from backend.editorial.overview import OverviewQuery, editorial_overview
from backend.models import Item, ItemDraft, User
from backend.models.account import Role
from backend.models.editorial import DRAFT_STATE_LABELS
from backend.rendering import render_markdown
from backend.search.index import SearchIndex
from backend.web.auth import EditorUser, is_secure, set_cookie, verify_csrf
from backend.web.deps import DbDep, SearchIndexDep, SettingsDep
from backend.web.downloads import attachment
from backend.web.forms import see_other, submit_form
from backend.web.fragments import AutosaveContext
from backend.web.links import path_for
from backend.web.personal_data import marked_fictional, shown_hits
from backend.web.templating import render
from backend.wording import plural

# A refused workflow step redirects to the edit page and leaves its reason in this cookie.
REFUSAL_COOKIE = "dt_geweigerd"
REFUSAL_MAX_AGE = 120
MAX_REFUSAL_CHARS = 1000
# Why creating an item is refused.
CreateRefusal = workflow.InvalidItem | workflow.PersonalDataFound
CREATE_REFUSALS: tuple[type[CreateRefusal], ...] = (
    workflow.InvalidItem,
    workflow.PersonalDataFound,
)
# Why a save is refused; typed as one union so the handlers can tell them apart.
SaveRefusal = workflow.EditConflict | workflow.InvalidItem | workflow.PersonalDataFound
SAVE_REFUSALS: tuple[type[SaveRefusal], ...] = (
    workflow.EditConflict,
    workflow.InvalidItem,
    workflow.PersonalDataFound,
)

router = APIRouter(
    prefix="/beheer/content",
    default_response_class=HTMLResponse,
    dependencies=[Depends(verify_csrf)],
)


def _text_fields(form: FormData) -> list[tuple[str, str]]:
    """The submitted text fields (the editor has no file fields; a file sent anyway is left out)."""
    return [(name, value) for name, value in form.multi_items() if isinstance(value, str)]


def find_item(db: Session, slug: str) -> Item:
    """The item with this slug, or a Dutch 404."""
    item = db.exec(select(Item).where(Item.slug == slug)).first()
    if item is None:
        raise HTTPException(404, f"Er is geen item met de naam '{slug[:80]}'.")
    return item


def _content_type(type_key: str) -> ContentType:
    content_type = CONTENT_TYPES.get(type_key)
    if content_type is None:
        raise HTTPException(404, f"Onbekende soort '{type_key[:40]}'.")
    return content_type


def _form_context(
    content_type: ContentType,
    front: dict[str, Any],
    sections: dict[str, str],
    *,
    item: Item | None = None,
    copy: workflow.WorkingCopy | None = None,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "content_type": content_type,
        "values": form_values(content_type, front),
        "sections": sections,
        "item": item,
        "copy": copy,
        "errors": {},
        "error": None,
        "hits": [],
        "save_hits": [],
        "states": DRAFT_STATE_LABELS,
        **extra,
    }


def _edit_page(
    request: Request,
    db: Session,
    settings: Settings,
    user: User,
    item: Item,
    status: int = 200,
    **extra: Any,
) -> Response:
    copy = workflow.working_copy(db, item)
    content_type = CONTENT_TYPES[item.type]
    front = extra.pop("front", copy.front)
    sections = extra.pop("sections", copy.sections)
    hits = extra.pop("hits", workflow.personal_data(copy.draft) if copy.draft else [])
    context = _form_context(
        content_type,
        front,
        sections,
        item=item,
        copy=copy,
        hits=shown_hits(content_type, hits),
        user=user,
        review=workflow.review_info(db, user, item),
        direct_publish=settings.admin_direct_publish and user.role == Role.ADMIN,
        **extra,
    )
    return render(request, "pages/editor_form.html", None, context, status)


@router.get("", name="editor_list")
def read_items(
    request: Request,
    db: DbDep,
    editor: EditorUser,
    q: str = "",
    soort: str = "",
    status: str = "",
    pagina: str = "",
) -> Response:
    """Every item, including drafts and internal ones, with its editing state: searchable,
    filtered by type and state, a page at a time."""
    query = OverviewQuery.parse(q, soort, status, pagina)
    return render(
        request,
        "pages/editor_list.html",
        None,
        {"overview": editorial_overview(db, query), "content_types": CONTENT_TYPES},
    )


@router.get("/export.zip", name="editor_export")
def export_zip(db: DbDep, editor: EditorUser) -> Response:
    """The published collection as content files in a zip, to keep in git (audited)."""
    export = export_collection_zip(db, editor)
    db.commit()
    return attachment(export.content, "application/zip", export.filename)


@router.get("/nieuw/{type_key}", name="editor_new")
def read_new(type_key: str, request: Request, editor: EditorUser) -> Response:
    content_type = _content_type(type_key)
    front = (
        {"visibility": "public", "kind": content_type.kind}
        if content_type.kind
        else {"visibility": "public"}
    )
    return render(request, "pages/editor_form.html", None, _form_context(content_type, front, {}))


@router.post("/nieuw/{type_key}")
async def create(
    type_key: str, request: Request, db: DbDep, index: SearchIndexDep, editor: EditorUser
) -> Response:
    content_type = _content_type(type_key)
    form = await request.form()
    front, sections = form_to_item(content_type, _text_fields(form))
    fictional = marked_fictional(form)

    def invalid_form(invalid: CreateRefusal) -> Response:
        if isinstance(invalid, workflow.PersonalDataFound):
            found = shown_hits(content_type, invalid.hits)
            context = _form_context(content_type, front, sections, save_hits=found)
        else:
            errors = {e.field: e.message for e in invalid.errors}
            context = _form_context(content_type, front, sections, errors=errors)
        context["error"] = str(invalid)
        return render(request, "pages/editor_form.html", None, context, 400)

    return submit_form(
        db,
        lambda: publishing.create_item(db, index, editor, content_type, front, sections, fictional),
        CREATE_REFUSALS,
        invalid_form,
        lambda item: see_other(path_for(request, "editor_edit", slug=item.slug) + "?opgeslagen=1"),
    )


@router.post("/voorbeeld", name="editor_preview")
async def preview(request: Request, editor: EditorUser) -> Response:
    """Rendered Markdown of one section (htmx live preview); same sanitising as the site."""
    form = await request.form()
    field = str(form.get("veld", ""))
    # The whole edit form may come along (htmx includes the enclosing form); 'veld' names
    # the section to show.
    if f"section_{field}" in form:
        text = str(form[f"section_{field}"])
    else:
        text = next((str(v) for k, v in form.multi_items() if k.startswith("section_")), "")
    return HTMLResponse(render_markdown(text[:20_000]) or "<p>(nog leeg)</p>")


@dataclass
class Submitted:
    """A submitted edit form: the version, the version it started from, and the hits the
    editor ticked as fictional."""

    front: dict[str, Any]
    sections: dict[str, str]
    version: int
    fictional: list[str]

    def save(self, db: Session, editor: User, item: Item) -> ItemDraft:
        return workflow.save_draft(
            db, editor, item, self.front, self.sections, self.version, self.fictional
        )


async def _submitted(request: Request, item: Item) -> Submitted:
    """What the edit form sent."""
    form = await request.form()
    front, sections = form_to_item(CONTENT_TYPES[item.type], _text_fields(form))
    raw_version = str(form.get("version", "0"))
    version = int(raw_version) if raw_version.isdecimal() else -1
    return Submitted(front, sections, version, marked_fictional(form))


@router.get("/{slug}", name="editor_edit")
def read_edit(
    slug: str, request: Request, db: DbDep, settings: SettingsDep, editor: EditorUser
) -> Response:
    """The edit form; after a refused workflow step it says why, once."""
    refusal = unquote(request.cookies.get(REFUSAL_COOKIE, ""))[:MAX_REFUSAL_CHARS]
    if not refusal:
        return _edit_page(request, db, settings, editor, find_item(db, slug))
    response = _edit_page(request, db, settings, editor, find_item(db, slug), error=refusal)
    response.delete_cookie(REFUSAL_COOKIE, secure=is_secure(request), httponly=True, samesite="lax")
    return response


@router.post("/{slug}")
async def save(
    slug: str, request: Request, db: DbDep, settings: SettingsDep, editor: EditorUser
) -> Response:
    """Save the working copy; a stale version number gives the conflict screen."""
    item = find_item(db, slug)
    sent = await _submitted(request, item)
    front, sections = sent.front, sent.sections

    def refused(error: SaveRefusal) -> Response:
        if isinstance(error, workflow.EditConflict):
            return render(
                request,
                "pages/editor_conflict.html",
                None,
                {
                    "item": item,
                    "message": str(error),
                    "mine": history.version_text(item, {**front, "slug": slug}, sections),
                    "theirs": history.version_text(
                        item, (error.theirs or item).front, (error.theirs or item).sections
                    ),
                },
                409,
            )
        # Personal data found: each finding with its tick box; else the fields' own errors.
        findings: dict[str, Any] = (
            {"save_hits": shown_hits(CONTENT_TYPES[item.type], error.hits), "hits": []}
            if isinstance(error, workflow.PersonalDataFound)
            else {"errors": {e.field: e.message for e in error.errors}}
        )
        return _edit_page(
            request,
            db,
            settings,
            editor,
            item,
            400,
            front=front,
            sections=sections,
            error=str(error),
            **findings,
        )

    return submit_form(
        db,
        lambda: sent.save(db, editor, item),
        SAVE_REFUSALS,
        refused,
        path_for(request, "editor_edit", slug=slug) + "?opgeslagen=1",
    )


@router.post("/{slug}/autosave", name="editor_autosave")
async def autosave(slug: str, request: Request, db: DbDep, editor: EditorUser) -> Response:
    """Save the working copy in the background while typing (htmx); says what happened."""
    item = find_item(db, slug)
    sent = await _submitted(request, item)

    def refused(error: SaveRefusal) -> Response:
        if isinstance(error, workflow.EditConflict):
            message = (
                "Let op: iemand anders heeft dit item intussen opgeslagen. Klik op Opslaan om"
                " beide versies te vergelijken; er gaat niets verloren."
            )
        elif isinstance(error, workflow.PersonalDataFound):
            message = (
                "Nog niet automatisch opgeslagen: de tekst bevat mogelijk persoonsgegevens. Uw"
                " tekst staat nog in het formulier; klik op Opslaan om te zien welke."
            )
        else:
            wrong = plural(len(error.errors), "veld klopt", "velden kloppen")
            message = (
                f"Nog niet automatisch opgeslagen: {wrong} nog niet. Uw tekst staat nog in het"
                " formulier; klik op Opslaan voor de details."
            )
        return _autosaved(request, AutosaveContext(message))

    def saved(draft: ItemDraft) -> Response:
        at = draft.updated_at.strftime("%H:%M")
        message = f"Automatisch opgeslagen als concept om {at} (UTC)."
        return _autosaved(request, AutosaveContext(message, draft.version))

    return submit_form(db, lambda: sent.save(db, editor, item), SAVE_REFUSALS, refused, saved)


def _autosaved(request: Request, context: AutosaveContext) -> Response:
    return render(request, context.fragment, None, context)


@dataclass
class EditContext:
    """An item being edited, with everything a workflow action needs (one dependency)."""

    request: Request
    db: Session
    settings: Settings
    editor: User
    item: Item
    index: SearchIndex

    def run(self, action: Callable[[], object]) -> Response:
        """Carry out a workflow action and commit (a publishing step has committed and updated
        the search index itself); show the edit page with the reason if refused."""
        done = path_for(self.request, "editor_edit", slug=self.item.slug) + "?klaar=1"
        return submit_form(self.db, action, workflow.WorkflowError, self.refused, done)

    def refused(self, error: workflow.WorkflowError) -> Response:
        """The conflict screen, or back to the edit page (a GET address, safe to reload) with
        the reason kept for one showing; possible personal data is found again there from the
        working copy."""
        if isinstance(error, workflow.ApprovalConflict):
            return self.conflict(error)
        response = see_other(path_for(self.request, "editor_edit", slug=self.item.slug))
        set_cookie(response, self.request, REFUSAL_COOKIE, quote(str(error)), REFUSAL_MAX_AGE)
        return response

    def page(self, status: int = 200, **extra: Any) -> Response:
        return _edit_page(
            self.request, self.db, self.settings, self.editor, self.item, status, **extra
        )

    def conflict(self, conflict: workflow.ApprovalConflict) -> Response:
        """The version the reviewer saw next to the newest one; nothing was published."""
        seen, current = conflict.seen, conflict.current
        context = {
            "item": self.item,
            "message": str(conflict),
            "heading": "Dit item is gewijzigd nadat u het opende",
            "advice": "Lees wat er veranderde en",
            "mine_heading": "De versie die u beoordeelde (niet gepubliceerd)",
            "theirs_heading": "De nieuwste versie",
            "mine": history.version_text(self.item, seen.front, seen.sections),
            "theirs": history.version_text(self.item, current.front, current.sections),
        }
        return render(self.request, "pages/editor_conflict.html", None, context, 409)


def edit_context(
    slug: str,
    request: Request,
    db: DbDep,
    settings: SettingsDep,
    index: SearchIndexDep,
    editor: EditorUser,
) -> EditContext:
    return EditContext(request, db, settings, editor, find_item(db, slug), index)


Editing = Annotated[EditContext, Depends(edit_context)]


@router.post("/{slug}/indienen", name="editor_submit")
async def submit(ctx: Editing) -> Response:
    """Offer for review; hits ticked as fictional ('verzonnen') are remembered first."""
    marked = marked_fictional(await ctx.request.form())
    return ctx.run(lambda: workflow.submit_for_review(ctx.db, ctx.editor, ctx.item, marked))


def _seen(revision: str) -> int | None:
    """The version number a review form names; None if it names none we can read."""
    readable = revision.isascii() and revision.isdecimal() and len(revision) < 10
    return int(revision) if readable else None


@router.post("/{slug}/goedkeuren", name="editor_approve")
def approve(ctx: Editing, revision: str = Form("")) -> Response:
    """Publish the version the reviewer saw; a newer one gives the conflict screen."""
    seen = _seen(revision)
    return ctx.run(lambda: publishing.approve(ctx.db, ctx.index, ctx.editor, ctx.item, seen))


@router.post("/{slug}/publiceren", name="editor_publish")
def publish(ctx: Editing, revision: str = Form("")) -> Response:
    """Direct publication by an admin, only where configured, of the version they saw."""
    if not (ctx.settings.admin_direct_publish and ctx.editor.role == Role.ADMIN):
        raise HTTPException(
            403, "Direct publiceren is hier niet toegestaan; laat het item beoordelen."
        )
    seen = _seen(revision)
    return ctx.run(
        lambda: publishing.publish_directly(ctx.db, ctx.index, ctx.editor, ctx.item, seen)
    )


@router.post("/{slug}/terugsturen", name="editor_send_back")
def send_back(ctx: Editing, comment: str = Form("", max_length=2000)) -> Response:
    return ctx.run(lambda: workflow.send_back(ctx.db, ctx.editor, ctx.item, comment))


@router.post("/{slug}/archiveren", name="editor_archive")
def archive(ctx: Editing) -> Response:
    return ctx.run(lambda: publishing.archive(ctx.db, ctx.index, ctx.editor, ctx.item))
