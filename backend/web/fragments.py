"""The contexts of the htmx fragments (`templates/partials/_*.html` a router renders on its
own): one dataclass per fragment, naming every variable the fragment (and the page that
includes it) reads. A route builds one and hands it to `templating.render`, so the page and
its fragment always get the same data; `tests/web/test_template_context.py` checks that each
template uses exactly these fields."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from markupsafe import Markup

from backend.agenda.changes import Change
from backend.agenda.model import Agenda, Block
from backend.catalog.queries import ItemPage, ListQuery
from backend.content.types import ContentType
from backend.live.view import LiveView
from backend.models import Item, SavedAgenda
from backend.search.query import Hit, SearchOutcome, SearchResult


@dataclass
class AgendaEditorContext:
    """A saved agenda in the editor: its blocks with their alternatives."""

    page: ClassVar[str] = "pages/agenda_edit.html"
    fragment: ClassVar[str] = "partials/_agenda_editor.html"

    stored: SavedAgenda
    agenda: Agenda
    schedule: list[tuple[datetime, Block]]
    alternatives: dict[int, list[Item]]  # per dilemma block: dilemmas to swap in
    candidates: list[Item]  # dilemmas to add
    when: str  # the date in Dutch (page only)
    keys: list[str]  # per block: the key in its controls' ids, which stays when it moves
    error: str | None = None
    change: Change | None = None  # what the edit just made did (focus and announcement)


@dataclass
class AgendaSearchContext:
    """Dilemmas matching a search in the agenda editor, to add."""

    page: ClassVar[str | None] = None
    fragment: ClassVar[str] = "partials/_agenda_search.html"

    stored: SavedAgenda
    hits: list[Hit]
    message: str | None
    q: str


@dataclass
class AutosaveContext:
    """What the background save of the edit form did."""

    page: ClassVar[str | None] = None
    fragment: ClassVar[str] = "partials/_autosave.html"

    message: str
    version: int | None = None  # the saved version, for the form's next save


@dataclass
class CatalogContext:
    """A list of items of one content type with its filters and pages."""

    page: ClassVar[str] = "pages/list.html"
    fragment: ClassVar[str] = "partials/_catalog.html"

    content_type: ContentType
    result: ItemPage
    items: list[dict[str, Any]]  # in the shape of catalog.present.summary_of
    list_query: ListQuery


@dataclass
class SearchResultsContext:
    """The results of a search with their filters and pages (or why there are none)."""

    page: ClassVar[str] = "pages/search.html"
    fragment: ClassVar[str] = "partials/_search_results.html"

    outcome: SearchOutcome
    result: SearchResult | None
    list_query: ListQuery
    items: list[dict[str, Any]]  # summary_of shape, plus snippet and score
    base_params: list[tuple[str, str]]  # the query and filters, for the page links


@dataclass
class LiveLeadContext:
    """The facilitator's controls of a live session."""

    page: ClassVar[str] = "pages/live_lead.html"
    fragment: ClassVar[str] = "partials/_live_lead.html"

    view: LiveView
    join_url: str
    join_host: str
    spaced_code: str
    connected: int  # phones with their event stream open now
    presenter_url: str
    report_url: str
    error: str = ""
    # The whole page only: a link and QR code to this page for the facilitator's own phone.
    lead_url: str = ""
    lead_qr: Markup | None = None


@dataclass
class LiveParticipantContext:
    """A participant's phone: the question, the answer form and the outcome."""

    page: ClassVar[str] = "pages/live_participant.html"
    fragment: ClassVar[str] = "partials/_live_participant.html"

    view: LiveView
    mine: str | None  # this phone's answer in the current round
    code: str
    joined: bool
    error: str = ""
    join_refused: str | None = None  # why this phone could not join
    saved: bool = False  # an answer was just stored


@dataclass
class LiveScreenContext:
    """The projector: the join code and QR code, the question and the outcome."""

    page: ClassVar[str] = "pages/live_screen.html"
    fragment: ClassVar[str] = "partials/_live_screen.html"

    view: LiveView
    token: str
    join_host: str
    spaced_code: str
    connected: int  # phones with their event stream open now
    controls: bool  # the owner, logged in, may drive it with the keyboard
    qr: Markup | None = None  # the join QR code as SVG, on the join screen only


FRAGMENT_CONTEXTS: tuple[type, ...] = (
    AgendaEditorContext,
    AgendaSearchContext,
    AutosaveContext,
    CatalogContext,
    SearchResultsContext,
    LiveLeadContext,
    LiveParticipantContext,
    LiveScreenContext,
)
