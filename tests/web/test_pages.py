"""HTML pages over the fixture corpus: every route, filters, htmx fragments, errors."""

from __future__ import annotations

from html import unescape

import pytest

from tests.helpers import html_lang, page, text_of

PAGES = [
    ("/", "Het gesprek over integriteit, goed voorbereid"),
    ("/dilemmas", "Subsidie voor je eigen sportvereniging"),
    ("/dilemmas/subsidie-eigen-sportvereniging", "Antwoordmogelijkheden"),
    ("/goede-praktijken", "Kennismakingsgesprek met nieuwe raadsleden"),
    ("/goede-praktijken/kennismakingsgesprek-nieuwe-raadsleden", "Stappen"),
    ("/casussen", "Casussen persoonlijk belang"),
    ("/casussen/persoonlijk-belang", "Stemming over het eigen perceel"),
    ("/casussen/persoonlijk-belang/stemming-over-eigen-perceel", "Onthouding wettelijk vereist"),
    ("/casussen/geheimhouding", "Geheime grondexploitatie"),
    ("/casussen/geheimhouding/grondexploitatie-besloten", "Economische of financiële belangen"),
    ("/wet", "Gemeentewet art. 28"),
    ("/wet/gemeentewet-28", "Stemming over het eigen perceel"),
    ("/thema", "Belangenverstrengeling"),
    ("/thema/belangenverstrengeling", "Subsidie voor je eigen sportvereniging"),
    ("/rol", "Dijkgraaf"),
    ("/rol/wethouder", "Geheime grondexploitatie"),
    ("/bestuurslaag", "Waterschap"),
    ("/bestuurslaag/gemeente", "Kennismakingsgesprek met nieuwe raadsleden"),
]


@pytest.mark.parametrize(("url", "expected"), PAGES)
def test_every_page_renders_in_dutch(client, url, expected):
    response = client.get(url)
    assert response.status_code == 200
    assert html_lang(response) == "nl"
    assert expected in response.text


def test_detail_page_renders_every_field_and_links_its_vocabulary(client):
    page = unescape(client.get("/dilemmas/subsidie-eigen-sportvereniging").text)
    for text in [
        "Gemiddeld",
        "15 minuten",
        "Ik meld mij af voor debat en stemming.",
        "Situatie",
        "Om over na te denken",
        "Toelichting",
        "Artikel 28 van de Gemeentewet.",
    ]:
        assert text in page
    assert 'href="/wet/gemeentewet-28"' in page
    assert 'href="/wet/awb-2-4"' in page
    assert 'href="/thema/belangenverstrengeling"' in page
    assert 'href="/rol/raadslid"' in page
    assert 'href="/bestuurslaag/gemeente"' in page


def test_detail_page_shows_related_items_sharing_theme_or_article(client):
    detail = page(client.get("/dilemmas/subsidie-eigen-sportvereniging"))
    related = text_of(detail, "section[aria-labelledby=related-heading]")
    assert "Stemming over het eigen perceel" in related
    assert "Geheime grondexploitatie" not in related


def test_article_page_lists_every_item_citing_it_grouped_by_type(client):
    html = client.get("/wet/gemeentewet-28").text
    assert "Subsidie voor je eigen sportvereniging" in html
    assert "Stemming over het eigen perceel" in html
    assert "Geheime grondexploitatie" not in html


def test_filters_combine_and_show_counts(client):
    html = client.get("/dilemmas?thema=belangenverstrengeling&moeilijkheid=2").text
    assert "1 dilemma met deze filters" in html
    assert page(html).select("input[name=moeilijkheid][value='2'][checked]")
    none = client.get("/dilemmas?thema=nevenfuncties").text
    assert "0 dilemma" in none
    assert "Er zijn geen items die aan al deze filters voldoen" in none


def test_secrecy_list_filters_on_regime_and_issue(client):
    html = client.get("/casussen/geheimhouding?regime=sinds-2023&kwestie=opgeheven").text
    assert "Geheime grondexploitatie" in html
    html = client.get("/casussen/geheimhouding?regime=voor-2023").text
    assert "Geheime grondexploitatie" not in html


def test_htmx_request_gets_only_the_catalog_fragment(client):
    response = client.get("/dilemmas?thema=belangenverstrengeling", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert html_lang(response) is None
    assert page(response).select(".dt-catalog")
    assert 'hx-push-url="true"' in response.text


def test_unknown_filter_value_gives_a_dutch_400_page(client):
    response = client.get("/dilemmas?thema=bestaat-niet")
    assert response.status_code == 400
    assert "kent de waarde 'bestaat-niet' niet" in unescape(response.text)
    assert "belangenverstrengeling" in response.text


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", "9999999"])
def test_bad_page_number_gives_a_dutch_400_page(client, page):
    response = client.get(f"/dilemmas?pagina={page}")
    assert response.status_code == 400
    assert "paginanummer" in response.text


def test_page_past_the_end_is_explained(client):
    response = client.get("/dilemmas?pagina=3")
    assert response.status_code == 400
    assert "Pagina 3 bestaat niet; deze lijst heeft 1 pagina." in response.text


@pytest.mark.parametrize(
    "url",
    [
        "/dilemmas/bestaat-niet",
        "/goede-praktijken/x",
        "/casussen/geheimhouding/stemming-over-eigen-perceel",
        "/wet/gemeentewet-999",
        "/thema/onbekend",
        "/rol/koning",
        "/bestuurslaag/rijk",
        "/nergens",
    ],
)
def test_unknown_pages_give_a_dutch_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Foutcode 404" in response.text
    assert html_lang(response) == "nl"


def test_user_input_is_never_reflected_unescaped(client):
    response = client.get("/dilemmas/<script>alert(1)</script>")
    assert "<script>alert(1)</script>" not in response.text
    response = client.get("/dilemmas?thema=<img src=x onerror=alert(1)>")
    assert response.status_code == 400
    assert "<img src=x" not in response.text


def test_pages_send_security_headers(client):
    headers = client.get("/").headers
    assert "default-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


def test_hidden_items_are_not_shown(client, engine):
    from sqlmodel import Session, select

    from backend.models import Item

    with Session(engine) as db:
        item = db.exec(select(Item).where(Item.slug == "subsidie-eigen-sportvereniging")).one()
        item.status = "draft"
        db.add(item)
        db.commit()
    assert client.get("/dilemmas/subsidie-eigen-sportvereniging").status_code == 404
    assert "Subsidie voor je eigen" not in client.get("/dilemmas").text
    assert "Subsidie voor je eigen" not in client.get("/wet/awb-2-4").text
    with Session(engine) as db:
        item = db.exec(select(Item).where(Item.slug == "subsidie-eigen-sportvereniging")).one()
        item.status, item.visibility = "published", "internal"
        db.add(item)
        db.commit()
    assert client.get("/dilemmas/subsidie-eigen-sportvereniging").status_code == 404
    assert client.get("/api/v1/dilemmas").json()["total"] == 0


def test_static_files_are_served_locally(client):
    html = client.get("/").text
    assert "https://" not in html.split("<body")[0]
    for path in [
        "/static/vendor/htmx/htmx.min.js",
        "/static/vendor/utrecht/index.css",
        "/static/vendor/voorbeeld-design-tokens/theme.css",
        "/static/css/dilemmatafel.css",
    ]:
        assert client.get(path).status_code == 200
