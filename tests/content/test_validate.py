"""Every validation rule, each with an input that breaks it and a Dutch message."""

from __future__ import annotations

import pytest

from backend.content.types import CONTENT_TYPES
from backend.content.validate import validate_front, validate_item, validate_sections
from tests.factories import make_front, make_sections


def errors_for(type_key: str, **overrides) -> dict[str, str]:
    _, errors = validate_front(CONTENT_TYPES[type_key], make_front(type_key, **overrides))
    return {error.field: error.message for error in errors}


@pytest.mark.parametrize("type_key", list(CONTENT_TYPES))
def test_valid_front_matter_of_every_type_passes(type_key):
    record, errors = validate_item(
        CONTENT_TYPES[type_key], make_front(type_key), make_sections(type_key)
    )
    assert errors == []
    assert record is not None and record.slug == make_front(type_key)["slug"]


@pytest.mark.parametrize(
    ("type_key", "field", "value", "expected"),
    [
        ("dilemma", "slug", "Met Hoofdletters", "geen geldige slug"),
        ("dilemma", "slug", "a-", "geen geldige slug"),
        ("dilemma", "title", "Kort", "te kort"),
        ("dilemma", "title", "x" * 121, "te lang"),
        ("dilemma", "title", 12345, "moet tekst zijn"),
        ("dilemma", "summary", "Te kort.", "te kort"),
        (
            "dilemma",
            "themes",
            ["cadeaus"],
            "onbekende waarde 'cadeaus'; toegestaan: belangenverstrengeling",
        ),
        ("dilemma", "themes", [], "kies minimaal 1"),
        ("dilemma", "themes", "nevenfuncties", "moet een lijst zijn"),
        ("dilemma", "themes", ["nevenfuncties", "nevenfuncties"], "twee keer"),
        ("dilemma", "roles", ["wethouders"], "onbekende waarde 'wethouders'"),
        ("dilemma", "levels", ["rijk"], "toegestaan: gemeente, provincie, waterschap"),
        ("dilemma", "legal_refs", ["gemeentewet-999"], "onbekende waarde 'gemeentewet-999'"),
        ("dilemma", "difficulty", 4, "buiten het bereik"),
        ("dilemma", "difficulty", "lastig", "geheel getal"),
        ("dilemma", "difficulty", True, "geheel getal"),
        ("dilemma", "minutes", 2, "buiten het bereik"),
        ("dilemma", "options", {"A": "Ja."}, "2 tot 4 antwoorden"),
        ("dilemma", "options", {"A": "Ja.", "C": "Nee."}, "op volgorde"),
        ("dilemma", "options", {"A": "Ja.", "B": "  "}, "antwoord B is leeg"),
        ("dilemma", "options", ["Ja", "Nee"], "sleutels A, B, C en D"),
        ("dilemma", "status", "klaar", "toegestaan: draft, review, published, archived"),
        ("dilemma", "visibility", "geheim", "toegestaan: public, internal"),
        ("good_practice", "approach", ["curatief"], "toegestaan: preventief, repressief"),
        ("good_practice", "steps", ["Eén stap."], "geef 3 tot en met 12 regels"),
        ("good_practice", "steps", ["a", "", "c"], "lege regel"),
        ("good_practice", "actors", ["wethouder"], "onbekende waarde 'wethouder'"),
        ("good_practice", "term_phase", ["eind"], "onbekende waarde 'eind'"),
        ("personal_interest", "kind", "secrecy", "past niet bij de map cases/personal_interest"),
        ("personal_interest", "year", 1999, "buiten het bereik"),
        ("personal_interest", "recusal_required", "ja", "true of false"),
        ("personal_interest", "interest_type", "geld", "onbekende waarde 'geld'"),
        ("personal_interest", "member_action", "stemde", "onbekende waarde 'stemde'"),
        ("secrecy", "woo_ground", "politiek-gevoelig", "onbekende waarde 'politiek-gevoelig'"),
        ("secrecy", "regime", "nieuw", "toegestaan: voor-2023, sinds-2023"),
        ("secrecy", "imposed_by", "wethouder", "onbekende waarde 'wethouder'"),
        ("secrecy", "secrecy_issues", [], "kies minimaal 1"),
    ],
)
def test_rule_violation_names_field_and_what_is_allowed(type_key, field, value, expected):
    errors = errors_for(type_key, **{field: value})
    assert field in errors, errors
    assert expected in errors[field]


@pytest.mark.parametrize(
    "field", ["slug", "title", "summary", "themes", "roles", "levels", "status"]
)
def test_missing_required_field_is_reported(field):
    errors = errors_for("dilemma", **{field: None})
    assert errors[field].startswith("ontbreekt")


def test_optional_fields_may_be_left_out():
    front, errors = validate_front(
        CONTENT_TYPES["dilemma"], make_front("dilemma", options=None, legal_refs=None)
    )
    assert errors == []
    assert front["legal_refs"] == [] and "options" not in front


def test_unknown_field_lists_the_allowed_fields():
    errors = errors_for("dilemma", moeilijkheid=2)
    assert "onbekend veld" in errors["moeilijkheid"]
    assert "difficulty" in errors["moeilijkheid"]


def test_secrecy_regime_must_match_the_year():
    assert "kies 2023 of eerder" in errors_for("secrecy", regime="voor-2023", year=2025)["year"]
    assert "kies 2023 of later" in errors_for("secrecy", regime="sinds-2023", year=2020)["year"]
    assert errors_for("secrecy", regime="voor-2023", year=2023) == {}


def test_text_is_normalised_to_single_spaces():
    front, _ = validate_front(
        CONTENT_TYPES["dilemma"], make_front("dilemma", title="Een   titel\n over  iets")
    )
    assert front["title"] == "Een titel over iets"


def test_all_errors_are_reported_at_once():
    errors = errors_for("dilemma", themes=["x"], roles=["y"], difficulty=9, minutes=None)
    assert set(errors) == {"themes", "roles", "difficulty", "minutes"}


def test_missing_and_empty_sections_are_reported():
    sections = make_sections("dilemma")
    sections["explanation"] = "   "
    del sections["question"]
    _, errors = validate_sections(CONTENT_TYPES["dilemma"], sections)
    messages = {error.field: error.message for error in errors}
    assert "'## Toelichting' ontbreekt of is leeg" in messages["explanation"]
    assert "'## Vraag'" in messages["question"]


def test_optional_section_may_be_missing():
    _, errors = validate_sections(CONTENT_TYPES["good_practice"], make_sections("good_practice"))
    assert errors == []


HIDDEN = "\u202e\u200b\u0000\u2066"  # right-to-left override, zero-width space, NUL, isolate


def test_control_and_invisible_characters_are_stripped_from_text():
    front = make_front(
        "dilemma",
        title=f"Cadeau{HIDDEN} van de aannemer",
        options={"A": f"Ik{HIDDEN} neem het aan.", "B": "Ik weiger."},
    )
    sections = {**make_sections("dilemma"), "situation": f"Regel een{HIDDEN}.\nRegel twee."}
    record, errors = validate_item(CONTENT_TYPES["dilemma"], front, sections)
    assert errors == []
    assert record.front["title"] == "Cadeau van de aannemer"
    assert record.front["options"]["A"] == "Ik neem het aan."
    assert record.sections["situation"] == "Regel een.\nRegel twee."


def test_a_field_of_only_invisible_characters_counts_as_empty():
    sections = {**make_sections("dilemma"), "question": HIDDEN}
    _, errors = validate_item(CONTENT_TYPES["dilemma"], make_front("dilemma"), sections)
    assert [error.field for error in errors] == ["question"]
