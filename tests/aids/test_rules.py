"""The rules of the three aids, scenario by scenario, written from the legal reference."""

from __future__ import annotations

import pytest

from backend.aids.registry import AIDS, run


def outcome(key: str, answers: dict) -> tuple[str | None, list[str], str]:
    advice = run(AIDS[key], answers).advice
    return advice.outcome, advice.articles, " ".join(r.text for r in advice.reasons)


RAAD = {"orgaan": "raad", "besluit": "gewoon"}

INTEREST = [
    # (answers, outcome, article that must be cited, phrase that must appear)
    (
        {**RAAD, "belang": "eigen", "specifiek": "ja"},
        "niet-deelnemen",
        "gemeentewet-28",
        "rechtstreeks",
    ),
    ({**RAAD, "belang": "eigen", "specifiek": "nee"}, "deelnemen", "gemeentewet-28", "in de regel"),
    ({**RAAD, "belang": "eigen", "specifiek": "onzeker"}, "twijfel", "gemeentewet-28", "afweging"),
    (
        {**RAAD, "belang": "vereniging", "positie": "gewoon-lid", "omvang": "groot"},
        "deelnemen",
        "gemeentewet-28",
        "grote vereniging",
    ),
    (
        {**RAAD, "belang": "vereniging", "positie": "gewoon-lid", "omvang": "klein"},
        "twijfel",
        "gemeentewet-28",
        "kleine organisatie",
    ),
    (
        {**RAAD, "belang": "vereniging", "positie": "bestuur", "specifiek": "ja"},
        "niet-deelnemen",
        "gemeentewet-28",
        "bestuursfunctie",
    ),
    (
        {**RAAD, "belang": "vereniging", "positie": "bestuur", "specifiek": "nee"},
        "deelnemen",
        "gemeentewet-28",
        "grotere groep",
    ),
    (
        {**RAAD, "belang": "familie", "verwantschap": "partner", "specifiek": "ja"},
        "niet-deelnemen",
        "gemeentewet-28",
        "middellijk",
    ),
    (
        {**RAAD, "belang": "familie", "verwantschap": "eerste-graad", "specifiek": "ja"},
        "niet-deelnemen",
        "gemeentewet-28",
        "middellijk",
    ),
    (
        {**RAAD, "belang": "familie", "verwantschap": "tweede-graad", "specifiek": "ja"},
        "twijfel",
        "gemeentewet-28",
        "familiegraad",
    ),
    (
        {**RAAD, "belang": "familie", "verwantschap": "verder", "specifiek": "ja"},
        "twijfel",
        "gemeentewet-28",
        "familiegraad",
    ),
    (
        {**RAAD, "belang": "familie", "verwantschap": "partner", "specifiek": "nee"},
        "deelnemen",
        "gemeentewet-28",
        "grotere groep",
    ),
    (
        {**RAAD, "belang": "vertegenwoordiger"},
        "niet-deelnemen",
        "gemeentewet-28",
        "vertegenwoordiger",
    ),
    (
        {**RAAD, "belang": "onderneming", "specifiek": "ja"},
        "niet-deelnemen",
        "gemeentewet-28",
        "financieel belang",
    ),
    ({**RAAD, "belang": "werkgever", "specifiek": "ja"}, "twijfel", "gemeentewet-28", "functie"),
    ({**RAAD, "belang": "geen"}, "deelnemen", "gemeentewet-28", "geen eigen belang"),
    (
        {"orgaan": "raad", "besluit": "rekening", "rekening_band": "bestuur"},
        "niet-deelnemen",
        "gemeentewet-28",
        "rekening",
    ),
    (
        {"orgaan": "raad", "besluit": "rekening", "rekening_band": "verantwoording"},
        "niet-deelnemen",
        "gemeentewet-28",
        "verantwoording",
    ),
    (
        {"orgaan": "raad", "besluit": "rekening", "rekening_band": "geen", "belang": "geen"},
        "deelnemen",
        "gemeentewet-28",
        "geen eigen belang",
    ),
    (
        {"orgaan": "raad", "besluit": "toelating", "verkiezing": "periodiek"},
        "deelnemen",
        "gemeentewet-28",
        "eigen toelating",
    ),
    # A successor during the term: no exception; a daughter's admission is a family interest.
    (
        {
            "orgaan": "provinciale-staten",
            "besluit": "toelating",
            "verkiezing": "tussentijds",
            "belang": "familie",
            "verwantschap": "eerste-graad",
            "specifiek": "ja",
        },
        "niet-deelnemen",
        "provinciewet-28",
        "alleen na de periodieke verkiezingen",
    ),
    (
        {"orgaan": "provinciale-staten", "besluit": "toelating", "verkiezing": "periodiek"},
        "deelnemen",
        "provinciewet-28",
        "enige uitzondering",
    ),
    (
        {"orgaan": "raad", "besluit": "benoeming", "kandidaat": "zelf", "keuze": "beperkt"},
        "niet-deelnemen",
        "gemeentewet-28",
        "voordracht of herstemming",
    ),
    (
        {"orgaan": "raad", "besluit": "benoeming", "kandidaat": "zelf", "keuze": "open"},
        "twijfel",
        "gemeentewet-28",
        "vrije keuze",
    ),
    (
        {
            "orgaan": "raad",
            "besluit": "benoeming",
            "kandidaat": "familie",
            "verwantschap": "eerste-graad",
            "keuze": "beperkt",
        },
        "niet-deelnemen",
        "gemeentewet-28",
        "naaste",
    ),
    (
        {"orgaan": "raad", "besluit": "benoeming", "kandidaat": "geen-band"},
        "deelnemen",
        "gemeentewet-28",
        "geen kandidaat",
    ),
    (
        {"orgaan": "college", "besluit": "gewoon", "belang": "eigen", "specifiek": "ja"},
        "niet-deelnemen",
        "gemeentewet-58",
        "nog niet nagegaan",
    ),
    (
        {"orgaan": "college", "besluit": "gewoon", "belang": "geen"},
        "deelnemen",
        "gemeentewet-58",
        "voorzichtig",
    ),
    (
        {"orgaan": "provinciale-staten", "besluit": "gewoon", "belang": "eigen", "specifiek": "ja"},
        "niet-deelnemen",
        "provinciewet-28",
        "niet van toepassing",
    ),
    (
        {
            "orgaan": "gedeputeerde-staten",
            "besluit": "gewoon",
            "belang": "eigen",
            "specifiek": "ja",
        },
        "niet-deelnemen",
        "provinciewet-28",
        "niet nagegaan",
    ),
    (
        {"orgaan": "commissie", "besluit": "gewoon", "belang": "eigen", "specifiek": "ja"},
        "niet-deelnemen",
        "awb-2-4",
        "voorbereiding",
    ),
    (
        {"orgaan": "waterschap-ab", "besluit": "gewoon", "belang": "eigen", "specifiek": "ja"},
        "twijfel",
        None,
        "nog niet nagegaan",
    ),
    (
        {"orgaan": "waterschap-db", "besluit": "gewoon", "belang": "geen"},
        "twijfel",
        None,
        "secretaris of de griffier",
    ),
]


@pytest.mark.parametrize(("answers", "expected", "article", "phrase"), INTEREST)
def test_personal_interest(answers, expected, article, phrase):
    result, articles, reasons = outcome("persoonlijk-belang", answers)
    assert result == expected
    assert article is None or article in articles
    assert phrase in reasons


def test_awb_2_4_is_never_the_members_rule_in_council_staten_or_water_board():
    for body in ("raad", "provinciale-staten", "waterschap-ab"):
        _, articles, reasons = outcome(
            "persoonlijk-belang",
            {
                "orgaan": body,
                **{k: v for k, v in RAAD.items() if k != "orgaan"},
                "belang": "eigen",
                "specifiek": "ja",
            },
        )
        assert "awb-2-4" not in articles
        assert "Artikel 2:4 Awb is niet" in reasons


def test_missing_and_contradictory_answers_give_no_outcome():
    assert outcome("persoonlijk-belang", {"orgaan": "raad"})[0] is None
    advice = run(AIDS["persoonlijk-belang"], {"orgaan": "college", "besluit": "toelating"}).advice
    assert advice.outcome is None and advice.missing == ["orgaan", "besluit"]


IMPOSE = {"doel": "opleggen", "onderwerp": "stukken"}
SECRECY = [
    (
        {**IMPOSE, "orgaan": "raad", "grond": "persoonlijke-levenssfeer"},
        "opleggen-mogelijk",
        "gemeentewet-87",
        "lid 2 onder e",
    ),
    (
        {**IMPOSE, "orgaan": "raad", "grond": "bedrijfsgegevens-vertrouwelijk"},
        "opleggen-mogelijk",
        "woo-5-1",
        "absolute grond",
    ),
    (
        {**IMPOSE, "orgaan": "raad", "grond": "concurrentiegevoelige-gegevens"},
        "opleggen-mogelijk",
        "woo-5-1",
        "relatieve grond",
    ),
    (
        {**IMPOSE, "orgaan": "raad", "grond": "economische-financiele-belangen"},
        "opleggen-mogelijk",
        "gemeentewet-89",
        "tot de raad haar opheft",
    ),
    (
        {**IMPOSE, "orgaan": "raad", "grond": "bijzondere-persoonsgegevens"},
        "opleggen-mogelijk",
        "woo-5-1",
        "lid 1 onder d",
    ),
    (
        {**IMPOSE, "orgaan": "raad", "grond": "opsporing-en-vervolging"},
        "opleggen-mogelijk",
        "woo-5-1",
        "lid 2 onder c",
    ),
    (
        {**IMPOSE, "orgaan": "raadscommissie", "grond": "inspectie-controle-toezicht"},
        "opleggen-mogelijk",
        "gemeentewet-88",
        "lid 2 onder d",
    ),
    (
        {**IMPOSE, "orgaan": "raad", "grond": "onevenredige-benadeling"},
        "geen-geldige-grond",
        "gemeentewet-87",
        "lid 1 of lid 2",
    ),
    (
        {**IMPOSE, "orgaan": "raad", "grond": "beleidsopvattingen"},
        "geen-geldige-grond",
        "gemeentewet-87",
        "artikel 5.2",
    ),
    (
        {**IMPOSE, "orgaan": "college", "grond": "geen-geldige-grond", "ontvanger": "hele-raad"},
        "geen-geldige-grond",
        "woo-5-1",
        "politiek gevoelig",
    ),
    (
        {
            **IMPOSE,
            "orgaan": "college",
            "grond": "persoonlijke-levenssfeer",
            "ontvanger": "hele-raad",
        },
        "opleggen-mogelijk",
        "gemeentewet-88",
        "hele raad",
    ),
    (
        {
            **IMPOSE,
            "orgaan": "college",
            "grond": "persoonlijke-levenssfeer",
            "ontvanger": "enkele-leden",
        },
        "niet-zo-delen",
        "gemeentewet-88",
        "niet naar een of enkele",
    ),
    (
        {
            **IMPOSE,
            "orgaan": "burgemeester",
            "grond": "persoonlijke-levenssfeer",
            "ontvanger": "niemand",
        },
        "opleggen-mogelijk",
        "gemeentewet-87",
        "bekrachtigen",
    ),
    (
        {**IMPOSE, "orgaan": "gedeputeerde-staten", "grond": "persoonlijke-levenssfeer"},
        "opleggen-mogelijk",
        "provinciewet-84",
        "Provinciale Staten",
    ),
    (
        {**IMPOSE, "orgaan": "provinciale-staten", "grond": "onevenredige-benadeling"},
        "twijfel",
        "provinciewet-84",
        "niet nagegaan",
    ),
    (
        {**IMPOSE, "orgaan": "algemeen-bestuur", "grond": "persoonlijke-levenssfeer"},
        "twijfel",
        None,
        "reglement van orde",
    ),
    (
        {"doel": "opleggen", "orgaan": "raad", "onderwerp": "besloten-vergadering"},
        "geheim-van-rechtswege",
        "gemeentewet-23",
        "van rechtswege",
    ),
    (
        {"doel": "opleggen", "orgaan": "raadscommissie", "onderwerp": "besloten-vergadering"},
        "geheim-van-rechtswege",
        "gemeentewet-82",
        "raadscommissie",
    ),
    (
        {"doel": "opleggen", "orgaan": "provinciale-staten", "onderwerp": "besloten-vergadering"},
        "twijfel",
        None,
        "niet nagegaan",
    ),
    (
        {"doel": "omgaan", "bestuurslaag": "gemeente", "handeling": "vergadering"},
        "mag-niet",
        "gemeentewet-22",
        "niet: leden kunnen niet worden vervolgd",
    ),
    (
        {"doel": "omgaan", "bestuurslaag": "gemeente", "handeling": "buiten"},
        "mag-niet",
        "sr-272",
        "vierde categorie",
    ),
    (
        {"doel": "omgaan", "bestuurslaag": "provincie", "handeling": "buiten"},
        "mag-niet",
        "sr-272",
        "sociale media",
    ),
    (
        {"doel": "omgaan", "bestuurslaag": "provincie", "handeling": "vergadering"},
        "mag-niet",
        None,
        "onschendbaarheid",
    ),
    (
        {"doel": "omgaan", "bestuurslaag": "gemeente", "handeling": "fractiemedewerker"},
        "mag-niet",
        "gemeentewet-88",
        "derde",
    ),
    (
        {
            "doel": "omgaan",
            "bestuurslaag": "gemeente",
            "handeling": "fractiegenoten",
            "kring": "hele-raad",
        },
        "mag",
        "gemeentewet-88",
        "geen bekendmaking",
    ),
    (
        {
            "doel": "omgaan",
            "bestuurslaag": "gemeente",
            "handeling": "fractiegenoten",
            "kring": "deel",
        },
        "mag-niet",
        "gemeentewet-88",
        "kring",
    ),
    (
        {"doel": "omgaan", "bestuurslaag": "waterschap", "handeling": "vergadering"},
        "twijfel",
        None,
        "niet nagegaan",
    ),
    (
        {"doel": "omgaan", "bestuurslaag": "waterschap", "handeling": "buiten"},
        "mag-niet",
        "sr-272",
        "strafbaar",
    ),
]


@pytest.mark.parametrize(("answers", "expected", "article", "phrase"), SECRECY)
def test_secrecy(answers, expected, article, phrase):
    result, articles, reasons = outcome("geheimhouding", answers)
    assert result == expected
    assert article is None or article in articles
    assert phrase in reasons


def test_secrecy_closed_meeting_of_the_college_is_a_contradiction():
    advice = run(
        AIDS["geheimhouding"],
        {"doel": "opleggen", "orgaan": "college", "onderwerp": "besloten-vergadering"},
    ).advice
    assert advice.outcome is None and advice.missing == ["orgaan", "onderwerp"]


COVERED = {
    "partij": "zelf",
    "marktconform": "ja",
    "invloed": "geen",
    "alternatieven": "geen",
    "transparantie": "ja",
    "voorwaarden": "ja",
}
AGAINST = {
    "partij": "eigen-bedrijf",
    "marktconform": "nee",
    "invloed": "wel",
    "alternatieven": "wel",
    "transparantie": "nee",
    "voorwaarden": "nee",
}
EXEMPTION = [
    (
        {"overeenkomst": "huur-pacht", "procedure": "openbaar"},
        "buiten-verbod",
        "gemeentewet-15",
        "niet onderhands",
    ),
    (
        {"overeenkomst": "onroerend-verwerven", "procedure": "openbaar"},
        "buiten-verbod",
        "gemeentewet-15",
        "gelijke kansen",
    ),
    (
        {"overeenkomst": "huur-pacht", "procedure": "openbaar"},
        "buiten-verbod",
        "gemeentewet-15",
        "Didam",
    ),
    (
        {"overeenkomst": "huur-pacht", "procedure": "openbaar"},
        "buiten-verbod",
        "gemeentewet-15",
        "10 januari 2023",
    ),
    ({"overeenkomst": "besluit"}, "buiten-verbod", "gemeentewet-15", "geen overeenkomst"),
    ({"overeenkomst": "besluit"}, "buiten-verbod", "gemeentewet-28", "persoonlijk belang"),
    ({"overeenkomst": "anders"}, "twijfel", "gemeentewet-15", "gaat de toets niet na"),
    (
        {"overeenkomst": "huur-pacht", "procedure": "onderhands", **COVERED},
        "ontheffing-nodig",
        "gemeentewet-15",
        "Pleit voor ontheffing",
    ),
    (
        {"overeenkomst": "huur-pacht", "procedure": "onderhands", **AGAINST},
        "ontheffing-nodig",
        "gemeentewet-15",
        "Pleit tegen ontheffing",
    ),
    (
        {"overeenkomst": "onroerend-verwerven", "procedure": "onderhands", **COVERED},
        "ontheffing-nodig",
        "gemeentewet-15",
        "geen oordeel",
    ),
    (
        {"overeenkomst": "aanneming-werk", **COVERED},
        "ontheffing-nodig",
        "gemeentewet-15",
        "Kieswet",
    ),
    (
        {"overeenkomst": "werkzaamheden", **COVERED},
        "ontheffing-nodig",
        "gemeentewet-15",
        "voldoende is uitgesloten",
    ),
    (
        {"overeenkomst": "roerende-zaken", **COVERED},
        "ontheffing-nodig",
        "gemeentewet-15",
        "verschilt per provincie",
    ),
    (
        {"overeenkomst": "roerende-zaken", **AGAINST},
        "ontheffing-nodig",
        "gemeentewet-15",
        "belangenverstrengeling die het verbod",
    ),
    (
        {"overeenkomst": "aanneming-werk", **AGAINST},
        "ontheffing-nodig",
        "gemeentewet-15",
        "niet aantoonbaar marktconform",
    ),
    (
        {"overeenkomst": "werkzaamheden", **AGAINST},
        "ontheffing-nodig",
        "gemeentewet-15",
        "alternatieven",
    ),
    (
        {"overeenkomst": "werkzaamheden", **{**COVERED, "transparantie": "nee"}},
        "ontheffing-nodig",
        "gemeentewet-15",
        "niet openbaar",
    ),
    (
        {"overeenkomst": "werkzaamheden", **{**COVERED, "voorwaarden": "nee"}},
        "ontheffing-nodig",
        "gemeentewet-15",
        "niet met voorwaarden",
    ),
    (
        {"overeenkomst": "werkzaamheden", "partij": "ander"},
        "twijfel",
        "gemeentewet-15",
        "middellijk",
    ),
    (
        {"overeenkomst": "huur-pacht", "procedure": "onderhands", "partij": "ander"},
        "twijfel",
        "gemeentewet-15",
        "zeggenschap",
    ),
    ({"overeenkomst": "aanneming-werk", "partij": "ander"}, "twijfel", "gemeentewet-15", "feiten"),
    (
        {"overeenkomst": "roerende-zaken", "partij": "ander"},
        "twijfel",
        "gemeentewet-15",
        "werkgever",
    ),
    (
        {"overeenkomst": "onroerend-verwerven", "procedure": "onderhands", "partij": "ander"},
        "twijfel",
        "gemeentewet-15",
        "middellijk",
    ),
    (
        {
            "overeenkomst": "huur-pacht",
            "procedure": "onderhands",
            **{**COVERED, "partij": "eigen-bedrijf"},
        },
        "ontheffing-nodig",
        "gemeentewet-15",
        "rechtstreeks of middellijk",
    ),
    (
        {"overeenkomst": "aanneming-werk", **{**COVERED, "invloed": "wel"}},
        "ontheffing-nodig",
        "gemeentewet-15",
        "invloed op de overeenkomst",
    ),
    (
        {"overeenkomst": "aanneming-werk", **{**COVERED, "alternatieven": "wel"}},
        "ontheffing-nodig",
        "gemeentewet-15",
        "niet op het raadslid aangewezen",
    ),
]


@pytest.mark.parametrize(("answers", "expected", "article", "phrase"), EXEMPTION)
def test_exemption(answers, expected, article, phrase):
    result, articles, reasons = outcome("ontheffing", answers)
    assert result == expected
    assert article is None or article in articles
    assert phrase in reasons


def test_public_procedure_asks_no_further_questions_but_onderhands_does():
    assert run(
        AIDS["ontheffing"], {"overeenkomst": "huur-pacht", "procedure": "openbaar"}
    ).advice.outcome
    advice = run(
        AIDS["ontheffing"], {"overeenkomst": "huur-pacht", "procedure": "onderhands"}
    ).advice
    assert advice.outcome is None and advice.missing[0] == "partij"
