"""Live sessions over HTTP: every action with every role, joining, answering, abuse, the
report, the dilemma page's overview and a restart in the middle of a session."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from backend.main import create_app
from backend.models import LiveAnswer, LiveParticipant, LiveRound, LiveSession
from backend.web.live_lead import ACTIONS
from tests.conftest import make_settings
from tests.helpers import add_user, csrf, field, html_lang, login, page, text_of

SLUG = "subsidie-eigen-sportvereniging"  # options A, B, C


def chosen_answers(response) -> list[str]:
    """The answers the phone's ballot shows as chosen (marked and pressed)."""
    return [
        str(button["value"])
        for button in page(response).select("button.dt-answer--chosen[aria-pressed=true]")
    ]


def start(client) -> int:
    """As the logged-in facilitator: a live session of the fixture dilemma; returns its id."""
    response = client.post(
        "/live/start", data={"dilemma": SLUG, "csrf_token": csrf(client)}, follow_redirects=False
    )
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[-1])


def act(client, session_id: int, action: str, **form):
    return client.post(
        f"/live/{session_id}/{action}",
        data={"csrf_token": csrf(client), **form},
        follow_redirects=False,
    )


def live_row(engine, session_id: int) -> LiveSession:
    with Session(engine) as db:
        return db.get(LiveSession, session_id)


class Phone:
    """A participant's browser: its own cookies, no account."""

    def __init__(self, app, code: str):
        self.client = TestClient(app)
        self.code = code
        self.page = self.client.get(f"/j/{code}")

    def answer(self, option: str, round_: int = 0, htmx: bool = False):
        headers = {"HX-Request": "true"} if htmx else {}
        return self.client.post(
            f"/j/{self.code}/antwoord",
            data={"ronde": str(round_), "keuze": option, "csrf_token": csrf(self.client)},
            headers=headers,
            follow_redirects=False,
        )


@pytest.fixture
def running(client, accounts, engine):
    """A running session owned by the facilitator, answering open; (client, id, code)."""
    login(client, "facilitator")
    session_id = start(client)
    assert act(client, session_id, "openen").status_code == 303
    return client, session_id, live_row(engine, session_id).code


# --- starting and leading ---------------------------------------------------------------------


def test_a_facilitator_starts_a_session_from_a_dilemma(client, accounts, engine):
    login(client, "facilitator")
    session_id = start(client)
    shown = client.get(f"/live/{session_id}")
    live = live_row(engine, session_id)
    assert shown.status_code == 200
    assert f"/j/{live.code}" in shown.text and f"/scherm/{live.presenter_token}" in shown.text
    assert "QR-code om mee te doen" not in shown.text  # the join QR code is for the projector
    assert "Scherm voor de beamer openen" in shown.text and "Stemmen openen" in shown.text
    # "Presenteren": a QR code to this page for the facilitator's own phone, drawn with the
    # page only, never with the panel that every update redraws.
    assert "Bedien deze sessie vanaf uw telefoon" in shown.text
    assert len(page(shown).select(".dt-qr")) == 1
    assert "QR-code om deze sessie vanaf uw telefoon te bedienen" in shown.text
    panel = client.get(f"/live/{session_id}", headers={"HX-Request": "true"})
    assert not page(panel).select(".dt-qr")


def test_starting_needs_an_agenda_or_a_dilemma(client, accounts):
    login(client, "facilitator")
    for data in ({}, {"dilemma": "bestaat-niet"}, {"agenda": "onbekend"}):
        response = client.post(
            "/live/start", data={**data, "csrf_token": csrf(client)}, follow_redirects=False
        )
        assert response.status_code in (404, 409), data
        assert "agenda" in response.text or "dilemma" in response.text


def test_a_saved_agenda_starts_a_session_for_its_owner_only(client, accounts, engine):
    login(client, "facilitator")
    saved = client.post(
        "/sessies/opslaan",
        data={"publiek": "raad", "duur": "60", "csrf_token": csrf(client)},
        follow_redirects=False,
    )
    token = saved.headers["location"].rsplit("/", 1)[-1]
    edit_page = client.get(f"/sessies/bewerken/{token}")
    assert 'action="/live/start"' in edit_page.text
    started = client.post(
        "/live/start", data={"agenda": token, "csrf_token": csrf(client)}, follow_redirects=False
    )
    assert started.status_code == 303
    client.post("/uitloggen", data={"csrf_token": csrf(client)})
    login(client, "admin")
    refused = client.post(
        "/live/start", data={"agenda": token, "csrf_token": csrf(client)}, follow_redirects=False
    )
    assert refused.status_code == 403


WHO = ["anonymous", "participant", "other-facilitator", "editor", "admin"]


@pytest.mark.parametrize("who", WHO)
def test_only_the_owner_can_lead_the_session(client, accounts, engine, who):
    login(client, "facilitator")
    session_id = start(client)
    code = live_row(engine, session_id).code
    outsider = TestClient(client.app)
    if who == "participant":
        outsider.get(f"/j/{code}")  # has a participant cookie, nothing more
    elif who == "other-facilitator":
        add_user(engine, "tweede@example.org", "facilitator")
        login(outsider, "tweede@example.org")
    elif who in ("editor", "admin"):
        login(outsider, who)
    before = live_row(engine, session_id)
    expected = 303 if who in ("anonymous", "participant") else 403
    for action in ACTIONS:
        response = act(
            outsider, session_id, action, positie="0", minuten="5", delen="ja", zeker="ja"
        )
        assert response.status_code == expected, (who, action, response.status_code)
        if expected == 303:
            assert response.headers["location"].startswith("/inloggen")
    for url in (f"/live/{session_id}", f"/live/{session_id}/stroom"):
        assert outsider.get(url, follow_redirects=False).status_code == expected
    after = live_row(engine, session_id)
    assert (after.event_seq, after.status, after.share_results) == (
        before.event_seq,
        before.status,
        before.share_results,
    )


def test_the_owner_can_do_every_action(running, engine):
    client, session_id, _ = running
    steps = [
        ("sluiten", {}),
        ("openen", {}),
        ("tonen", {}),
        ("verbergen", {}),
        ("verlengen", {"minuten": "5"}),
        ("aantal-verbergen", {}),
        ("aantal-tonen", {}),
        ("deelname-sluiten", {}),
        ("deelname-openen", {}),
        ("verwacht", {"verwacht": "12"}),
        ("afspraken", {"positie": "0", "afspraken": "Elk jaar in januari."}),
        ("naar", {"positie": "0"}),
        ("beeindigen", {"zeker": "ja"}),
        ("delen", {"delen": "ja"}),
    ]
    assert {name for name, _ in steps} | {"volgende", "vorige"} == set(ACTIONS)
    for action, form in steps:
        response = act(client, session_id, action, **form)
        assert response.status_code == 303, (action, response.text)
    live = live_row(engine, session_id)
    assert live.status == "ended" and live.share_results


def test_refused_steps_say_why_in_dutch_and_change_nothing(running, engine):
    client, session_id, _ = running
    before = live_row(engine, session_id).event_seq
    for action, form in [
        ("volgende", {}),  # a single dilemma has no next block
        ("vorige", {}),
        ("openen", {}),  # already open
        ("verlengen", {"minuten": "veel"}),
        ("verlengen", {"minuten": "90"}),
        ("naar", {"positie": "x"}),
        ("beeindigen", {}),  # not confirmed
    ]:
        response = act(client, session_id, action, **form)
        assert response.status_code == 409, (action, response.status_code)
        assert html_lang(response) == "nl"  # a whole page that says what is wrong
    htmx = client.post(
        f"/live/{session_id}/openen",
        data={"csrf_token": csrf(client)},
        headers={"HX-Request": "true"},
    )
    assert htmx.status_code == 409 and "staat al open" in htmx.text
    assert page(htmx).select_one("#live-leiding")  # the panel again, with the message
    assert act(client, session_id, "bestaat-niet").status_code == 404
    assert live_row(engine, session_id).event_seq == before


def test_the_facilitator_sees_notes_time_and_the_agreements_field(running):
    client, session_id, _ = running
    shown = client.get(f"/live/{session_id}").text
    assert "Om over na te denken" in shown and "Toelichting" in shown
    assert "Verwachte eindtijd" in shown and "gepland" in shown
    assert field(page(shown), "afspraken")
    saved = client.post(
        f"/live/{session_id}/afspraken",
        data={"positie": "0", "afspraken": "Meld nevenfuncties.", "csrf_token": csrf(client)},
        headers={"HX-Request": "true"},
    )
    assert saved.status_code == 200 and saved.text.startswith("Opgeslagen om")
    assert "Meld nevenfuncties." in client.get(f"/live/{session_id}").text


def test_my_live_sessions_lists_only_my_own(running, accounts):
    client, _session_id, code = running
    assert code in client.get("/beheer/live").text
    other = TestClient(client.app)
    login(other, "editor")
    assert code not in other.get("/beheer/live").text


# --- joining and answering ------------------------------------------------------------------


def test_joining_with_the_code_in_any_form(running):
    client, _, code = running
    phone = TestClient(client.app)
    typed = phone.get(
        "/j", params={"code": f" {code[:3].lower()} {code[3:]} "}, follow_redirects=False
    )
    assert typed.status_code == 303 and typed.headers["location"] == f"/j/{code}"
    shown = phone.get(f"/j/{code}")
    assert shown.status_code == 200 and "dt_deelnemer" in phone.cookies
    ballot = page(shown)
    assert field(ballot, "keuze")
    assert not ballot.select("input[type=text], input:not([type]), textarea")  # no name asked
    assert phone.get(f"/j/{code.lower()}", follow_redirects=False).headers["location"] == (
        f"/j/{code}"
    )


def test_a_wrong_code_gets_a_friendly_page_and_guessing_is_limited(running):
    client, _, code = running
    guesser = TestClient(client.app)
    wrong = guesser.get("/j/ABCDEF")
    assert wrong.status_code == 404 and "Controleer de code" in wrong.text
    retry = page(wrong).select_one("form[action='/j']")  # the form to try again
    assert retry is not None and field(retry, "code")["id"] == "code"
    assert text_of(retry, "label[for=code]") == "Code van de sessie"
    assert guesser.get("/j", params={"code": "??"}).status_code == 400
    for _ in range(19):
        guesser.get("/j/ABCDEG")
    # Blocked: wrong codes are refused outright, and every further lookup goes through a
    # slow lane of 20 a minute, whatever the code, so guessing crawls.
    statuses = [guesser.get("/j/ABCDEH").status_code for _ in range(19)]
    assert set(statuses) == {429} and "te vaak" in guesser.get("/j/ABCDEJ").text
    assert guesser.get(f"/j/{code}").status_code == 429  # the slow lane is used up
    assert guesser.get(f"/j/{code}/stroom").status_code == 429


def test_typos_in_the_room_do_not_lock_out_the_correct_code(running):
    """Phones behind one town-hall address: a few typos must not keep the others out."""
    client, _, code = running
    member = Phone(client.app, code)  # joined before the typos
    typist = TestClient(client.app)
    for _ in range(20):
        typist.get("/j/ABCDEG")
    assert typist.get("/j/ABCDEG").status_code == 429
    newcomer = Phone(client.app, code)  # the right code still gets in
    assert newcomer.page.status_code == 200 and "dt_deelnemer" in newcomer.client.cookies
    for _ in range(25):  # use up the slow lane
        typist.get("/j/ABCDEG")
    assert member.answer("A").status_code == 303  # phones that joined carry on
    assert newcomer.answer("B").status_code == 303
    still_in = member.client.get(f"/j/{code}")
    assert still_in.status_code == 200  # the session itself, not the form to type a code
    assert not page(still_in).select("form[action='/j']") and "U hebt te vaak" not in still_in.text


def test_forwarded_for_is_ignored_unless_from_a_trusted_proxy(running):
    client, _, _code = running
    dodger = TestClient(client.app)
    for n in range(20):  # a new X-Forwarded-For each time does not reset the count
        dodger.get("/j/ABCDEG", headers={"X-Forwarded-For": f"203.0.113.{n}"})
    limited = dodger.get("/j/ABCDEG", headers={"X-Forwarded-For": "198.51.100.7"})
    assert limited.status_code == 429
    assert "U hebt te vaak een verkeerde code ingevuld" in text_of(page(limited), "[role=alert]")
    client.app.state.settings.trusted_proxies = ["testclient"]
    try:  # behind a trusted proxy, each forwarded address has its own count
        behind = TestClient(client.app)
        response = behind.get("/j/ABCDEG", headers={"X-Forwarded-For": "198.51.100.8"})
        assert response.status_code == 404 and "Controleer de code" in response.text
    finally:
        client.app.state.settings.trusted_proxies = []


def test_answers_are_stored_and_can_be_changed_while_open(running, engine):
    client, _, code = running
    phone = Phone(client.app, code)
    first = phone.answer("A", htmx=True)
    assert first.status_code == 200 and "Uw antwoord is opgeslagen" in first.text
    assert first.headers["Live-Event-Id"].isdigit()
    changed = phone.answer("C", htmx=True)
    assert chosen_answers(changed) == ["C"]
    assert "Live-Event-Id" not in changed.headers  # the count did not change
    assert phone.answer("B").status_code == 303  # without JavaScript: back to the page
    with Session(engine) as db:
        answers = db.exec(select(LiveAnswer)).all()
    assert [a.option for a in answers] == ["B"]
    assert set(answers[0].model_dump()) == {"id", "round_id", "participant", "option"}


def test_bad_answers_are_refused_without_side_effects(running, engine, accounts):
    client, session_id, code = running
    phone = Phone(client.app, code)
    assert phone.answer("Z").status_code == 409  # forged option
    assert phone.answer("A", round_=1).status_code == 409  # a round that does not exist
    assert phone.answer("A", round_="x").status_code == 409
    no_cookie = TestClient(client.app)
    no_cookie.get("/j")  # a CSRF cookie, but no participant token
    response = no_cookie.post(
        f"/j/{code}/antwoord",
        data={"ronde": "0", "keuze": "A", "csrf_token": csrf(no_cookie)},
    )
    assert response.status_code == 400 and "cookies" in response.text
    assert (
        phone.client.post(f"/j/{code}/antwoord", data={"ronde": "0", "keuze": "A"}).status_code
        == 403
    )
    # Another session of the same facilitator, not open: its round refuses answers.
    other_id = start(client)
    other_code = live_row(engine, other_id).code
    other_phone = Phone(client.app, other_code)
    assert other_phone.answer("A").status_code == 409
    act(client, session_id, "sluiten")
    assert phone.answer("A").status_code == 409  # closed round
    with Session(engine) as db:
        assert db.exec(select(LiveAnswer)).all() == []


def test_a_self_made_participant_cookie_cannot_vote(running, engine):
    """The join code is on the projector: a script that makes up its own participant tokens
    must not be able to add answers (one phone, one vote)."""
    client, _, code = running
    script = TestClient(client.app)
    script.get("/j")  # only a CSRF cookie
    statuses = []
    for n in range(5):
        script.cookies.set("dt_deelnemer", f"zelfgemaakt-token-nummer-{n:02d}-abcdefghij")
        response = script.post(
            f"/j/{code}/antwoord", data={"ronde": "0", "keuze": "A", "csrf_token": csrf(script)}
        )
        statuses.append(response.status_code)
    assert statuses == [403] * 5
    assert "doet nog niet mee" in response.text
    with Session(engine) as db:
        assert db.exec(select(LiveAnswer)).all() == []
    # A token issued by another session does not count here either.
    other_id = start(client)
    outsider = Phone(client.app, live_row(engine, other_id).code)
    outsider.code = code
    assert outsider.answer("A").status_code == 403


def test_joins_from_one_address_are_limited_by_the_expected_group(running, engine):
    """A whole council behind one town-hall address gets in; a script cannot fill the session."""
    client, session_id, code = running
    assert act(client, session_id, "verwacht", verwacht="2").status_code == 303
    budget = 2 * 3 // 2 + 5
    phones = [Phone(client.app, code) for _ in range(budget)]
    assert all("dt_deelnemer" in phone.client.cookies for phone in phones)
    late = Phone(client.app, code)
    assert "dt_deelnemer" not in late.client.cookies
    assert "zoveel telefoons mee als de gespreksleider verwacht" in late.page.text
    assert 'name="keuze"' not in late.page.text
    assert phones[0].answer("A").status_code == 303  # those inside still vote
    lead = page(client.get(f"/live/{session_id}"))
    joined = text_of(lead, "p:-soup-contains('telefoons doen mee')")
    assert joined.startswith(f"{budget} telefoons doen mee"), joined
    # Raising the expected number lets the next phone in.
    act(client, session_id, "verwacht", verwacht="10")
    assert "dt_deelnemer" in Phone(client.app, code).client.cookies
    assert act(client, session_id, "verwacht", verwacht="veel").status_code == 409


def test_closing_joining_keeps_the_room_and_stops_newcomers(running, engine):
    client, session_id, code = running
    member = Phone(client.app, code)
    assert act(client, session_id, "deelname-sluiten").status_code == 303
    assert "Deelname weer openen" in client.get(f"/live/{session_id}").text
    newcomer = Phone(client.app, code)
    assert "deelname aan deze sessie gesloten" in newcomer.page.text
    assert "dt_deelnemer" not in newcomer.client.cookies
    assert member.answer("B").status_code == 303
    act(client, session_id, "deelname-openen")
    assert 'name="keuze"' in newcomer.client.get(f"/j/{code}").text  # now it joins
    with Session(engine) as db:
        assert len(db.exec(select(LiveParticipant)).all()) == 2


def test_a_flood_from_one_phone_is_cut_off(running, engine):
    client, _, code = running
    phone = Phone(client.app, code)
    statuses = [phone.answer("AB"[n % 2]).status_code for n in range(35)]
    assert statuses[:30] == [303] * 30 and set(statuses[30:]) == {429}
    with Session(engine) as db:
        assert len(db.exec(select(LiveAnswer)).all()) == 1


def test_where_do_i_stand_after_the_reveal(running):
    client, session_id, code = running
    phones = [Phone(client.app, code) for _ in range(3)]
    for phone, option in zip(phones, "AAB", strict=True):
        phone.answer(option)
    before = phones[0].client.get(f"/j/{code}").text
    assert "Waar staat u?" not in before
    act(client, session_id, "tonen")
    after = phones[0].client.get(f"/j/{code}").text
    assert "Waar staat u?" in after and "1 ander koos hetzelfde" in after
    assert "67%" in after and "(uw antwoord)" in after


def test_results_stay_hidden_below_the_minimum(running):
    client, session_id, code = running
    phones = [Phone(client.app, code) for _ in range(2)]
    for phone in phones:
        phone.answer("A")
    act(client, session_id, "tonen")
    shown = phones[0].client.get(f"/j/{code}").text
    assert "te weinig antwoorden" in shown.lower() and "100%" not in shown


# --- the presenter's screen -----------------------------------------------------------------


def test_the_presenter_link_shows_but_cannot_control(running, engine):
    client, session_id, code = running
    token = live_row(engine, session_id).presenter_token
    screen = TestClient(client.app)
    shown = screen.get(f"/scherm/{token}")
    assert shown.status_code == 200 and code[:3] in shown.text
    screen_page = page(shown)
    assert screen_page.select("[sse-swap=count]") and not screen_page.find("form")
    assert "data-control" not in shown.text  # no keyboard control for the plain link
    assert screen.post(f"/scherm/{token}", data={"csrf_token": csrf(screen)}).status_code == 405
    for action in ACTIONS:
        response = screen.post(
            f"/live/{session_id}/{action}",
            data={"csrf_token": csrf(screen), "zeker": "ja"},
            follow_redirects=False,
        )
        assert response.status_code == 303  # to the login page
    assert screen.get("/scherm/onbekend").status_code == 404


def test_the_answer_count_can_be_hidden_on_the_screen(running, engine):
    client, session_id, _ = running
    token = live_row(engine, session_id).presenter_token
    assert page(client.get(f"/scherm/{token}")).select("[sse-swap=count]")
    act(client, session_id, "aantal-verbergen")
    shown = client.get(f"/scherm/{token}")
    assert not page(shown).select("[sse-swap=count]")
    assert "aantal antwoorden verborgen" in shown.text


# --- the report and the overview on the dilemma's page ---------------------------------------


def test_the_report_appears_when_the_session_ends(running, engine):
    client, session_id, code = running
    for option in "ABB":
        Phone(client.app, code).answer(option)
    act(client, session_id, "afspraken", positie="0", afspraken="Voortaan melden we het vooraf.")
    token = live_row(engine, session_id).report_token
    reader = TestClient(client.app)  # anyone with the link
    assert "nog niet" in reader.get(f"/verslag/{token}").text
    assert reader.get(f"/verslag/{token}/verslag.md").status_code == 409
    act(client, session_id, "beeindigen", zeker="ja")
    shown = reader.get(f"/verslag/{token}").text
    assert "Subsidie voor je eigen sportvereniging" in shown and "67%" in shown
    assert "Voortaan melden we het vooraf." in shown and "3 deelnemers" in shown
    markdown = reader.get(f"/verslag/{token}/verslag.md")
    assert "B. Ik neem wel deel aan het debat, maar stem niet mee. — 2 (67%)" in markdown.text
    assert markdown.headers["content-disposition"].startswith('attachment; filename="verslag-')
    csv_text = reader.get(f"/verslag/{token}/verslag.csv").text
    assert csv_text.startswith("\ufeff")  # Excel reads the file as UTF-8
    assert csv_text.splitlines()[0].startswith("\ufeffOnderdeel;Soort;Gepland (minuten)")
    assert ";Dilemma;" in csv_text and ";B;" in csv_text and ";2;67;" in csv_text
    docx = reader.get(f"/verslag/{token}/verslag.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert reader.get(f"/verslag/{token}/verslag.pdf").status_code == 404
    assert reader.get("/verslag/onbekend").status_code == 404
    # The participant's phone says thank you; the stream tells the browser to stop.
    phone = Phone(client.app, code)
    assert "Bedankt voor het meedoen" in phone.page.text
    assert phone.client.get(f"/j/{code}/stroom").status_code == 204


def test_the_dilemma_page_shows_shared_totals_only(running, engine):
    client, session_id, code = running
    for option in "AAC":
        Phone(client.app, code).answer(option)
    act(client, session_id, "beeindigen", zeker="ja")
    anonymous = TestClient(client.app)
    assert "Zo antwoordden raden" not in anonymous.get(f"/dilemmas/{SLUG}").text
    act(client, session_id, "delen", delen="ja")
    shown = anonymous.get(f"/dilemmas/{SLUG}").text
    assert "Zo antwoordden raden" in shown and "In 1 livesessie" in shown and "67%" in shown
    assert "Dit dilemma live bespreken" not in shown  # only for people who are logged in


# --- a restart in the middle of a session ----------------------------------------------------


def test_a_restart_loses_nothing(tmp_path, fixture_db, engine):
    settings = make_settings(tmp_path, fixture_db)
    add_user(engine, "leider@example.org", "facilitator")
    first_app = create_app(settings)
    with TestClient(first_app) as leader:
        login(leader, "leider@example.org")
        session_id = start(leader)
        act(leader, session_id, "openen")
        code = live_row(engine, session_id).code
        phones = [Phone(first_app, code) for _ in range(3)]
        for phone, option in zip(phones, "ABB", strict=True):
            phone.answer(option)
        cookies = [dict(phone.client.cookies) for phone in phones]
        leader_cookies = dict(leader.cookies)
        seq = live_row(engine, session_id).event_seq

    second_app = create_app(settings)  # a new process on the same database
    with TestClient(second_app, cookies=leader_cookies) as leader:
        shown = leader.get(f"/live/{session_id}").text
        assert "Stemmen sluiten" in shown and ">3</strong> antwoorden" in shown
        phone = TestClient(second_app, cookies=cookies[0])
        assert chosen_answers(phone.get(f"/j/{code}")) == ["A"]
        assert (
            phone.post(
                f"/j/{code}/antwoord",
                data={"ronde": "0", "keuze": "C", "csrf_token": cookies[0]["dt_csrf"]},
                follow_redirects=False,
            ).status_code
            == 303
        )
        assert act(leader, session_id, "tonen").status_code == 303
        assert live_row(engine, session_id).event_seq == seq + 1  # numbering goes on
        assert act(leader, session_id, "beeindigen", zeker="ja").status_code == 303
    with Session(engine) as db:
        round_ = db.exec(select(LiveRound).where(LiveRound.session_id == session_id)).one()
    assert round_.counts == {"B": 2, "C": 1}


def test_join_links_use_the_configured_address_not_the_host_header(running, engine):
    client, session_id, code = running
    forged = {"Host": "phishing.example"}
    assert "http://phishing.example/j/" in client.get(f"/live/{session_id}", headers=forged).text
    client.app.state.settings.base_url = "https://dilemmatafel.example.nl/"
    try:
        lead = client.get(f"/live/{session_id}", headers=forged).text
        token = live_row(engine, session_id).presenter_token
        screen = client.get(f"/scherm/{token}", headers=forged).text
    finally:
        client.app.state.settings.base_url = ""
    assert f"https://dilemmatafel.example.nl/j/{code}" in lead and "phishing" not in lead
    assert f"https://dilemmatafel.example.nl/scherm/{token}" in lead
    assert "phishing" not in screen and "dilemmatafel.example.nl" in screen


def test_the_join_screen_shows_the_qr_code_and_the_phones_connected(client, accounts, engine):
    login(client, "facilitator")
    session_id = start(client)
    live = live_row(engine, session_id)
    screen = TestClient(client.app).get(f"/scherm/{live.presenter_token}").text
    assert page(screen).select(".dt-qr") and f"{live.code[:3]} {live.code[3:]}" in screen
    assert "0 telefoons verbonden" in screen
    assert "Nog 15:00" in screen or "Nog 14:5" in screen  # the time left, in words
    act(client, session_id, "openen")  # voting: the code stays, in the bar
    voting = TestClient(client.app).get(f"/scherm/{live.presenter_token}").text
    assert not page(voting).select(".dt-qr") and page(voting).select(".dt-screen__join-line")


def test_the_owner_presenting_from_the_projector_window_gets_the_keyboard(running, engine):
    client, session_id, _ = running
    token = live_row(engine, session_id).presenter_token
    shown = client.get(f"/scherm/{token}").text  # the facilitator's own browser
    assert f'data-control="/live/{session_id}"' in shown
    other = TestClient(client.app)
    login(other, "admin")  # logged in, but not the session's owner
    assert "data-control" not in other.get(f"/scherm/{token}").text
