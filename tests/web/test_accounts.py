"""Logging in and out, invitations, user management and the audit log, through the pages."""

from __future__ import annotations

import re
from html import unescape

from tests.web.conftest import PASSWORD, ROLE_EMAILS, csrf, login


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
    page = client.post(
        "/beheer/gebruikers",
        data={
            "email": "nieuw@example.org",
            "name": "Nieuwe Adviseur",
            "role": "editor",
            "csrf_token": csrf(client),
        },
    ).text
    link = re.search(r"http://testserver(/wachtwoord-instellen/[\w-]+)", page).group(1)
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
    page = client.get("/beheer/gebruikers").text
    row = page.split("redacteur@example.org")[1].split("</tr>")[0]
    assert "Gespreksleider" in row and "Uitgezet" in row
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
    login_limiter = client.app.state.login_limiter
    login_limiter._attempts.clear()
    statuses = [
        client.post(
            "/inloggen",
            data={"email": f"x{n}@example.org", "password": "fout", "csrf_token": csrf(client)},
        ).status_code
        for n in range(12)
    ]
    login_limiter._attempts.clear()
    assert statuses[:10] == [400] * 10 and statuses[10:] == [429, 429]
