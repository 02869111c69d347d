"""The authorization matrix: every route × {anonymous, facilitator, editor, admin}.

A new route without a rule here fails test_every_route_has_a_rule, so no route can ship
without a decision about who may use it.
"""

from __future__ import annotations

import pytest
from fastapi.routing import iter_route_contexts

from tests.helpers import csrf, heading, login

# "METHOD path": the least role that may use the route ("public" for everyone).
RULES = {
    "GET /": "public",
    "GET /dilemmas": "public",
    "GET /dilemmas/{slug}": "public",
    "GET /goede-praktijken": "public",
    "GET /goede-praktijken/{slug}": "public",
    "GET /casussen": "public",
    "GET /casussen/persoonlijk-belang": "public",
    "GET /casussen/persoonlijk-belang/{slug}": "public",
    "GET /casussen/geheimhouding": "public",
    "GET /casussen/geheimhouding/{slug}": "public",
    "GET /thema": "public",
    "GET /thema/{slug}": "public",
    "GET /rol": "public",
    "GET /rol/{slug}": "public",
    "GET /bestuurslaag": "public",
    "GET /bestuurslaag/{slug}": "public",
    "GET /wet": "public",
    "GET /wet/{slug}": "public",
    "GET /zoeken": "public",
    "GET /sessies": "public",
    "GET /sessies/agenda": "public",
    "GET /sessies/agenda.{extension}": "public",
    "GET /sessies/periodeplan": "public",
    "GET /sessies/periodeplan.{extension}": "public",
    "GET /wijzers": "public",
    "GET /wijzers/persoonlijk-belang": "public",
    "GET /wijzers/geheimhouding": "public",
    "GET /wijzers/ontheffing": "public",
    "GET /wijzers/ontheffing/beleidskader": "public",
    "POST /api/v1/wijzers/persoonlijk-belang": "public",
    "POST /api/v1/wijzers/geheimhouding": "public",
    "POST /api/v1/wijzers/ontheffing": "public",
    "POST /sessies/opslaan": "facilitator",
    "GET /sessies/bewerken/{token}": "facilitator",
    "POST /sessies/bewerken/{token}/wijzig": "facilitator",
    "POST /sessies/bewerken/{token}/kopie": "facilitator",
    "GET /sessies/bewerken/{token}/zoek": "facilitator",
    "GET /sessies/bekijken/{token}": "public",
    "GET /sessies/bekijken/{token}/agenda.{extension}": "public",
    "GET /beheer/agendas": "facilitator",
    "POST /live/start": "facilitator",
    "GET /live/{session_id}": "facilitator",
    "GET /live/{session_id}/stroom": "facilitator",
    "POST /live/{session_id}/{action}": "facilitator",
    "GET /beheer/live": "facilitator",
    # Participants, the projector and the report: no account; codes and links are the key.
    "GET /j": "public",
    "GET /j/{code}": "public",
    "GET /j/{code}/stroom": "public",
    "POST /j/{code}/antwoord": "public",
    "GET /scherm/{token}": "public",
    "GET /scherm/{token}/stroom": "public",
    "GET /verslag/{token}": "public",
    "GET /verslag/{token}/verslag.{extension}": "public",
    "GET /api/v1/dilemmas": "public",
    "GET /api/v1/dilemmas/{slug}": "public",
    "GET /api/v1/good-practices": "public",
    "GET /api/v1/good-practices/{slug}": "public",
    "GET /api/v1/cases": "public",
    "GET /api/v1/cases/{slug}": "public",
    "GET /api/v1/vocabulary": "public",
    "GET /api/v1/search": "public",
    "GET /api/docs": "public",
    # Health probes for orchestrators and load balancers: fixed words, nothing personal.
    "GET /healthz": "public",
    "GET /readyz": "public",
    "GET /api/openapi.json": "public",
    "GET /inloggen": "public",
    "POST /inloggen": "public",
    "POST /uitloggen": "public",
    "GET /wachtwoord-instellen/{token}": "public",
    "POST /wachtwoord-instellen/{token}": "public",
    "GET /beheer": "facilitator",
    "GET /account/wachtwoord": "facilitator",
    "POST /account/wachtwoord": "facilitator",
    "GET /beheer/gebruikers": "admin",
    "POST /beheer/gebruikers": "admin",
    "POST /beheer/gebruikers/{user_id}/rol": "admin",
    "POST /beheer/gebruikers/{user_id}/actief": "admin",
    "GET /beheer/audit": "admin",
    "GET /beheer/audit.csv": "admin",
    "GET /beheer/content": "editor",
    "GET /beheer/content/export.zip": "editor",
    "GET /beheer/content/nieuw/{type_key}": "editor",
    "POST /beheer/content/nieuw/{type_key}": "editor",
    "POST /beheer/content/voorbeeld": "editor",
    "GET /beheer/content/{slug}": "editor",
    "POST /beheer/content/{slug}": "editor",
    "GET /beheer/content/{slug}/geschiedenis": "editor",
    "POST /beheer/content/{slug}/indienen": "editor",
    "POST /beheer/content/{slug}/autosave": "editor",
    "POST /beheer/content/{slug}/goedkeuren": "editor",
    "POST /beheer/content/{slug}/terugsturen": "editor",
    "POST /beheer/content/{slug}/archiveren": "editor",
    "POST /beheer/content/{slug}/herstellen/{number}": "editor",
    "POST /beheer/content/{slug}/verwijderen/{number}": "admin",
    # Admins only, and only where DT_ADMIN_DIRECT_PUBLISH is set (off in these tests).
    "POST /beheer/content/{slug}/publiceren": "nobody",
}
# JSON endpoints that compute an answer and change nothing (the decision aids): no CSRF token.
STATELESS_JSON = {
    "POST /api/v1/wijzers/persoonlijk-belang",
    "POST /api/v1/wijzers/geheimhouding",
    "POST /api/v1/wijzers/ontheffing",
}
RANK = {"public": 0, "facilitator": 1, "editor": 2, "admin": 3, "nobody": 4}
SAMPLES = {
    "{slug}": None,  # filled per route below
    "{token}": "onbekend-token",
}
ITEM_SLUGS = {
    "/dilemmas": "subsidie-eigen-sportvereniging",
    "/goede-praktijken": "kennismakingsgesprek-nieuwe-raadsleden",
    "/casussen/persoonlijk-belang": "stemming-over-eigen-perceel",
    "/casussen/geheimhouding": "grondexploitatie-besloten",
    "/thema": "belangenverstrengeling",
    "/rol": "raadslid",
    "/bestuurslaag": "gemeente",
    "/wet": "gemeentewet-28",
    "/api/v1/dilemmas": "subsidie-eigen-sportvereniging",
    "/api/v1/good-practices": "kennismakingsgesprek-nieuwe-raadsleden",
    "/api/v1/cases": "grondexploitatie-besloten",
}


def app_routes(app) -> set[str]:
    """Every "METHOD path" the app answers, through included routers too (static excluded)."""
    found = set()
    for context in iter_route_contexts(app.routes):
        if context.path.startswith("/static"):
            continue
        found.update(
            f"{method} {context.path}" for method in context.methods or () if method != "HEAD"
        )
    return found


def concrete(path: str, accounts: dict) -> str:
    if path.startswith("/beheer/content"):
        return (
            path.replace("{slug}", "subsidie-eigen-sportvereniging")
            .replace("{type_key}", "dilemma")
            .replace("{number}", "1")
        )
    if "{slug}" in path:
        return path.replace("{slug}", ITEM_SLUGS[path.rsplit("/", 1)[0]])
    path = path.replace("{extension}", "md").replace("{code}", "ABCDEF")
    path = path.replace("{session_id}", "999999").replace("{action}", "volgende")
    return path.replace("{token}", "onbekend-token").replace(
        "{user_id}", str(accounts["facilitator"])
    )


def test_every_route_has_a_rule(client):
    missing = app_routes(client.app) - set(RULES)
    assert not missing, f"routes zonder autorisatieregel: {sorted(missing)}"
    assert not set(RULES) - app_routes(client.app), "regels voor routes die niet bestaan"


@pytest.mark.parametrize("who", ["anonymous", "facilitator", "editor", "admin"])
def test_matrix(client, accounts, who):
    if who != "anonymous":
        login(client, who)
    rank = RANK.get(who, 0)
    for rule, minimum in RULES.items():
        method, path = rule.split(" ", 1)
        if path in ("/uitloggen",) or (path == "/inloggen" and method == "POST"):
            continue  # changes who is logged in; covered in test_accounts
        url = concrete(path, accounts)
        data = {
            "csrf_token": csrf(client),
            "role": "editor",
            "active": "ja",
            "email": "m@example.org",
        }
        response = (
            client.get(url, follow_redirects=False)
            if method == "GET"
            else client.post(url, data=data, follow_redirects=False)
        )
        denied = response.status_code in (401, 403) or (
            response.status_code == 303 and response.headers["location"].startswith("/inloggen")
        )
        if rank >= RANK[minimum]:
            assert not denied, (who, rule, response.status_code)
            assert response.status_code < 500, (who, rule)
        elif who == "anonymous":
            expected = 401 if path.startswith("/api/") else 303
            assert response.status_code == expected, (who, rule, response.status_code)
        else:
            assert response.status_code == 403, (who, rule, response.status_code)


def test_every_form_route_checks_csrf(client, accounts):
    login(client, "admin")
    for rule in RULES:
        method, path = rule.split(" ", 1)
        if method != "POST":
            continue
        response = client.post(
            concrete(path, accounts), data={"role": "editor"}, follow_redirects=False
        )
        if rule in STATELESS_JSON:
            # No cookie, no state: a cross-site form cannot send JSON, so it is refused.
            assert response.status_code == 422, rule
            continue
        assert response.status_code == 403, rule
        assert heading(response) == "Geen toegang", rule
