"""The search page, its htmx fragment and /api/v1/search, including hostile input."""

from __future__ import annotations

from html import unescape

import pytest

from tests.helpers import html_lang, links, page, texts


def test_search_box_on_every_page(client):
    for url in ["/", "/dilemmas", "/wet/gemeentewet-28"]:
        html = client.get(url).text
        assert 'action="/zoeken"' in html and 'name="q"' in html


def test_results_page_with_snippet_facets_and_url_state(client):
    response = client.get("/zoeken?q=hockeyclub")
    assert response.status_code == 200
    html = response.text
    assert "1 resultaat voor" in html
    results = page(response)
    assert "hockeyclub" in texts(results, "mark")
    assert "/dilemmas/subsidie-eigen-sportvereniging" in links(results)
    assert results.select("[name=soort][value=dilemma]")


def test_htmx_request_gets_the_results_fragment(client):
    response = client.get("/zoeken?q=raadslid", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert html_lang(response) is None and page(response).select_one("#results-heading")


def test_filter_by_type_and_theme(client):
    html = client.get("/zoeken?q=raad&soort=secrecy").text
    assert "Geheime grondexploitatie" in html and "Subsidie voor je eigen" not in html


def test_suggestion_for_a_misspelling_searched_as_typed(client):
    html = client.get("/zoeken?q=hockyclub&letterlijk=1").text
    assert "Bedoelde u:" in html and "/zoeken?q=hockeyclub" in html
    assert "0 resultaten voor ‘hockyclub’" in unescape(html)


def test_a_clear_misspelling_shows_the_results_for_the_likely_word(client):
    html = unescape(client.get("/zoeken?q=hockyclub").text)
    assert "1 resultaat voor ‘hockeyclub’" in html
    assert 'href="/dilemmas/subsidie-eigen-sportvereniging"' in html
    assert "Zoek in plaats daarvan op" in html
    assert 'href="/zoeken?q=hockyclub&letterlijk=1"' in html
    body = client.get("/api/v1/search", params={"q": "hockyclub"}).json()
    assert body["corrected_from"] == "hockyclub" and body["suggestion"] == "hockeyclub"
    assert [item["slug"] for item in body["items"]] == ["subsidie-eigen-sportvereniging"]


def test_a_word_still_being_typed_matches_as_a_prefix(client):
    response = client.get("/zoeken?q=nevenfunc", headers={"HX-Request": "true"})
    assert 'href="/goede-praktijken/kennismakingsgesprek-nieuwe-raadsleden"' in response.text
    body = client.get("/api/v1/search", params={"q": "nevenfunc"}).json()
    assert "kennismakingsgesprek-nieuwe-raadsleden" in [item["slug"] for item in body["items"]]
    # A word of the index is searched as itself, not widened to longer words.
    assert client.get("/api/v1/search", params={"q": "hockeyclub"}).json()["total"] == 1


def test_an_unknown_filter_value_from_an_old_bookmark_is_ignored_with_a_notice(client):
    response = client.get("/zoeken?q=raad&thema=onzin&soort=secrecy")
    assert response.status_code == 200
    html = unescape(response.text)
    assert "kent de waarde 'onzin' niet (meer); we zochten zonder dit filter" in html
    assert "Geheime grondexploitatie" in html and "Subsidie voor je eigen" not in html


def test_a_page_number_past_the_end_shows_the_last_page(client):
    response = client.get("/zoeken?q=raad&pagina=40")
    assert response.status_code == 200
    html = unescape(response.text)
    assert "Pagina 40 bestaat niet (meer)" in html
    assert "Geheime grondexploitatie" in html


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


def test_unknown_sort_is_a_dutch_400(client):
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
