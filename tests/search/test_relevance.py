"""Relevance over the shipped corpus: how mayors, councillors and griffiers phrase questions.

Each query lists items that must appear in the top five; some also require a tag (theme or
type) on the first result. A failing case means a change made search worse for a real
question, not that the test needs new expectations.
"""

from __future__ import annotations

import pytest

TOP = 5

CASES = [
    # (query, slugs that must be in the top 5, tag required on the first hit or None)
    (
        "mag ik meestemmen over de subsidie voor mijn tennisclub",
        ["gewoon-lid-tennisvereniging-sportaccommodatiebeleid"],
        ("themes", "belangenverstrengeling"),
    ),
    (
        "wethouder krijgt kaartjes voor de Champions League",
        ["skybox-uitnodiging-voor-de-commissaris"],
        None,
    ),
    (
        "stukken uitgelekt naar de krant",
        [
            "lek-schikkingsbedrag-cultuurhuis-dorrewijk",
            "journalist-na-de-besloten-statenvergadering",
        ],
        None,
    ),
    ("geheim", ["heldere-werkwijze-geheimhouding"], ("themes", "geheimhouding-en-informatie")),
    ("belang", [], ("themes", "belangenverstrengeling")),
    ("art 28", [], ("legal_refs", "gemeentewet-28")),
    ("artikel 28 gemeentewet", [], ("legal_refs", "gemeentewet-28")),
    ("28 Gw", [], ("legal_refs", "gemeentewet-28")),
    ("artikel 2:4 Awb", [], ("legal_refs", "awb-2-4")),
    ("artikel 272 Sr", [], ("legal_refs", "sr-272")),
    ("kerstpakket van een leverancier", ["kerstpakket-aan-de-voordeur"], None),
    ("relatiegeschenk", ["kerstpakket-aan-de-voordeur"], ("themes", "geschenken-en-uitnodigingen")),
    ("cadeau van een aannemer", [], ("themes", "geschenken-en-uitnodigingen")),
    (
        "raadslid bedreigd na debat",
        ["steun-bij-intimidatie-en-bedreiging", "dreigmail-na-het-debat-over-de-opvanglocatie"],
        None,
    ),
    ("ondermijning vakantiepark", ["subsidieaanvraag-voor-het-vakantiepark"], None),
    ("declaratie diner partner", ["declaratie-diner-met-partner"], None),
    ("dienstauto gebruiken voor partij", ["dienstauto-naar-partijcongres"], None),
    ("twitter bericht wethouder", [], ("themes", "sociale-media")),  # many such items now
    ("geheime stukken op instagram", ["foto-geheime-presentatie-op-instagram"], None),
    ("melding integriteitsschending raadslid", ["intake-van-een-integriteitsmelding"], None),
    (
        "extern integriteitsonderzoek wethouder",
        ["besluiten-over-extern-integriteitsonderzoek", "integriteitsonderzoek-wethouder-tolsdonk"],
        None,
    ),
    ("hoor en wederhoor", ["hoor-en-wederhoor-zorgvuldig-organiseren"], None),
    (
        "VOG wethouder",
        ["vog-kandidaat-wethouder-nog-niet-binnen", "vog-procedure-bestuurders-tijdig-regelen"],
        None,
    ),
    ("risicoanalyse kandidaat wethouder", ["risicoanalyse-kandidaat-wethouders"], None),
    ("lobbyist oud-wethouder", ["oud-wethouder-als-lobbyist"], None),
    ("ontheffing gedeputeerde staten", ["ontheffing-voor-de-enige-garage"], None),
    ("besloten vergadering geheimhouding", ["besloten-vergadering-zwembad-ruisdonk"], None),
    ("bekrachtiging geheimhouding oud", ["vergeten-bekrachtiging-sluisdonk"], ("type", "secrecy")),
    ("familie vergunning wethouder", ["wethouder-zoon-omgevingsvergunning-terras"], None),
    (
        "waterschap peilbesluit eigen grond",
        ["peilbesluit-en-de-eigen-landerijen", "ab-lid-peilbesluit-onderbemaling-eigen-percelen"],
        None,
    ),
    (
        "commissaris van de koning integriteit gemeente",
        ["commissaris-van-de-koning-als-adviseur-van-burgemeesters"],
        None,
    ),
    ("schoonzoon pacht", ["pacht-via-de-schoonzoon"], None),
    ("burgercommissielid", ["burgercommissielid-en-het-ingenieursbureau"], None),
    ("nevenfunctie statenlid", [], ("themes", "nevenfuncties")),
    ("gedragscode bespreken raad", ["gedragscode-samen-bespreken-en-actualiseren"], None),
    ("verkiezingen campagne", ["gedragsafspraken-in-aanloop-naar-verkiezingen"], None),
    # Misspellings, accents and compounds.
    ("geheimhuding", [], None),
    ("belangenverstrengling", [], None),
    ("beinvloeding lobby", ["oud-wethouder-als-lobbyist"], None),
    ('"gesloten deuren"', [], ("type", "secrecy")),
]


def top(shipped_client, query):
    body = shipped_client.get("/api/v1/search", params={"q": query}).json()
    return body


def test_there_are_at_least_30_relevance_cases():
    assert len(CASES) >= 30


@pytest.mark.parametrize(("query", "expected", "first_tag"), CASES, ids=[c[0] for c in CASES])
def test_expected_items_rank_in_the_top_five(shipped_client, query, expected, first_tag):
    body = top(shipped_client, query)
    slugs = [item["slug"] for item in body["items"][:TOP]]
    missing = [slug for slug in expected if slug not in slugs]
    assert not missing, f"{query!r}: {missing} niet in top {TOP}: {slugs}"
    if first_tag:
        field, value = first_tag
        first = body["items"][0]
        actual = first.get("kind") or first["type"] if field == "type" else first[field]
        assert value in (actual if isinstance(actual, list) else [actual]), (query, first)


@pytest.mark.parametrize(
    ("misspelt", "suggestion"),
    [
        ("geheimhuding", "geheimhouding"),
        ("belangenverstrengling", "belangenverstrengeling"),
        ("nevenfunktie", "nevenfunctie"),  # one edit away comes before two
    ],
)
def test_misspellings_get_a_did_you_mean(shipped_client, misspelt, suggestion):
    assert top(shipped_client, misspelt)["suggestion"] == suggestion
