"""Response headers: nothing personal or secret is stored by browsers or proxies, HSTS only over
HTTPS, and powerful browser features are switched off."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from backend.main import create_app
from backend.models import LiveSession
from tests.conftest import make_settings
from tests.helpers import csrf, html_lang, link, login, page
from tests.web.test_agendas import BUILD


def stored(response) -> bool:
    """Whether a browser or proxy may keep a copy of this response."""
    return "no-store" not in response.headers.get("cache-control", "")


def test_public_pages_for_visitors_may_be_stored(client):
    assert stored(client.get("/dilemmas"))
    assert stored(client.get("/api/v1/dilemmas"))


def test_pages_for_logged_in_users_are_not_stored(client, accounts):
    login(client, "facilitator")
    assert not stored(client.get("/beheer"))
    assert not stored(client.get("/dilemmas"))  # the header shows who is logged in
    assert stored(client.get("/static/favicon.svg"))  # the same file for everyone


def test_secret_link_pages_are_not_stored(client, accounts, engine):
    login(client, "facilitator")
    saved = client.post(
        "/sessies/opslaan", data={**BUILD, "csrf_token": csrf(client)}, follow_redirects=False
    )
    edit_url = saved.headers["location"]
    view_url = link(page(client.get(edit_url)), "/sessies/bekijken/")
    started = client.post(
        "/live/start",
        data={"dilemma": "subsidie-eigen-sportvereniging", "csrf_token": csrf(client)},
        follow_redirects=False,
    )
    lead_url = started.headers["location"]
    with Session(engine) as db:
        live = db.exec(select(LiveSession)).one()
        code, screen, report = live.code, live.presenter_token, live.report_token
    client.cookies.delete("dt_sessie")  # the links are opened without a login
    for url in (
        view_url,
        f"{view_url}/agenda.md",
        f"/scherm/{screen}",
        f"/verslag/{report}",
        f"/j/{code}",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not stored(response), url
    assert not stored(client.get(lead_url, follow_redirects=False))
    assert not stored(client.get(edit_url, follow_redirects=False))


def test_hsts_only_over_https(client):
    assert "strict-transport-security" not in client.get("/").headers
    secure = client.get("https://testserver/")
    assert "max-age=31536000" in secure.headers["strict-transport-security"]


PROXY = "10.0.0.2"  # a TLS-terminating reverse proxy in DT_TRUSTED_PROXIES


def proxied_app(tmp_path, fixture_db):
    settings = make_settings(tmp_path, fixture_db)
    settings.trusted_proxies = [PROXY]
    return create_app(settings)


def test_hsts_and_secure_cookies_behind_a_tls_proxy_only_when_it_is_trusted(tmp_path, fixture_db):
    app = proxied_app(tmp_path, fixture_db)
    https = {"X-Forwarded-Proto": "https"}
    with TestClient(app, client=(PROXY, 40000)) as proxy:
        response = proxy.get("/", headers=https)
        assert "max-age=31536000" in response.headers["strict-transport-security"]
        assert "secure" in response.headers["set-cookie"].lower()
        plain = proxy.get("/", headers={"X-Forwarded-Proto": "http"})
        assert "strict-transport-security" not in plain.headers
    # Anyone else saying "https" is not believed: no HSTS, no Secure cookie on plain HTTP.
    with TestClient(app, client=("198.51.100.9", 40000)) as stranger:
        response = stranger.get("/", headers=https)
        assert "strict-transport-security" not in response.headers
        assert "secure" not in response.headers["set-cookie"].lower()


def assert_strict_policy(response) -> None:
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["referrer-policy"] == "same-origin"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_error_pages_static_files_and_probes_carry_the_strict_policy(tmp_path, fixture_db):
    app = create_app(make_settings(tmp_path, fixture_db))

    @app.get("/test-fout")
    def broken():
        raise RuntimeError("kapot")

    with TestClient(app, raise_server_exceptions=False) as client:
        answers = {
            "404 page": client.get("/bestaat-niet"),
            "404 json": client.get("/api/v1/dilemmas/bestaat-niet"),
            "405": client.post("/api/v1/dilemmas"),
            "500": client.get("/test-fout"),
            "static": client.get("/static/favicon.svg"),
            "probe": client.get("/healthz"),
        }
    assert {name: r.status_code for name, r in answers.items()} == {
        "404 page": 404,
        "404 json": 404,
        "405": 405,
        "500": 500,
        "static": 200,
        "probe": 200,
    }
    for response in answers.values():
        assert_strict_policy(response)


def test_camera_microphone_and_location_are_switched_off(client):
    policy = client.get("/").headers["permissions-policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy


def test_pages_and_their_htmx_fragments_vary_on_hx_request(client):
    """A page and its fragment share a URL, so no cache may hand one out for the other; pages
    without a fragment say so too (one render() for all)."""
    whole = client.get("/dilemmas")
    fragment = client.get("/dilemmas", headers={"HX-Request": "true"})
    assert html_lang(whole) == "nl" and html_lang(fragment) is None
    assert page(fragment).select(".dt-catalog")
    for response in (whole, fragment, client.get("/"), client.get("/zoeken?q=belang")):
        assert "HX-Request" in response.headers["vary"]
