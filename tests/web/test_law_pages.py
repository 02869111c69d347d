"""Law pages: what the article says in plain Dutch, when that was checked, and the official
text on wetten.overheid.nl."""

from __future__ import annotations

from html import unescape

from backend import vocabulary


def test_an_article_page_explains_the_article_and_links_to_the_official_text(client):
    html = client.get("/wet/gemeentewet-28").text
    assert '<h2 id="law-explained">Wat staat er in dit artikel?</h2>' in html
    assert "De enige uitzondering op de regel is de stemming over de toelating" in unescape(html)
    assert '<time datetime="2026-11-30">30-11-2026</time>' in html
    # The link is escaped in the page and points at the article, not the whole act.
    assert (
        '<a href="https://wetten.overheid.nl/jci1.3:c:BWBR0005416&amp;artikel=28" rel="external">'
        "Officiële tekst van artikel 28 Gemeentewet</a>"
    ) in html


def test_an_unverified_article_number_links_to_the_act(client):
    html = unescape(client.get("/wet/waterschapswet-94").text)
    assert "Wat regelt dit?" in html
    assert 'href="https://wetten.overheid.nl/BWBR0005108/"' in html
    assert "Officiële tekst van de Waterschapswet" in html
    assert "artikel=" not in html


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
            assert f'href="{term.official_url}"' in html
