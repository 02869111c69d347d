"""Logging in and out, invitations, user management and the audit log, through the pages."""

from __future__ import annotations

from html import unescape

import pytest
from fastapi.testclient import TestClient

from backend.web.auth import CSRF_COOKIE, RateLimiter
from backend.web.deps import get_login_limiter
from tests.helpers import (
    PASSWORD,
    ROLE_EMAILS,
    csrf,
    heading,
    login,
    page,
    text_of,
    texts,
    value_of,
)
from tests.web.test_accessibility import PageAudit


def test_login_redirects_to_where_the_user_was_going(client, accounts):
    response = client.get("/beheer/gebruikers", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/inloggen?terug=/beheer/gebruikers"
    response = client.post(
        "/inloggen",
        data={
            "email": ROLE_EMAILS["admin"],
            "password": PASSWORD,
            "terug": "/beheer/gebruikers",
            "csrf_token": csrf(client),
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/beheer/gebruikers"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Gebruikers" in client.get("/beheer/gebruikers").text


def test_login_never_redirects_off_site(client, accounts):
    response = client.post(
        "/inloggen",
        data={
            "email": ROLE_EMAILS["editor"],
            "password": PASSWORD,
            "terug": "//evil.example",
            "csrf_token": csrf(client),
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/beheer"


def test_wrong_password_gives_a_dutch_error_and_keeps_the_email(client, accounts):
    response = client.post(
        "/inloggen",
        data={"email": ROLE_EMAILS["editor"], "password": "fout", "csrf_token": csrf(client)},
    )
    assert response.status_code == 400
    assert "Het e-mailadres of het wachtwoord klopt niet." in unescape(response.text)
    assert 'value="redacteur@example.org"' in response.text


def test_header_shows_who_is_logged_in_and_logout_works(client, accounts):
    login(client, "editor")
    assert "redacteur@example.org" in client.get("/").text
    client.post("/uitloggen", data={"csrf_token": csrf(client)})
    assert "Inloggen" in client.get("/").text
    assert client.get("/beheer", follow_redirects=False).status_code == 303


def test_forms_without_a_valid_csrf_token_are_refused(client, accounts):
    response = client.post("/inloggen", data={"email": ROLE_EMAILS["admin"], "password": PASSWORD})
    assert response.status_code == 403
    assert "formulier is verlopen" in unescape(response.text)
    response = client.post(
        "/inloggen",
        data={"email": ROLE_EMAILS["admin"], "password": PASSWORD, "csrf_token": "nagemaakt"},
    )
    assert response.status_code == 403


def test_admin_invites_and_the_link_sets_a_password(client, accounts):
    login(client, "admin")
    shown = client.post(
        "/beheer/gebruikers",
        data={
            "email": "nieuw@example.org",
            "name": "Nieuwe Adviseur",
            "role": "editor",
            "csrf_token": csrf(client),
        },
    )
    invite = text_of(page(shown), "code.dt-invite-link")
    assert invite.startswith("http://testserver/wachtwoord-instellen/"), invite
    link = invite.removeprefix("http://testserver")
    client.post("/uitloggen", data={"csrf_token": csrf(client)})
    assert "Kies een wachtwoord voor nieuw@example.org" in client.get(link).text
    weak = client.post(
        link, data={"password": "kort", "repeat": "kort", "csrf_token": csrf(client)}
    )
    assert weak.status_code == 400 and "te kort" in weak.text
    done = client.post(
        link, data={"password": PASSWORD, "repeat": PASSWORD, "csrf_token": csrf(client)}
    )
    assert "Uw wachtwoord is ingesteld" in done.text
    assert client.get(link).status_code == 404


def test_admin_changes_role_and_deactivates(client, accounts):
    login(client, "admin")
    editor_id = accounts["editor"]
    client.post(
        f"/beheer/gebruikers/{editor_id}/rol",
        data={"role": "facilitator", "csrf_token": csrf(client)},
    )
    client.post(
        f"/beheer/gebruikers/{editor_id}/actief", data={"active": "nee", "csrf_token": csrf(client)}
    )
    users = page(client.get("/beheer/gebruikers"))
    row = users.select_one("tbody tr:has(> td:-soup-contains('redacteur@example.org'))")
    assert row is not None, "the editor is not listed"
    email, _name, role, status = texts(row, "td")[:4]
    assert (email, status) == ("redacteur@example.org", "Uitgezet")
    assert role.startswith("Gespreksleider")
    assert value_of(row, "role") == "facilitator"  # the role form starts from the new role
    bad = client.post(
        f"/beheer/gebruikers/{editor_id}/rol", data={"role": "keizer", "csrf_token": csrf(client)}
    )
    assert bad.status_code == 400 and "Onbekende rol" in unescape(bad.text)
    own = client.post(
        f"/beheer/gebruikers/{accounts['admin']}/actief",
        data={"active": "nee", "csrf_token": csrf(client)},
    )
    assert own.status_code == 400


def test_audit_log_page_and_csv(client, accounts):
    login(client, "admin")
    page = client.get("/beheer/audit").text
    assert "login" in page and "beheerder@example.org" in page
    export = client.get("/beheer/audit.csv")
    assert export.headers["content-type"].startswith("text/csv")
    assert "attachment" in export.headers["content-disposition"]
    assert "login" in export.text
    assert "audit.export" in client.get("/beheer/audit").text


def test_login_is_rate_limited_per_client(client, accounts):
    statuses = [
        client.post(
            "/inloggen",
            data={"email": f"x{n}@example.org", "password": "fout", "csrf_token": csrf(client)},
        ).status_code
        for n in range(12)
    ]
    assert statuses[:10] == [400] * 10 and statuses[10:] == [429, 429]


def _post_with_cookies(client, url: str, data: dict, **cookies: str):
    """POST with some of the browser's cookies replaced (as a forger who planted them)."""
    jar = {**dict(client.cookies), **cookies}
    header = "; ".join(f"{name}={value}" for name, value in jar.items())
    return client.post(url, data=data, headers={"Cookie": header}, follow_redirects=False)


INVITE = {"email": "nieuw@example.org", "role": "editor"}


def test_unknown_and_locked_addresses_get_the_same_answer(client, accounts):
    """After five wrong passwords, a real account and an address without one answer alike:
    same status, same page, same cookies (no account enumeration)."""
    # A roomier client limit than the app's, swapped in the way tests swap any dependency.
    roomy = RateLimiter(limit=100, seconds=300)
    client.app.dependency_overrides[get_login_limiter] = lambda: roomy
    answers = {}
    for address in (ROLE_EMAILS["editor"], "niemand@example.org"):
        for _ in range(5):
            client.post(
                "/inloggen",
                data={"email": address, "password": "fout", "csrf_token": csrf(client)},
            )
        right_or_not = PASSWORD if address == ROLE_EMAILS["editor"] else "fout"
        answers[address] = client.post(
            "/inloggen",
            data={"email": address, "password": right_or_not, "csrf_token": csrf(client)},
        )
    known, unknown = answers.values()
    assert "tijdelijk geblokkeerd" in unescape(known.text)
    assert (known.status_code, known.headers.get_list("set-cookie")) == (
        unknown.status_code,
        unknown.headers.get_list("set-cookie"),
    )
    assert known.text.replace(ROLE_EMAILS["editor"], "@") == unknown.text.replace(
        "niemand@example.org", "@"
    )


def test_successful_logins_do_not_use_up_the_client_limit(client, accounts):
    """A griffie behind one address logs in all day; only failures count towards the limit."""
    for _ in range(15):
        login(client, "facilitator")
        client.post("/uitloggen", data={"csrf_token": csrf(client)})
    statuses = [
        client.post(
            "/inloggen",
            data={"email": f"x{n}@example.org", "password": "fout", "csrf_token": csrf(client)},
        ).status_code
        for n in range(11)
    ]
    correct = client.post(
        "/inloggen",
        data={"email": ROLE_EMAILS["admin"], "password": PASSWORD, "csrf_token": csrf(client)},
        follow_redirects=False,
    )
    assert statuses == [400] * 10 + [429]
    assert correct.status_code == 429  # a blocked connection cannot go on guessing


def test_login_renews_the_csrf_token_and_the_old_one_stops_working(client, accounts):
    before = csrf(client)
    login(client, "admin")
    after = client.cookies[CSRF_COOKIE]
    assert after != before
    assert f'value="{after}"' in client.get("/beheer/gebruikers").text
    # The token from before the login, even as a matching cookie and form field, is refused.
    forged = _post_with_cookies(
        client, "/beheer/gebruikers", {**INVITE, "csrf_token": before}, dt_csrf=before
    )
    assert forged.status_code == 403 and heading(forged) == "Geen toegang"
    accepted = _post_with_cookies(
        client, "/beheer/gebruikers", {**INVITE, "csrf_token": after}, dt_csrf=after
    )
    assert accepted.status_code == 200
    assert "nieuw@example.org is uitgenodigd." in text_of(page(accepted), "[role=status]")


def test_csrf_token_of_another_login_session_is_refused(client, accounts):
    other_browser = TestClient(client.app)
    login(other_browser, "admin")
    foreign = other_browser.cookies[CSRF_COOKIE]
    login(client, "admin")
    forged = _post_with_cookies(
        client, "/beheer/gebruikers", {**INVITE, "csrf_token": foreign}, dt_csrf=foreign
    )
    assert forged.status_code == 403


def test_logout_gives_a_fresh_anonymous_token_and_forms_keep_working(client, accounts):
    login(client, "editor")
    logged_in = client.cookies[CSRF_COOKIE]
    client.post("/uitloggen", data={"csrf_token": logged_in})
    assert client.cookies[CSRF_COOKIE] != logged_in
    login(client, "editor")  # the anonymous login form works with the fresh token


NEW_PASSWORD = "een heel ander lang wachtwoord"


def _change_password(client, current: str, new: str = NEW_PASSWORD, repeat: str | None = None):
    data = {
        "current": current,
        "password": new,
        "repeat": new if repeat is None else repeat,
        "csrf_token": csrf(client),
    }
    return client.post("/account/wachtwoord", data=data, follow_redirects=False)


def test_account_menu_leads_to_a_labelled_password_form(client, accounts):
    login(client, "facilitator")
    assert 'href="/account/wachtwoord"' in client.get("/").text
    page = PageAudit()
    page.feed(client.get("/account/wachtwoord").text)
    assert page.h1 == 1 and page.unlabelled() == [] and page.problems == []
    assert {"current", "password", "repeat"} <= {field.get("name") for field in page.fields}


@pytest.mark.parametrize(
    ("current", "new", "repeat", "message"),
    [
        ("fout wachtwoord", NEW_PASSWORD, None, "Uw huidige wachtwoord klopt niet"),
        (PASSWORD, "kort", None, "te kort"),
        (PASSWORD, "wachtwoord2024", None, "te gangbaar"),
        (PASSWORD, NEW_PASSWORD, "iets anders", "niet gelijk"),
    ],
)
def test_password_change_errors_are_dutch_and_next_to_their_field(
    client, accounts, current, new, repeat, message
):
    login(client, "editor")
    response = _change_password(client, current, new, repeat)
    assert response.status_code == 400
    text = unescape(response.text)
    assert message in text
    # The field in error is marked invalid and points at the message that explains it.
    form = page(response)
    invalid = form.select_one("input[aria-invalid=true]")
    assert invalid is not None, "no field is marked invalid"
    explained_by = [form.find(id=ident) for ident in str(invalid.get("aria-describedby")).split()]
    assert any(message in text_of(element) for element in explained_by if element is not None)
    assert PASSWORD not in text and NEW_PASSWORD not in text  # never echoed back


def test_changing_the_password_logs_out_other_browsers(client, accounts):
    other_browser = TestClient(client.app)
    login(other_browser, "editor")
    login(client, "editor")
    done = _change_password(client, PASSWORD)
    assert done.status_code == 303
    assert "Uw wachtwoord is gewijzigd" in client.get(done.headers["location"]).text
    still_in = client.get("/beheer")
    assert still_in.status_code == 200 and heading(still_in).startswith("Welkom")
    assert other_browser.get("/beheer", follow_redirects=False).status_code == 303
    fresh = TestClient(client.app)
    old = fresh.post(
        "/inloggen",
        data={"email": ROLE_EMAILS["editor"], "password": PASSWORD, "csrf_token": csrf(fresh)},
    )
    assert old.status_code == 400
    new = fresh.post(
        "/inloggen",
        data={"email": ROLE_EMAILS["editor"], "password": NEW_PASSWORD, "csrf_token": csrf(fresh)},
        follow_redirects=False,
    )
    assert new.status_code == 303
    login(client, "admin")
    assert "user.password_change" in client.get("/beheer/audit").text
