"""axe-core (vendored in tests/browser/vendor/axe-core, see scripts/vendor.sh) on the pages
people use most: zero violations of WCAG 2.0 and 2.1, levels A and AA.

axe runs inside the real pages, with their Content-Security-Policy (Playwright evaluates it
through the DevTools protocol, which the policy does not govern). The live pages are checked
in the states a room sees: before voting, while voting and with the outcome.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from backend.live import service
from backend.live.broadcast import LocalBroadcaster
from tests.helpers import PASSWORD, add_user
from tests.live.conftest import start_live

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SLUG = "amendement-aangeleverd-door-vereniging"
WAIT = 10_000


def axe_violations(page: Page) -> list[dict]:
    """Run axe on the page as it is now; each violation with the nodes it found."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    return [
        {
            "id": violation["id"],
            "help": violation["help"],
            "nodes": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in results["violations"]
    ]


def check(page: Page, where: str, found: dict[str, list[dict]]) -> None:
    violations = axe_violations(page)
    if violations:
        found[where] = violations


def report(found: dict[str, list[dict]]) -> str:
    return json.dumps(found, indent=1, ensure_ascii=False)


def test_axe_finds_nothing_on_the_main_pages(page, live_server, editors):
    found: dict[str, list[dict]] = {}
    for path in [
        "/",
        "/dilemmas",
        f"/dilemmas/{SLUG}",
        "/zoeken?q=nevenfuncties",
        "/sessies",
        "/sessies/agenda?publiek=raad&duur=90",
    ]:
        page.goto(live_server + path)
        check(page, path, found)

    # The filter list after an htmx update.
    page.goto(live_server + "/dilemmas")
    page.locator("summary", has_text="Bestuurslaag").click()
    page.get_by_label(re.compile(r"^Waterschap \(")).check()
    expect(page).to_have_url(re.compile(r"bestuurslaag=waterschap"))
    check(page, "/dilemmas (gefilterd)", found)

    # The editor's form, as an editor.
    page.goto(live_server + "/inloggen")
    page.get_by_label("E-mailadres").fill(editors[0])
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page).not_to_have_url(re.compile("/inloggen"))
    page.goto(f"{live_server}/beheer/content/{SLUG}")
    expect(page.locator("form textarea").first).to_be_visible()
    check(page, "/beheer/content/{slug}", found)
    page.goto(f"{live_server}/beheer/content/nieuw/dilemma")
    check(page, "/beheer/content/nieuw/dilemma", found)
    assert not found, report(found)

    # axe really looks: a field without a label is a violation.
    page.evaluate("document.querySelector('main').append(document.createElement('input'))")
    assert "label" in {violation["id"] for violation in axe_violations(page)}


@pytest.fixture
def owner(server_engine) -> tuple[str, int]:
    """A facilitator in the live server's database: (email, id)."""
    return "axe@example.org", add_user(server_engine, "axe@example.org", "facilitator")


def test_axe_finds_nothing_on_the_live_pages(browser, live_server, owner, server_engine):
    email, owner_id = owner
    live = start_live(server_engine, LocalBroadcaster(), owner_id, slug=None)  # a council agenda
    code, token = live.read(lambda db, row: (row.code, row.presenter_token))
    found: dict[str, list[dict]] = {}
    contexts = []

    def new_page(**options) -> Page:
        contexts.append(browser.new_context(locale="nl-NL", **options))
        return contexts[-1].new_page()

    lead = new_page(viewport={"width": 1280, "height": 900})
    lead.goto(live_server + "/inloggen")
    lead.get_by_label("E-mailadres").fill(email)
    lead.get_by_label("Wachtwoord").fill(PASSWORD)
    lead.get_by_role("button", name="Inloggen").click()
    expect(lead).not_to_have_url(re.compile("/inloggen"))
    projector = new_page(viewport={"width": 1280, "height": 720})
    phone = new_page(viewport={"width": 390, "height": 800}, is_mobile=True, has_touch=True)
    pages = {
        "/live/{id}": (lead, f"/live/{live.id}"),
        "/scherm/{token}": (projector, f"/scherm/{token}"),
        "/j/{code}": (phone, f"/j/{code}"),
    }

    def check_all(state: str) -> None:
        for name, (page, path) in pages.items():
            page.goto(live_server + path)
            check(page, f"{name} ({state})", found)

    check_all("opening")
    live.go_to_dilemma(1)
    check_all("voor het stemmen")
    live.do(service.open_answers)
    check_all("stemmen open")
    phone.locator("button.dt-answer").first.click()
    expect(phone.locator(".dt-saved")).to_be_visible(timeout=WAIT)
    check(phone, "/j/{code} (geantwoord)", found)
    for number, option in enumerate(live.options()[:2]):
        live.answer(f"telefoon-{number}-{'x' * 32}", option)
    live.do(service.reveal)
    check_all("uitkomst")
    live.do(service.save_agreements, live.state().current, "We melden elke uitnodiging.")
    live.do(service.end)
    check_all("afgelopen")
    report_token = live.read(lambda db, row: row.report_token)
    lead.goto(f"{live_server}/verslag/{report_token}")
    check(lead, "/verslag/{token}", found)
    for context in contexts:
        context.close()
    assert not found, report(found)
