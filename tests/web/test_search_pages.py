"""The search page, its htmx fragment and /api/v1/search, including hostile input."""

from __future__ import annotations

from html import unescape

import pytest


def test_search_box_on_every_page(client):
    for url in ["/", "/dilemmas", "/wet/gemeentewet-28"]:
        html = client.get(url).text
        assert 'action="/zoeken"' in html and 'name="q"' in html


def test_results_page_with_snippet_facets_and_url_state(client):
    response = client.get("/zoeken?q=hockeyclub")
    assert response.status_code == 200
    html = response.text
    assert "1 resultaat voor" in html
    assert "<mark>hockeyclub</mark>" in html
    assert 'href="/dilemmas/subsidie-eigen-sportvereniging"' in html
    assert 'name="soort" value="dilemma"' in html


def test_htmx_request_gets_the_results_fragment(client):
    response = client.get("/zoeken?q=raadslid", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text and 'id="results-heading"' in response.text


def test_filter_by_type_and_theme(client):
    html = client.get("/zoeken?q=raad&soort=secrecy").text
    assert "Geheime grondexploitatie" in html and "Subsidie voor je eigen" not in html


def test_suggestion_for_a_misspelling(client):
    html = client.get("/zoeken?q=hockyclub").text
    assert "Bedoelde u:" in html and "/zoeken?q=hockeyclub" in html


def test_empty_result_explains_what_to_try(client):
    html = unescape(client.get("/zoeken?q=zonnepanelen").text)
    assert "Niets gevonden" in html and "minder of andere woorden" in html


@pytest.mark.parametrize(
    "query",
    [
        "",
        "de het een",
        "x" * 5000,
        '"gesloten deuren',
        "*?~^:(",
        "raad\x00\x1b\x07",
        "'; DROP TABLE item; --",
        "<script>alert('x')</script>",
        "geheim* OR raad~2 AND title:(x)",
    ],
)
def test_bad_input_never_breaks_and_is_never_reflected_unescaped(client, query):
    for url in ["/zoeken", "/api/v1/search"]:
        response = client.get(url, params={"q": query})
        assert response.status_code in (200, 400), (url, query, response.status_code)
        assert "<script>alert" not in response.text
    page = client.get("/zoeken", params={"q": query})
    assert page.status_code == 200


def test_empty_query_explains_itself(client):
    assert "Typ een of meer woorden" in unescape(client.get("/zoeken").text)
    # The API lists everything instead (test_api.py), as its OpenAPI document says.


def test_unknown_filter_or_sort_is_a_dutch_400(client):
    assert client.get("/zoeken?q=raad&thema=onzin").status_code == 400
    response = client.get("/api/v1/search?q=raad&sorteer=alfabet")
    assert response.status_code == 400 and "Sorteren kan op" in response.json()["detail"]


def test_api_shape_matches_the_lists(client):
    body = client.get("/api/v1/search?q=artikel 28 gemeentewet").json()
    assert body["total"] == 2 and body["page"] == 1
    item = body["items"][0]
    assert {
        "type",
        "slug",
        "title",
        "themes",
        "roles",
        "levels",
        "legal_refs",
        "url",
        "api_url",
        "snippet",
        "score",
    } <= set(item)
    assert {facet["param"] for facet in body["facets"]} >= {
        "soort",
        "thema",
        "rol",
        "bestuurslaag",
        "artikel",
    }


def test_sort_newest(client):
    body = client.get("/api/v1/search?q=raad&sorteer=nieuwste").json()
    assert body["total"] >= 2


def test_search_says_when_the_index_is_being_rebuilt(client):
    index = client.app.state.search_index
    index._ready.clear()
    try:
        response = client.get("/zoeken?q=raad")
        assert response.status_code == 503
        assert "opnieuw opgebouwd" in unescape(response.text)
        assert client.get("/api/v1/search?q=raad").status_code == 503
    finally:
        index._ready.set()


def test_field_filter_typed_in_the_query(client):
    body = client.get("/api/v1/search", params={"q": "raad soort:secrecy"}).json()
    assert [item["slug"] for item in body["items"]] == ["grondexploitatie-besloten"]
    response = client.get("/api/v1/search", params={"q": "raad thema:onbekend"})
    assert response.status_code == 400 and "onbekend" in response.json()["detail"]


def test_only_an_exclusion_lists_everything_else(client):
    body = client.get("/api/v1/search", params={"q": "-geheimhouding"}).json()
    slugs = {item["slug"] for item in body["items"]}
    assert "grondexploitatie-besloten" not in slugs and "subsidie-eigen-sportvereniging" in slugs
