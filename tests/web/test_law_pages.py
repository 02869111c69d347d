"""Law pages: what the article says in plain Dutch, when that was checked, and the official
text on wetten.overheid.nl."""

from __future__ import annotations

from html import unescape

from backend import vocabulary
from tests.helpers import links, page, text_of


def test_an_article_page_explains_the_article_and_links_to_the_official_text(client):
    response = client.get("/wet/gemeentewet-28")
    article = page(response)
    assert text_of(article, "h2#law-explained") == "Wat staat er in dit artikel?"
    assert "De enige uitzondering op de regel is de stemming over de toelating" in text_of(article)
    checked = article.select_one("time")
    assert checked is not None and checked["datetime"] == "2026-11-30"
    assert text_of(checked) == "30-11-2026"
    # The link is escaped in the page and points at the article, not the whole act.
    assert "BWBR0005416&amp;artikel=28" in response.text
    official = article.select_one("a[rel=external]")
    assert official is not None
    assert official["href"] == "https://wetten.overheid.nl/jci1.3:c:BWBR0005416&artikel=28"
    assert text_of(official) == "Officiële tekst van artikel 28 Gemeentewet"


def test_an_unverified_article_number_links_to_the_act(client):
    response = client.get("/wet/waterschapswet-94")
    assert "artikel=" not in response.text
    article = page(response)
    assert "Wat regelt dit?" in text_of(article)
    official = article.select_one("a[rel=external]")
    assert official is not None and official["href"] == "https://wetten.overheid.nl/BWBR0005108/"
    assert text_of(official) == "Officiële tekst van de Waterschapswet"


def test_old_articles_and_acts_without_a_verified_id_have_no_link(client):
    old = unescape(client.get("/wet/gemeentewet-25-oud").text)
    assert "wetten.overheid.nl/jci" not in old
    assert "tekst van vóór een wetswijziging, die niet meer geldt" in old
    act = unescape(client.get("/wet/wet-bescherming-klokkenluiders").text)
    assert "wetten.overheid.nl/" not in act.replace("op wetten.overheid.nl.", "")


def test_every_law_page_has_its_explanation(client):
    for term in vocabulary.LEGAL_ARTICLES.terms:
        html = unescape(client.get(f"/wet/{term.slug}").text)
        assert term.explanation in html, term.slug
        if term.official_url:
            assert term.official_url in links(page(html)), term.slug
