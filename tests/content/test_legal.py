"""Legal consistency rules: each catches the mistake it is for and leaves correct text alone."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from backend.content.files import load_collection
from backend.content.legal import check_legal, council_size
from backend.content.types import CONTENT_TYPES
from backend.content.validate import ItemRecord

FIXTURES = Path(__file__).parents[1] / "fixtures"

BASE = {
    "slug": "voorbeeld",
    "title": "Een voorbeeld",
    "summary": "Een voorbeeld voor de juridische controles.",
    "themes": ["belangenverstrengeling"],
    "roles": ["raadslid"],
    "levels": ["gemeente"],
    "legal_refs": [],
    "status": "published",
    "visibility": "public",
}


def rules_found(body: str, item_type: str = "dilemma", **front) -> list[str]:
    """The names of the rules that fire on an item with this body and front matter."""
    fields = {**BASE, **front}
    text = "---\n" + yaml.safe_dump(fields, allow_unicode=True) + "---\n## Situatie\n\n" + body
    record = ItemRecord(CONTENT_TYPES[item_type], fields, {"situation": body})
    return [finding.rule for finding in check_legal(record, text)]


@pytest.mark.parametrize(
    ("inhabitants", "seats"),
    [(3_000, 9), (3_001, 11), (10_000, 13), (28_000, 21), (35_001, 25), (200_001, 45)],
)
def test_council_size_follows_the_table_of_article_8(inhabitants, seats):
    assert council_size(inhabitants) == seats


def test_council_size_that_does_not_fit_the_population_is_found():
    body = "De gemeente Veldhoven-Zuid (ongeveer 28.000 inwoners, 23 raadsleden) besluit."
    assert rules_found(body) == ["raadsomvang"]


def test_council_size_that_fits_the_population_passes():
    assert rules_found("Kortewaal (ongeveer 28.000 inwoners, 21 raadsleden) besluit.") == []
    body = "Een gemeente met 9.000 inwoners en een raad van dertien leden."
    assert rules_found(body) == []


def test_council_size_in_words_is_read():
    body = "Een gemeente met 9.000 inwoners en een raad van vijftien leden."
    assert rules_found(body) == ["raadsomvang"]


def test_approximate_population_allows_both_brackets_at_the_border():
    assert rules_found("Een stad van ongeveer 30.000 inwoners, 23 raadsleden.") == []
    assert rules_found("Een stad van ruim 30.000 inwoners, 21 raadsleden.") == ["raadsomvang"]


def test_a_party_group_after_the_population_is_not_the_council():
    body = "De fractie in Brakeloo (29.000 inwoners) bestaat uit vier raadsleden."
    assert rules_found(body) == []


def test_more_votes_than_seats_is_found():
    body = "Dalwijk (ongeveer 29.000 inwoners) besloot. Het werd met 25 tegen 2 stemmen aangenomen."
    assert rules_found(body) == ["stemmen"]


def test_votes_within_the_seats_pass():
    body = "Dalwijk (ongeveer 29.000 inwoners) besloot. Het werd met 15 tegen 4 stemmen aangenomen."
    assert rules_found(body) == []


def test_votes_without_a_known_council_size_are_not_judged():
    assert rules_found("Provinciale Staten namen het aan met 24 tegen 21 stemmen.") == []


def test_awb_2_4_as_a_members_rule_is_found():
    body = "Wat de wet, en ook artikel 2:4 Awb, wil voorkomen: dat een raadslid meestemt."
    assert rules_found(body, legal_refs=["gemeentewet-28", "awb-2-4"]) == ["awb-2-4"]


def test_awb_2_4_with_the_exclusion_of_article_28_passes():
    body = (
        "Artikel 2:4 Awb is sinds 1 januari 2023 niet van toepassing op de beraadslaging en"
        " stemming van raadsleden; artikel 28 is de enige norm."
    )
    assert rules_found(body, legal_refs=["gemeentewet-28", "awb-2-4"]) == []


def test_awb_2_4_for_the_preparation_by_officials_passes():
    body = "De ambtelijke voorbereiding valt onder artikel 2:4 Awb: de ambtenaar trekt zich terug."
    assert rules_found(body, legal_refs=["awb-2-4"]) == []


def test_awb_2_4_in_legal_refs_without_any_explanation_is_found():
    body = "Het raadslid is penningmeester van de club en stemt niet mee."
    assert rules_found(body, legal_refs=["gemeentewet-28", "awb-2-4"]) == ["awb-2-4"]


def test_land_under_article_15_without_onderhands_is_found():
    body = "Artikel 15 Gemeentewet verbiedt het raadslid de kavel van de gemeente te kopen."
    assert rules_found(body, legal_refs=["gemeentewet-15"]) == ["onderhands"]


def test_land_under_article_15_with_onderhands_passes():
    body = (
        "Artikel 15 verbiedt alleen een onderhandse koop van de kavel; na een openbare loting"
        " met gelijke kansen mag het raadslid de kavel kopen."
    )
    assert rules_found(body, legal_refs=["gemeentewet-15"]) == []


def test_article_15_about_work_not_land_passes():
    body = "Artikel 15 verbiedt het raadslid als installateur werk voor de gemeente aan te nemen."
    assert rules_found(body, legal_refs=["gemeentewet-15"]) == []


SECRECY = {
    "kind": "secrecy",
    "year": 2024,
    "regime": "sinds-2023",
    "secrecy_issues": ["correct-toegepast"],
}


def test_confirmation_as_a_current_rule_is_found():
    body = "De raad moet de geheimhouding in de eerstvolgende vergadering bekrachtigen."
    assert rules_found(body, item_type="secrecy", **SECRECY) == ["bekrachtiging"]
    assert rules_found(body) == ["bekrachtiging"]


def test_confirmation_named_as_abolished_passes():
    body = "De bekrachtiging door de raad is sinds 1 april 2023 afgeschaft."
    assert rules_found(body, item_type="secrecy", **SECRECY) == []


def test_confirmation_in_a_case_under_the_old_regime_passes():
    body = "De raad bekrachtigde de geheimhouding in de volgende vergadering."
    old = {**SECRECY, "year": 2021, "regime": "voor-2023", "secrecy_issues": ["bekrachtiging"]}
    assert rules_found(body, item_type="secrecy", **old) == []


def test_confirmation_as_issue_of_a_case_since_2023_is_found():
    issues = {**SECRECY, "secrecy_issues": ["bekrachtiging"]}
    assert rules_found("Geheimhouding op een bijlage.", item_type="secrecy", **issues) == [
        "bekrachtiging"
    ]


def test_municipal_article_in_a_water_board_item_is_found():
    front = {"levels": ["waterschap"], "legal_refs": ["gemeentewet-28"]}
    assert rules_found("Een lid van het algemeen bestuur.", **front) == ["wet-en-bestuurslaag"]


def test_own_law_and_level_neutral_laws_pass():
    front = {"levels": ["waterschap"], "legal_refs": ["waterschapswet-33", "woo-5-1", "sr-272"]}
    assert rules_found("Een lid van het algemeen bestuur.", **front) == []


def test_exemption_by_the_province_may_cite_the_municipal_article():
    front = {"levels": ["provincie"], "legal_refs": ["gemeentewet-15"]}
    assert rules_found("Gedeputeerde Staten beslissen over een onderhandse huur.", **front) == []
    front = {"levels": ["provincie"], "legal_refs": ["gemeentewet-28"]}
    assert rules_found("Een Statenlid.", **front) == ["wet-en-bestuurslaag"]


def test_risk_analysis_as_a_legal_duty_is_found():
    body = "Een risicoanalyse van kandidaat-wethouders is wettelijk verplicht."
    assert rules_found(body) == ["risicoanalyse"]
    assert rules_found("Een risicoanalyse is een goede gewoonte, geen plicht.") == []


def test_the_old_files_that_the_review_faulted_are_refused():
    """Files as shipped before the correction of 2026-11-30 fail the check, each for its error."""
    _, errors = load_collection(FIXTURES / "legal_old")
    found = {
        (error.path.split("/")[-1], str(error).split("[")[1].split("]")[0]) for error in errors
    }
    assert found == {
        ("bouwkavel-uit-de-loting.md", "onderhands"),
        ("pacht-via-de-schoonzoon.md", "onderhands"),
        ("bestemmingsplan-buitengebied-eigen-bouwkavel.md", "raadsomvang"),
        ("bestemmingsplan-buitengebied-eigen-bouwkavel.md", "awb-2-4"),
        ("oud-werkgever-woningcorporatie-grondverkoop.md", "stemmen"),
        ("oud-werkgever-woningcorporatie-grondverkoop.md", "awb-2-4"),
        ("raadslid-in-bestuur-recreatieschap-zienswijze.md", "awb-2-4"),
        ("grondprijzen-bedrijventerrein-hollebeek.md", "raadsomvang"),
        ("lek-schikkingsbedrag-cultuurhuis-dorrewijk.md", "raadsomvang"),
    }
    assert all(error.line for error in errors), "every finding names its line"


def test_findings_name_file_line_and_rule_in_dutch():
    _, errors = load_collection(FIXTURES / "legal_old")
    message = next(str(e) for e in errors if "hollebeek" in e.path)
    assert message.startswith("cases/secrecy/grondprijzen-bedrijventerrein-hollebeek.md:23:")
    assert "[raadsomvang]" in message and "Gemeentewet art. 8" in message
