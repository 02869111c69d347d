"""The JSON API: list shape, filters, detail, vocabulary and errors."""

from __future__ import annotations

import pytest

from tests.helpers import heading

ITEM_KEYS = {"type", "slug", "title", "themes", "roles", "levels", "legal_refs", "url", "api_url"}


@pytest.mark.parametrize(
    ("url", "expected_type"),
    [
        ("/api/v1/dilemmas", "dilemma"),
        ("/api/v1/good-practices", "good_practice"),
        ("/api/v1/cases", "case"),
    ],
)
def test_lists_have_the_documented_shape(client, url, expected_type):
    body = client.get(url).json()
    assert {"items", "total", "page"} <= set(body)
    assert body["page"] == 1 and body["total"] == len(body["items"]) > 0
    for item in body["items"]:
        assert set(item) >= ITEM_KEYS
        assert item["type"] == expected_type
        assert client.get(item["api_url"]).status_code == 200
        shown = client.get(item["url"])
        assert shown.status_code == 200 and heading(shown) == item["title"], item["url"]


def test_case_list_filters_on_kind_and_shared_filters(client):
    body = client.get("/api/v1/cases?soort=secrecy").json()
    assert [item["slug"] for item in body["items"]] == ["grondexploitatie-besloten"]
    assert body["items"][0]["kind"] == "secrecy"
    body = client.get("/api/v1/cases?artikel=gemeentewet-28").json()
    assert [item["slug"] for item in body["items"]] == ["stemming-over-eigen-perceel"]


def test_list_filters_are_the_same_as_the_pages(client):
    body = client.get("/api/v1/dilemmas?thema=belangenverstrengeling&moeilijkheid=3").json()
    assert body["total"] == 0
    facets = {facet["param"]: facet for facet in body["facets"]}
    counts = {value["value"]: value["count"] for value in facets["moeilijkheid"]["values"]}
    assert counts == {"2": 1, "3": 0}


def test_detail_has_all_fields_and_sections(client):
    body = client.get("/api/v1/dilemmas/subsidie-eigen-sportvereniging").json()
    assert body["fields"]["difficulty"] == 2
    assert body["fields"]["options"]["C"].startswith("Ik meld mij af")
    assert set(body["sections"]) == {"situation", "question", "considerations", "explanation"}
    assert body["legal_refs"] == ["gemeentewet-28", "awb-2-4"]


def test_case_detail_carries_kind_specific_fields(client):
    body = client.get("/api/v1/cases/stemming-over-eigen-perceel").json()
    assert body["kind"] == "personal_interest"
    assert body["fields"]["recusal_required"] is True


def test_vocabulary_lists_every_vocabulary_with_labels(client):
    body = client.get("/api/v1/vocabulary").json()
    assert {"themes", "roles", "levels", "legal_refs"} <= set(body)
    assert len(body["themes"]) == 14
    assert {"slug": "gemeente", "label": "Gemeente"}.items() <= body["levels"][0].items()


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/dilemmas/bestaat-niet", 404),
        ("/api/v1/cases/subsidie-eigen-sportvereniging", 404),
        ("/api/v1/dilemmas?thema=onzin", 400),
        ("/api/v1/dilemmas?pagina=nul", 400),
        ("/api/v1/cases?soort=anders", 400),
    ],
)
def test_errors_are_json_in_dutch(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail


def test_openapi_documents_the_endpoints_and_docs_are_self_hosted(client):
    spec = client.get("/api/openapi.json").json()
    for path in [
        "/api/v1/dilemmas",
        "/api/v1/dilemmas/{slug}",
        "/api/v1/good-practices",
        "/api/v1/cases",
        "/api/v1/cases/{slug}",
        "/api/v1/vocabulary",
    ]:
        assert path in spec["paths"]
    docs = client.get("/api/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs
    assert "cdn.jsdelivr" not in docs


def test_openapi_describes_the_api_only(client):
    """The public document lists /api/v1 and nothing else: no pages, no admin routes."""
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/v1/search" in paths
    assert [path for path in paths if not path.startswith("/api/v1/")] == []


def test_openapi_documents_the_dutch_errors_the_api_gives(client):
    spec = client.get("/api/openapi.json").json()
    error_schema = spec["components"]["schemas"]["ErrorOut"]
    assert error_schema["required"] == ["detail"]

    def documented(path: str) -> dict:
        return spec["paths"][path]["get"]["responses"]

    for path in ["/api/v1/dilemmas", "/api/v1/good-practices", "/api/v1/cases", "/api/v1/search"]:
        assert documented(path)["400"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/ErrorOut"
        }
    for path in [
        "/api/v1/dilemmas/{slug}",
        "/api/v1/good-practices/{slug}",
        "/api/v1/cases/{slug}",
    ]:
        assert "404" in documented(path)
    assert "503" in documented("/api/v1/search")
    # Invalid input is answered with 400, so FastAPI's default 422 would be a lie. (The
    # decision aids are POST-only and document their own Dutch 422, see test_aids.py.)
    for operations in spec["paths"].values():
        if "get" in operations:
            assert "422" not in operations["get"]["responses"]
    assert "HTTPValidationError" not in spec["components"]["schemas"]


def test_search_schema_offers_the_sort_orders_it_accepts(client):
    parameters = client.get("/api/openapi.json").json()["paths"]["/api/v1/search"]["get"]
    by_name = {parameter["name"]: parameter for parameter in parameters["parameters"]}
    assert by_name["q"]["required"] is False
    assert by_name["sorteer"]["schema"]["enum"] == ["relevantie", "nieuwste"]


def test_search_without_q_lists_every_published_item_newest_first(client):
    response = client.get("/api/v1/search")
    assert response.status_code == 200
    body = response.json()
    published = sum(
        client.get(url).json()["total"]
        for url in ["/api/v1/dilemmas", "/api/v1/good-practices", "/api/v1/cases"]
    )
    assert body["total"] == published == len(body["items"])
    updated = [client.get(item["api_url"]).json()["updated_at"] for item in body["items"]]
    assert updated == sorted(updated, reverse=True)
    assert client.get("/api/v1/search?q=").json()["total"] == published


def test_search_with_only_common_words_answers_with_a_notice(client):
    response = client.get("/api/v1/search", params={"q": "de het een"})
    assert response.status_code == 200
    body = response.json()
    assert body["items"] == [] and body["total"] == 0
    assert "veelvoorkomende woorden" in body["notices"][0]


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("POST", "/api/v1/dilemmas"),
        ("DELETE", "/api/v1/dilemmas/subsidie-eigen-sportvereniging"),
        ("TRACE", "/api/v1/search"),
        ("PUT", "/api/v1/vocabulary"),
    ],
)
def test_unsupported_methods_say_which_are_allowed(client, method, url):
    response = client.request(method, url)
    assert response.status_code == 405
    allowed = {value.strip() for value in response.headers["allow"].split(",")}
    assert allowed == {"GET", "HEAD"}
    assert response.json()["detail"]


@pytest.mark.parametrize("q", ["", "de het", "raad"])
def test_search_refuses_an_unknown_sort_order_whatever_the_words(client, q):
    response = client.get("/api/v1/search", params={"q": q, "sorteer": "alfabet"})
    assert response.status_code == 400
    assert "Sorteren kan op: relevantie, nieuwste." in response.json()["detail"]


def test_an_empty_sort_order_is_refused_by_the_api_and_forgiven_by_the_page(client):
    """The document's enum has no empty value (found by a 200-example schemathesis run)."""
    response = client.get("/api/v1/search", params={"q": "raad", "sorteer": ""})
    assert response.status_code == 400
    assert "Sorteren kan op: relevantie, nieuwste." in response.json()["detail"]
    assert client.get("/zoeken", params={"q": "raad", "sorteer": ""}).status_code == 200
