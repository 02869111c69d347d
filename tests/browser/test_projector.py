"""The projector at the common beamer sizes: every shipped dilemma, in every state, fits the
screen without scrolling and without parts running into each other, with the step and the
timer at least 3% of the height.

One browser page shows live sessions through the real projector route: agendas of an
opening block and 30 shipped dilemmas each, driven through the domain functions (as the
routers do); after each change the panel fetches itself the way an update makes it do.
Every dilemma is checked in every state at the smallest (1024x768) and the largest
(1920x1080) size, and every fourth dilemma also at 1280x720 and 1366x768. An opening dilemma
also shows the large join code and QR code: the longest dilemmas are checked that way at
every size (if they fit, the shorter ones do).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from sqlmodel import Session, select

from backend.accounts import service as accounts
from backend.agenda.model import Agenda, Block, parse_request
from backend.agenda.saved import save_agenda
from backend.live import service
from backend.live.broadcast import LocalBroadcaster
from backend.live.events import transaction
from backend.models import Item, User
from tests.helpers import PASSWORD
from tests.live.conftest import Live, start_live

pytestmark = pytest.mark.browser

SMALLEST, LARGEST = (1024, 768), (1920, 1080)
SIZES = [SMALLEST, (1280, 720), (1366, 768), LARGEST]
WAIT = 20_000
MIN_ANSWERS = 2  # answers before the outcome shows its bars (the lowest setting)
PER_SESSION = 30

# Lets the page's own resize handling run for the new size (synchronously), then reports.
MEASURE = """() => {
  window.dispatchEvent(new Event("resize"));
  const root = document.documentElement;
  const screen = document.querySelector(".dt-screen");
  const box = selector => {
    const node = document.querySelector(selector);
    return node ? node.getBoundingClientRect().height : null;
  };
  const size = selector => {
    const node = document.querySelector(selector);
    return node ? parseFloat(getComputedStyle(node).fontSize) : null;
  };
  const spilling = [...screen.querySelectorAll(".dt-screen__main, .dt-screen__join")]
    .filter(part => part.scrollHeight > part.clientHeight + 1).map(part => part.className);
  const boxes = [...screen.children].map(part => part.getBoundingClientRect());
  const overlapping = boxes.some((one, i) => boxes.some((two, j) => j > i
    && one.width && two.width && one.left < two.right && two.left < one.right
    && one.top < two.bottom - 1 && two.top < one.bottom - 1));
  return {
    spilling: spilling, overlapping: overlapping,
    stage: screen.dataset.stage,
    height: root.scrollHeight, width: root.scrollWidth,
    innerHeight: innerHeight, innerWidth: innerWidth,
    step: box(".dt-screen__step"), timer: box(".dt-screen__timer"),
    option: size(".dt-screen__options li"), question: size(".dt-screen__question"),
  };
}"""


@pytest.fixture
def engine(server_engine):
    return server_engine  # the live server's database


@pytest.fixture
def owner(engine) -> int:
    with Session(engine) as db:
        user = accounts.create_user(db, "projector@example.org", "facilitator", PASSWORD)
        db.commit()
        return user.id


def shipped_dilemmas(engine) -> list[Item]:
    with Session(engine) as db:
        return list(db.exec(select(Item).where(Item.type == "dilemma").order_by(Item.slug)))


def longest(dilemmas: list[Item], count: int) -> list[str]:
    """The dilemmas with the most text on the screen before voting opens."""

    def length(item: Item) -> int:
        options = item.front.get("options") or {}
        sections = item.sections
        return (
            len(item.title)
            + len(sections.get("situation", ""))
            + len(sections.get("question", ""))
            + sum(len(label) for label in options.values())
        )

    return [item.slug for item in sorted(dilemmas, key=length, reverse=True)[:count]]


def start_agenda(engine, broadcaster, owner_id: int, dilemmas: list[Item]) -> Live:
    """A session over an opening block and these dilemmas, as a saved agenda holds them."""
    blocks = [Block("opening", "Opening", 5, description="Welkom en doel van de avond.")]
    blocks += [Block("dilemma", f"Dilemma: {d.title}", 15, slug=d.slug) for d in dilemmas]
    request = parse_request({"publiek": ["raad"], "duur": ["90"]}, date.today())
    with Session(engine) as db, transaction(db, broadcaster):
        owner = db.get(User, owner_id)
        saved = save_agenda(db, owner, Agenda(request, blocks), "Dilemma's op het scherm")
        session_id = service.start_from_agenda(db, owner, saved, MIN_ANSWERS).id
    return Live(engine, broadcaster, session_id)


def show(page: Page, base: str, live: Live) -> None:
    token = live.read(lambda db, row: row.presenter_token)
    page.goto(f"{base}/scherm/{token}")


def redraw(page: Page, stage: str, title: str = "") -> None:
    """Fetch the panel as an update does, and wait until it shows `stage` (and `title`).

    The test changes the session behind the server's back (its own broadcaster), so no event
    tells the page. A fetch asked for while another of the panel's fetches is under way is
    queued by htmx and dropped when that one replaces the panel; in the app the event's number
    brings the panel up to date (live.js), here the wait asks again, once a second, while the
    panel is idle and still shows something else."""
    page.evaluate(
        "window.dtAsked = Date.now();"
        " htmx.trigger(document.querySelector('#live-scherm'), 'dt:stale')"
    )
    try:
        page.wait_for_function(
            """([stage, title]) => {
              const screen = document.querySelector(".dt-screen");
              const shown = screen.dataset.stage === stage
                && screen.querySelector("h1").textContent.endsWith(title);
              const busy = document.querySelector(".htmx-request, .htmx-settling");
              const now = Date.now();
              if (!shown && !busy && now - (window.dtAsked || 0) > 1000) {
                window.dtAsked = now;
                htmx.trigger(document.querySelector("#live-scherm"), "dt:stale");
              }
              return shown && !busy;
            }""",
            arg=[stage, title],
            timeout=WAIT,
        )
    except PlaywrightTimeoutError:
        shown = page.evaluate(
            """() => { const s = document.querySelector(".dt-screen");
              return `${s.dataset.stage}: ${s.querySelector("h1").textContent}`; }"""
        )
        message = f"waited for {stage}: {title!r}; the projector shows {shown}"
        raise AssertionError(message) from None


def check_fits(page: Page, sizes, label: str, failures: list[str]) -> list[dict]:
    seen = []
    for width, height in sizes:
        page.set_viewport_size({"width": width, "height": height})
        got = page.evaluate(MEASURE)
        where = f"{label} [{got['stage']}] at {width}x{height}"
        if got["height"] > got["innerHeight"] or got["width"] > got["innerWidth"]:
            failures.append(f"{where}: {got['width']}x{got['height']} does not fit")
        if got["spilling"] or got["overlapping"]:
            failures.append(f"{where}: {got['spilling']} spills over, or parts overlap")
        for part in ("step", "timer"):
            if got[part] is not None and got[part] < 0.03 * height:
                failures.append(f"{where}: {part} {got[part]:.0f}px < 3% of the height")
        seen.append({**got, "size": (width, height), "label": label})
    return seen


def answer(live: Live) -> None:
    """Enough phones answer for the outcome to show its bars."""
    for number, option in enumerate(live.options()[:MIN_ANSWERS]):
        live.answer(f"telefoon-{number}-{'x' * 32}", option)


def run_states(page: Page, live: Live, sizes, item: Item, failures) -> list[dict]:
    """The current dilemma before voting, while voting, closed and with the outcome."""
    seen = check_fits(page, sizes, item.slug, failures)
    live.do(service.open_answers)
    answer(live)
    for change, stage in (
        (None, "voting"),
        (service.close_answers, "closed"),
        (service.reveal, "outcome"),
    ):
        if change:
            live.do(change)
        redraw(page, stage, item.title)
        seen += check_fits(page, sizes, item.slug, failures)
    return seen


def test_every_dilemma_fits_the_projector_in_every_state(live_server, engine, owner, browser):
    context = browser.new_context(locale="nl-NL", viewport={"width": 1024, "height": 768})
    page = context.new_page()
    broadcaster = LocalBroadcaster()  # the page fetches its panel itself (see `redraw`)
    failures: list[str] = []
    dilemmas = shipped_dilemmas(engine)
    assert len(dilemmas) == len(list(Path("dilemmas").glob("*.md"))) == 177

    seen = []
    for first in range(0, len(dilemmas), PER_SESSION):
        part = dilemmas[first : first + PER_SESSION]
        live = start_agenda(engine, broadcaster, owner, part)
        show(page, live_server, live)  # the opening block: the join screen
        seen += check_fits(page, SIZES if first == 0 else [SMALLEST], "opening", failures)
        for position, item in enumerate(part, start=1):
            live.do(service.go_to, position)
            redraw(page, "reading", item.title)
            sizes = SIZES if (first + position) % 4 == 0 else [SMALLEST, LARGEST]
            seen += run_states(page, live, sizes, item, failures)
    live.do(service.end)
    redraw(page, "ended")
    seen += check_fits(page, SIZES, "the end", failures)

    # An opening dilemma shows the large join code and QR code next to the situation.
    for slug in longest(dilemmas, 5):
        single = start_live(engine, broadcaster, owner, slug)
        show(page, live_server, single)
        opening = check_fits(page, SIZES, f"{slug} (opening)", failures)
        assert page.locator(".dt-screen__qr svg").count() == 1
        seen += opening
    context.close()

    assert not failures, "\n".join(failures[:40])
    assert {s["stage"] for s in seen} == {
        "reading",
        "voting",
        "closed",
        "outcome",
        "block",
        "ended",
    }
    assert sum(s["stage"] == "voting" for s in seen) == 177 * 2 + 177 // 4 * 2
    # While voting the question and options stay large: at least 2.6% of the screen height
    # (20 px on a 768-pixel beamer), for every dilemma.
    voting = [s for s in seen if s["stage"] in ("voting", "closed")]
    smallest = min(voting, key=lambda s: s["option"] / s["size"][1])
    assert smallest["option"] >= 0.026 * smallest["size"][1], smallest
    assert all(s["question"] >= s["option"] for s in voting)
