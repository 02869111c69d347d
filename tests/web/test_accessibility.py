"""Basic accessibility checks on every kind of page: language, one h1, labelled form fields,
images with alt text, and no positive tabindex (WCAG 2.1: 1.1.1, 1.3.1, 2.4.3, 3.1.1, 4.1.2)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from tests.helpers import login


class PageAudit(HTMLParser):
    def __init__(self):
        super().__init__()
        self.fields: list[dict] = []
        self.label_for: set[str] = set()
        self.open_labels = 0
        self.h1 = 0
        self.problems: list[str] = []
        self.lang = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang")
        if tag == "h1":
            self.h1 += 1
        if tag == "label":
            self.open_labels += 1
            if attributes.get("for"):
                self.label_for.add(attributes["for"])
        if tag == "img" and "alt" not in attributes:
            self.problems.append(f"img zonder alt: {attributes.get('src')}")
        if int(attributes.get("tabindex") or 0) > 0:
            self.problems.append(f"positieve tabindex op <{tag}>")
        if tag in ("input", "select", "textarea") and attributes.get("type") not in (
            "hidden",
            "submit",
        ):
            self.fields.append({**attributes, "_in_label": self.open_labels > 0, "_tag": tag})

    def handle_endtag(self, tag):
        if tag == "label":
            self.open_labels -= 1

    def unlabelled(self) -> list[str]:
        return [
            f"<{f['_tag']} name={f.get('name')} id={f.get('id')}>"
            for f in self.fields
            if not (
                f["_in_label"]
                or f.get("id") in self.label_for
                or f.get("aria-label")
                or f.get("aria-labelledby")
            )
        ]


def audit(client, url: str) -> PageAudit:
    response = client.get(url)
    assert response.status_code in (200, 400), (url, response.status_code)
    page = PageAudit()
    page.feed(response.text)
    return page


PUBLIC = [
    "/",
    "/dilemmas",
    "/dilemmas/subsidie-eigen-sportvereniging",
    "/goede-praktijken",
    "/casussen/geheimhouding",
    "/wet/gemeentewet-28",
    "/thema",
    "/zoeken?q=raad",
    "/zoeken",
    "/sessies",
    "/sessies/agenda?duur=90&datum=2030-01-01",
    "/sessies/periodeplan",
    "/wijzers",
    "/wijzers/persoonlijk-belang",
    "/wijzers/persoonlijk-belang?orgaan=raad&besluit=gewoon&belang=eigen&specifiek=ja",
    "/wijzers/geheimhouding?doel=opleggen&orgaan=college&onderwerp=stukken&grond=persoonlijke-levenssfeer&ontvanger=hele-raad",
    "/wijzers/ontheffing?overeenkomst=huur-pacht",
    "/wijzers/ontheffing/beleidskader",
    "/sessies/periodeplan?bestuurslaag=gemeente&start=2030-01-01",
    "/inloggen",
    "/sessies/agenda?duur=5",
    "/j",
    "/j?code=%3F%3F",
]
EDITOR = [
    "/beheer",
    "/beheer/content",
    "/beheer/content/nieuw/dilemma",
    "/beheer/content/nieuw/secrecy",
    "/beheer/content/subsidie-eigen-sportvereniging",
    "/beheer/content/subsidie-eigen-sportvereniging/geschiedenis",
]
ADMIN = ["/beheer/gebruikers", "/beheer/audit", "/beheer/agendas"]


@pytest.mark.parametrize("url", PUBLIC)
def test_public_pages(client, url):
    page = audit(client, url)
    assert page.lang == "nl" and page.h1 == 1, url
    assert page.unlabelled() == [] and page.problems == [], url


def test_pages_behind_login(client, accounts):
    login(client, "admin")
    for url in EDITOR + ADMIN:
        page = audit(client, url)
        assert page.lang == "nl" and page.h1 == 1, url
        assert page.unlabelled() == [] and page.problems == [], (url, page.unlabelled())


def test_live_pages(client, accounts, engine):
    """Facilitator, participant, presenter and report pages of a live session."""
    from sqlmodel import Session

    from backend.models import LiveSession

    login(client, "facilitator")
    started = client.post(
        "/live/start",
        data={"dilemma": "subsidie-eigen-sportvereniging", "csrf_token": client.cookies["dt_csrf"]},
        follow_redirects=False,
    )
    lead_url = started.headers["location"]
    with Session(engine) as db:
        live = db.get(LiveSession, int(lead_url.rsplit("/", 1)[-1]))
    urls = [lead_url, "/beheer/live", f"/j/{live.code}", f"/scherm/{live.presenter_token}"]
    urls.append(f"/verslag/{live.report_token}")
    for url in urls:
        page = audit(client, url)
        assert page.lang == "nl" and page.h1 == 1, url
        assert page.unlabelled() == [] and page.problems == [], (url, page.unlabelled())
