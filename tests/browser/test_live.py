"""A live session in five browsers: a facilitator leads a saved agenda, a projector shows it
and three phones answer two dilemmas, all kept up to date over Server-Sent Events without
reloading; the facilitator ends the session and the report shows both dilemmas."""

from __future__ import annotations

import contextlib
import re

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, expect

from tests.helpers import PASSWORD, add_user, csrf, login

pytestmark = pytest.mark.browser

FACILITATOR = "fenna@example.org"
WAIT = 10_000  # ms: every wait below is explicit and ends as soon as the page is right
PHONE = {"width": 390, "height": 800}
AGREEMENTS = "We melden elke uitnodiging vooraf bij de griffier."


@pytest.fixture
def facilitator(server_engine) -> str:
    """A facilitator account in the live server's database."""
    add_user(server_engine, FACILITATOR, "facilitator")
    return FACILITATOR


def mark_loaded(page: Page) -> None:
    """Tag the document, so a later check proves the page was never reloaded."""
    page.evaluate("window.__nietHerladen = true")


def assert_not_reloaded(page: Page) -> None:
    assert page.evaluate("window.__nietHerladen === true"), f"{page.url} is opnieuw geladen"


def assert_asks_nothing_personal(phone: Page) -> None:
    """The privacy promise: a participant's page has no field to type in, so no name."""
    expect(phone.locator("input:not([type=hidden]), textarea, select")).to_have_count(0)


def answer(phone: Page, index: int) -> str:
    """Tap the answer button at `index`, wait until the page marks it as this phone's and
    return the answer's text."""
    phone.locator("button.dt-answer").nth(index).click()
    chosen = phone.locator("button.dt-answer").nth(index)
    expect(chosen).to_have_attribute("aria-pressed", "true", timeout=WAIT)
    expect(chosen).to_contain_text("✓ Uw antwoord")
    expect(phone.locator(".dt-saved")).to_have_text("Uw antwoord is opgeslagen.")
    return chosen.locator(".dt-answer__text").inner_text().strip()


def act(lead: Page, live_id: str, button: Locator | str) -> None:
    """Click one of the facilitator's buttons (a locator or its name) and wait until the view
    shows the result and no refresh is under way, so nothing can overwrite what the test
    does next."""

    def is_action(response) -> bool:
        return response.request.method == "POST" and f"/live/{live_id}/" in response.url

    with lead.expect_response(is_action, timeout=WAIT):
        (lead.get_by_role("button", name=button) if isinstance(button, str) else button).click()
    lead.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')",
        timeout=WAIT,
    )


def go_to_dilemma(lead: Page, live_id: str, title: str) -> None:
    item = lead.locator("ol.dt-live-agenda > li").filter(has_text=title)
    act(lead, live_id, item.get_by_role("button", name=re.compile("^Ga hierheen")))
    expect(lead.locator("#nu-kop")).to_have_text(f"Nu: {title}", timeout=WAIT)


def chart_values(counts: list[int], percents: list[int], options: int) -> list[str]:
    """The bars' texts: the given counts first, 0 for the dilemma's other options."""
    padding = [0] * (options - len(counts))
    return [f"{n} · {p}%" for n, p in zip(counts + padding, percents + padding, strict=True)]


def expect_chart(page: Page, values: list[str]) -> None:
    chart = page.locator(".dt-chart")
    expect(chart).to_be_visible(timeout=WAIT)
    expect(chart).to_have_attribute("aria-label", "Uitkomst: 3 antwoorden")
    expect(chart.locator(".dt-chart__value")).to_have_text(values)
    expect(page.locator(".dt-chart__total")).to_have_text("3 antwoorden")


@pytest.fixture
def new_page(browser):
    """Pages in browser contexts of their own (separate cookies, like separate devices)."""
    contexts = []

    def make(**options) -> Page:
        contexts.append(browser.new_context(locale="nl-NL", **options))
        return contexts[-1].new_page()

    yield make
    for context in contexts:
        context.close()


def test_live_session_with_five_browsers(new_page, live_server, facilitator):
    # --- the facilitator saves an agenda and starts a live session with it -----------------
    lead = new_page(viewport={"width": 1280, "height": 900})
    lead.goto(live_server + "/inloggen")
    lead.get_by_label("E-mailadres").fill(facilitator)
    lead.get_by_label("Wachtwoord").fill(PASSWORD)
    lead.get_by_role("button", name="Inloggen").click()
    expect(lead).not_to_have_url(re.compile("/inloggen"))

    lead.goto(live_server + "/sessies")
    lead.get_by_label("Duur in minuten").fill("90")
    lead.get_by_label("Aantal deelnemers").fill("12")
    lead.get_by_role("button", name="Agenda samenstellen").click()
    lead.get_by_role("button", name="Opslaan en bewerken").click()
    expect(lead).to_have_url(re.compile(r"/sessies/bewerken/[\w-]+$"))
    lead.get_by_role("button", name="Livesessie starten met deze agenda").click()
    expect(lead).to_have_url(re.compile(r"/live/\d+$"))
    live_id = lead.url.rsplit("/", 1)[1]
    mark_loaded(lead)

    dilemmas = [
        re.sub(r"\s*\(\d+ min, dilemma\).*$", "", text.strip(), flags=re.S)
        for text in lead.locator("ol.dt-live-agenda > li")
        .filter(has_text=", dilemma)")
        .all_inner_texts()
    ]
    assert len(dilemmas) >= 2, f"de agenda van 90 minuten heeft te weinig dilemma's: {dilemmas}"
    first, second = dilemmas[:2]

    join_text = lead.locator(".dt-lead-view__links").inner_text()
    join_url = re.search(r"http://\S+/j/([A-Z0-9]{6})\b", join_text)
    assert join_url, join_text
    code = join_url.group(1)
    presenter_link = lead.get_by_role("link", name=re.compile("^Scherm voor de beamer openen"))
    expect(presenter_link).to_have_attribute("target", "_blank")
    presenter_url = presenter_link.get_attribute("href")
    assert re.search(r"/scherm/[\w-]+$", presenter_url)

    # --- the projector and three phones, each in a browser of its own ----------------------
    presenter = new_page(viewport={"width": 1920, "height": 1080})
    presenter.goto(presenter_url)
    expect(presenter.locator(".dt-screen__code")).to_have_text(f"{code[:3]} {code[3:]}")
    mark_loaded(presenter)

    phones = []
    for _ in range(3):
        phone = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
        phone.goto(f"{live_server}/j/{code}")
        expect(phone.locator("#live-kop")).to_be_visible()
        expect(phone.locator(".dt-footer")).to_contain_text("uw naam wordt niet gevraagd")
        assert_asks_nothing_personal(phone)
        mark_loaded(phone)
        phones.append(phone)

    # --- the first dilemma: open, three answers (one changed), the outcome -----------------
    go_to_dilemma(lead, live_id, first)
    for phone in phones:
        expect(phone.locator("#live-kop")).to_have_text(first, timeout=WAIT)
        expect(phone.locator(".dt-notice")).to_contain_text("Het stemmen begint zo")
    expect(presenter.locator("h1")).to_have_text(first, timeout=WAIT)
    expect(presenter.locator(".dt-screen__status")).to_contain_text("Stemmen begint zo")

    act(lead, live_id, "Stemmen openen")
    expect(lead.locator(".dt-lead-view__state")).to_contain_text("Stemmen: open")
    for phone in phones:
        expect(phone.locator("button.dt-answer").first).to_be_visible(timeout=WAIT)
        assert_asks_nothing_personal(phone)
    expect(presenter.locator(".dt-screen__status")).to_contain_text("Stemmen is open", timeout=WAIT)
    options = phones[0].locator("button.dt-answer").count()

    mine = [answer(phones[0], 0), answer(phones[1], 0), answer(phones[2], 0)]
    mine[2] = answer(phones[2], 1)  # changes its mind while answering is open
    expect(phones[2].locator("button.dt-answer").first).to_have_attribute("aria-pressed", "false")
    expect(phones[2].locator(".dt-answer__mark")).to_have_count(1)
    status = presenter.locator(".dt-screen__status")
    expect(status.locator("strong")).to_have_text("3", timeout=WAIT)
    expect(status).to_have_text(re.compile(r"^\s*Stemmen is open\s+·\s+3 antwoorden\s*$"))
    expect(lead.locator(".dt-lead-view__state")).to_contain_text("3 antwoorden", timeout=WAIT)

    act(lead, live_id, "Uitkomst tonen")
    outcome = chart_values([2, 1], [67, 33], options)
    expect_chart(presenter, outcome)
    expect_chart(lead, outcome)
    stands = ["1 ander koos hetzelfde; samen met u is dat 67% van de groep."] * 2
    stands.append("Niemand anders koos hetzelfde als u.")
    for phone, label, row, stand in zip(phones, mine, [0, 0, 1], stands, strict=True):
        expect(phone.get_by_role("heading", name="Waar staat u?")).to_be_visible(timeout=WAIT)
        expect(phone.locator(".dt-participant__mine")).to_contain_text(label)
        expect(phone.locator(".dt-chart__row--mine")).to_have_count(1)
        expect(phone.locator(".dt-chart__row").nth(row)).to_have_class(re.compile("--mine"))
        expect(phone.locator(".dt-chart__value")).to_have_text(outcome)
        expect(phone.locator(".dt-participant")).to_contain_text(stand)
        expect(phone.locator("button.dt-answer")).to_have_count(0)
        assert_asks_nothing_personal(phone)

    lead.get_by_label("Wat spreekt de groep af? Dit komt in het verslag.").fill(AGREEMENTS)
    lead.get_by_role("button", name="Afspraken opslaan").click()
    expect(lead.locator("#afspraken-opgeslagen")).to_have_text(
        re.compile(r"^Opgeslagen om \d\d:\d\d\.$"), timeout=WAIT
    )

    # --- the second dilemma ---------------------------------------------------------------
    go_to_dilemma(lead, live_id, second)
    expect(lead.get_by_label("Wat spreekt de groep af? Dit komt in het verslag.")).to_have_value("")
    for phone in phones:
        expect(phone.locator("#live-kop")).to_have_text(second, timeout=WAIT)
    expect(presenter.locator("h1")).to_have_text(second, timeout=WAIT)

    act(lead, live_id, "Stemmen openen")
    for phone in phones:
        expect(phone.locator("button.dt-answer").first).to_be_visible(timeout=WAIT)
        expect(phone.locator(".dt-answer__mark")).to_have_count(0)  # a new question
    options_two = phones[0].locator("button.dt-answer").count()
    mine = [answer(phones[0], 0), answer(phones[1], 1), answer(phones[2], 1)]
    expect(presenter.locator(".dt-screen__status strong")).to_have_text("3", timeout=WAIT)

    act(lead, live_id, "Uitkomst tonen")
    outcome_two = chart_values([1, 2], [33, 67], options_two)
    expect_chart(presenter, outcome_two)
    for phone, label, row in zip(phones, mine, [0, 1, 1], strict=True):
        expect(phone.get_by_role("heading", name="Waar staat u?")).to_be_visible(timeout=WAIT)
        expect(phone.locator(".dt-participant__mine")).to_contain_text(label)
        expect(phone.locator(".dt-chart__row").nth(row)).to_have_class(re.compile("--mine"))

    # --- the end, on every screen at once ---------------------------------------------------
    lead.get_by_label(re.compile("^Ja, beëindig de sessie")).check()
    act(lead, live_id, "Sessie beëindigen")
    expect(lead.get_by_text("Deze sessie is afgelopen")).to_be_visible()
    for phone in phones:
        expect(phone.locator("#live-kop")).to_have_text("Bedankt voor het meedoen", timeout=WAIT)
        assert_asks_nothing_personal(phone)
    expect(presenter.locator("h1")).to_have_text("Dank u wel voor het gesprek", timeout=WAIT)
    expect(presenter.locator(".dt-screen__code")).to_have_count(0)
    for page in [lead, presenter, *phones]:  # everything above arrived without a reload
        assert_not_reloaded(page)

    # --- the report -------------------------------------------------------------------------
    lead.get_by_role("link", name="Verslag bekijken").click()
    expect(lead).to_have_url(re.compile(r"/verslag/[\w-]+$"))
    expect(lead.locator(".dt-lead")).to_contain_text("3 deelnemers")
    # The agreements first (what the griffier sends round), only blocks that have them.
    expect(lead.locator("main h2")).to_have_text(["Afspraken", "Uitkomsten"])
    agreed = lead.locator(".dt-report-agreements")
    expect(agreed.get_by_role("heading", level=3)).to_have_text([first])
    expect(agreed.locator(".dt-agreements")).to_have_text([AGREEMENTS])
    blocks = lead.locator(".dt-report-block")
    one = blocks.filter(has=lead.get_by_role("heading", level=3, name=first, exact=True))
    two = blocks.filter(has=lead.get_by_role("heading", level=3, name=second, exact=True))
    expect(one.locator(".dt-chart__value")).to_have_text(outcome)
    expect(one.locator(".dt-chart__total")).to_have_text("3 antwoorden")
    expect(two.locator(".dt-chart__value")).to_have_text(outcome_two)
    expect(two.locator(".dt-chart__total")).to_have_text("3 antwoorden")
    expect(blocks.locator(".dt-agreements")).to_have_count(0)  # not repeated


def test_the_projector_catches_up_when_answers_overtake_its_refresh(
    live_server, facilitator, new_page
):
    """Voting opens, the projector asks for its new panel, and answers come in before that
    panel arrives: the projector must end up showing every answer, not the older count."""
    import httpx2 as httpx

    leader = httpx.Client(base_url=live_server, timeout=10)
    login(leader, FACILITATOR)
    token = csrf(leader)  # renewed at login
    started = leader.post(
        "/live/start",
        data={"dilemma": "amendement-aangeleverd-door-vereniging", "csrf_token": token},
    )
    lead_page = leader.get(started.headers["location"]).text
    screen_url = re.search(r'href="([^"]+/scherm/[^"]+)"', lead_page).group(1)
    code = re.search(r"/j/([A-Z2-9]{6})", lead_page).group(1)

    presenter = new_page(viewport={"width": 1600, "height": 900})
    presenter.goto(screen_url)
    held = []

    def hold_first_refresh(route):
        if route.request.headers.get("hx-request") and not held:
            held.append((route, route.fetch()))  # drawn now, delivered late
        else:
            route.continue_()

    presenter.route("**/scherm/*", hold_first_refresh)
    leader.post(started.headers["location"] + "/openen", data={"csrf_token": token})
    while not held:
        presenter.wait_for_timeout(50)
    for option in "ABC":
        with httpx.Client(base_url=live_server, timeout=10) as phone:
            phone.get(f"/j/{code}")
            phone.post(
                f"/j/{code}/antwoord",
                data={"ronde": "0", "keuze": option, "csrf_token": phone.cookies["dt_csrf"]},
            )
    status = presenter.locator(".dt-screen__status")
    expect(status.locator("strong")).to_have_text("3", timeout=WAIT)  # on the old panel
    route, late_panel = held[0]
    route.fulfill(response=late_panel)  # shows 0 answers: older than the counts already seen
    expect(status).to_have_text(
        re.compile(r"^\s*Stemmen is open\s+·\s+3 antwoorden\s*$"), timeout=WAIT
    )
    leader.close()


@pytest.mark.parametrize("late", ["redraw", "button"])
def test_two_redraws_at_once_keep_the_agreements_field(live_server, facilitator, new_page, late):
    """A redraw of the facilitator's view (asked for by the stream) and a button's request are
    under way at once, and one answer comes after the other: the later one must not land in
    the view the first one replaced, where htmx's keeping of the agreements field
    (hx-preserve) would take that field out of the page."""
    import httpx2 as httpx

    leader = httpx.Client(base_url=live_server, timeout=10)
    login(leader, FACILITATOR)
    started = leader.post(
        "/live/start",
        data={"dilemma": "amendement-aangeleverd-door-vereniging", "csrf_token": csrf(leader)},
    )
    lead_path = started.headers["location"]
    leader.close()
    lead = new_page(viewport={"width": 1280, "height": 900})
    lead.goto(live_server + "/inloggen")
    lead.get_by_label("E-mailadres").fill(facilitator)
    lead.get_by_label("Wachtwoord").fill(PASSWORD)
    lead.get_by_role("button", name="Inloggen").click()
    expect(lead).not_to_have_url(re.compile("/inloggen"))
    lead.goto(live_server + lead_path)
    field = lead.get_by_label("Wat spreekt de groep af? Dit komt in het verslag.")
    expect(field).to_be_editable()
    held = []

    def hold_first(route):
        wanted = "GET" if late == "redraw" else "POST"
        if route.request.method == wanted and route.request.headers.get("hx-request") and not held:
            held.append((route, route.fetch()))  # answered now, delivered late
        else:
            route.continue_()

    lead.route(re.compile(re.escape(lead_path) + r"(/[a-z]+)?$"), hold_first)
    redraw = "htmx.trigger('#live-leiding', 'dt:stale')"  # as the stream asks for one
    if late == "redraw":
        lead.evaluate(redraw)
        while not held:
            lead.wait_for_timeout(50)
        act(lead, lead_path.rsplit("/", 1)[1], "Stemmen openen")
    else:
        lead.get_by_role("button", name="Stemmen openen").click()
        while not held:
            lead.wait_for_timeout(50)
        with lead.expect_response(lambda response: response.request.method == "GET"):
            lead.evaluate(redraw)
        lead.wait_for_timeout(300)  # the redraw's answer has come
    route, late_answer = held[0]
    with contextlib.suppress(PlaywrightError):  # the page cancelled that redraw
        route.fulfill(response=late_answer)
    expect(lead.get_by_role("button", name="Stemmen sluiten")).to_be_visible(timeout=WAIT)
    lead.wait_for_timeout(500)  # room for a late swap to do its damage
    expect(field).to_be_editable()
    field.fill(AGREEMENTS)
    expect(lead.locator("#live-leiding textarea[name=afspraken]")).to_have_value(AGREEMENTS)


# --- focus, announcements, the keyboard on the projector, the end -----------------------------


def active_id(page: Page) -> str:
    return page.evaluate("document.activeElement ? document.activeElement.id : ''")


def press(lead: Page, live_id: str, button_id: str) -> None:
    """Operate one of the facilitator's buttons from the keyboard, as a keyboard or
    screen-reader user does, and wait until the redrawn panel has settled."""

    def is_action(response) -> bool:
        return response.request.method == "POST" and f"/live/{live_id}/" in response.url

    lead.locator(f"#{button_id}").focus()
    with lead.expect_response(is_action, timeout=WAIT):
        lead.keyboard.press("Enter")
    lead.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')",
        timeout=WAIT,
    )


def expect_focus(page: Page, element_id: str) -> None:
    page.wait_for_function(
        "id => document.activeElement && document.activeElement.id === id",
        arg=element_id,
        timeout=WAIT,
    )


def test_focus_and_announcements_follow_every_step_and_the_keyboard_drives_the_projector(
    new_page, live_server, facilitator, server_engine
):
    from sqlmodel import Session, select

    from backend.live import service
    from backend.live.broadcast import LocalBroadcaster
    from backend.models import User
    from tests.live.conftest import start_live

    engine = server_engine  # the live server's database
    with Session(engine) as db:
        owner_id = db.exec(select(User.id).where(User.email == facilitator)).one()
    live = start_live(engine, LocalBroadcaster(), owner_id, slug=None)  # a council agenda
    live_id = str(live.id)
    code, token = live.read(lambda db, row: (row.code, row.presenter_token))
    rounds = live.read(lambda db, row: [r.title for r in service.rounds_of(db, row)])
    refused: list[str] = []

    def watch(page: Page) -> Page:
        def note(message) -> None:
            if "Content Security" in message.text or "Refused to" in message.text:
                refused.append(message.text)

        page.on("console", note)
        return page

    lead = watch(new_page(viewport={"width": 1280, "height": 900}))
    lead.goto(live_server + "/inloggen")
    lead.get_by_label("E-mailadres").fill(facilitator)
    lead.get_by_label("Wachtwoord").fill(PASSWORD)
    lead.get_by_role("button", name="Inloggen").click()
    expect(lead).not_to_have_url(re.compile("/inloggen"))
    lead.goto(f"{live_server}/live/{live_id}")
    status = lead.locator("#live-status")
    phone = watch(new_page(viewport=PHONE, is_mobile=True, has_touch=True))
    phone.goto(f"{live_server}/j/{code}")
    expect(lead.locator(".dt-lead-view__connected")).to_contain_text(
        "1 telefoon verbonden", timeout=WAIT
    )

    # Next and previous: the focus stays on the button; on the first block "Vorige" is
    # disabled, so the focus goes to the heading of what is on now.
    press(lead, live_id, "knop-volgende")
    expect_focus(lead, "knop-volgende")
    expect(status).to_contain_text(f"Nu: {rounds[1]}.")
    press(lead, live_id, "knop-vorige")
    expect_focus(lead, "nu-kop")
    expect(status).to_contain_text(f"Nu: {rounds[0]}.")

    # To the first dilemma from the agenda list: its button is gone, the heading has focus.
    first = next(i for i, title in enumerate(rounds) if title.startswith("Dilemma 1: "))
    press(lead, live_id, f"naar-{first}")
    expect_focus(lead, "nu-kop")
    expect(lead.locator("#nu-kop")).to_have_text(f"Nu: {rounds[first]}")

    # Open voting: "Stemmen openen" becomes "Stemmen sluiten" and keeps the focus.
    press(lead, live_id, "knop-stemmen")
    expect_focus(lead, "knop-stemmen")
    expect(lead.locator("#knop-stemmen")).to_have_text("Stemmen sluiten")
    expect(status).to_contain_text("Stemmen open;")

    # The phone answers from the keyboard: the focus stays on the chosen answer.
    answer_button = phone.locator("#keuze-A")
    expect(answer_button).to_be_visible(timeout=WAIT)
    answer_button.focus()
    phone.keyboard.press("Enter")
    expect(answer_button).to_have_attribute("aria-pressed", "true", timeout=WAIT)
    expect_focus(phone, "keuze-A")
    expect(phone.locator("#live-status")).to_have_text("Uw antwoord is opgeslagen.")

    # Close, reveal: the same control keeps the focus; the phone's buttons are gone with the
    # outcome, so its focus goes to the heading.
    press(lead, live_id, "knop-stemmen")
    expect_focus(lead, "knop-stemmen")
    expect(lead.locator("#knop-stemmen")).to_have_text("Stemmen heropenen")
    press(lead, live_id, "knop-uitkomst")
    expect_focus(lead, "knop-uitkomst")
    expect(status).to_contain_text("uitkomst op het scherm")
    expect(phone.get_by_role("heading", name="Waar staat u?")).to_be_visible(timeout=WAIT)
    expect_focus(phone, "live-kop")
    expect(phone.locator("#live-status")).to_have_text("De uitkomst staat klaar.")

    # The projector: the owner's window takes the keyboard, the plain link does not.
    owned = watch(lead.context.new_page())
    owned.set_viewport_size({"width": 1280, "height": 720})
    owned.goto(f"{live_server}/scherm/{token}")
    expect(owned.locator(".dt-screen")).to_have_attribute("data-stage", "outcome")
    plain = watch(new_page(viewport={"width": 1280, "height": 720}))
    plain.goto(f"{live_server}/scherm/{token}")
    posts: list[str] = []
    plain.on("request", lambda request: posts.append(request.method))
    plain.keyboard.press("ArrowRight")
    plain.keyboard.press("r")
    owned.keyboard.press("r")  # hide the outcome again
    expect(owned.locator(".dt-screen")).to_have_attribute("data-stage", "closed", timeout=WAIT)
    owned.keyboard.press("ArrowRight")
    expect(owned.locator("h1")).to_have_text(rounds[first + 1], timeout=WAIT)
    expect(plain.locator("h1")).to_have_text(rounds[first + 1], timeout=WAIT)
    expect(lead.locator("#nu-kop")).to_have_text(f"Nu: {rounds[first + 1]}", timeout=WAIT)
    owned.keyboard.press("ArrowLeft")
    expect(owned.locator("h1")).to_have_text(rounds[first], timeout=WAIT)
    owned.keyboard.press("b")
    expect(owned.locator("[data-blackout]")).to_be_visible()
    owned.keyboard.press("b")
    expect(owned.locator("[data-blackout]")).to_be_hidden()
    assert "POST" not in posts, "the plain projector link must not control the session"
    expect(plain.locator("[data-blackout]")).to_be_hidden()

    # The end: every stream stops and does not come back.
    lead.get_by_label(re.compile("^Ja, beëindig de sessie")).check()
    press(lead, live_id, "knop-einde")
    expect_focus(lead, "live-titel")
    expect(status).to_have_text("De sessie is afgelopen.")
    expect(phone.locator("#live-kop")).to_have_text("Bedankt voor het meedoen", timeout=WAIT)
    expect(plain.locator("h1")).to_have_text("Dank u wel voor het gesprek", timeout=WAIT)
    streams: list[str] = []

    def note_stream(request) -> None:
        if "/stroom" in request.url:
            streams.append(request.url)

    for page in (lead, phone, plain, owned):
        page.on("request", note_stream)
    phone.wait_for_timeout(3000)  # htmx would retry a lost stream after 0.5 s, 1 s, 2 s
    assert streams == [], streams
    assert refused == [], refused  # nothing the Content-Security-Policy had to refuse
