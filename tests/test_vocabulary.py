"""The vocabulary file: what it holds, and that a malformed file is refused with a clear message."""

from __future__ import annotations

import re
import tomllib
from datetime import date
from pathlib import Path

import pytest
import yaml

from backend import vocabulary
from backend.config import REPO_ROOT
from backend.vocabulary import VOCABULARY_FILE, VocabularyError, load_vocabularies


def shipped() -> dict:
    return yaml.safe_load(VOCABULARY_FILE.read_text(encoding="utf-8"))


def write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "vocabulary.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_the_shipped_file_gives_the_vocabularies_in_their_order():
    assert list(vocabulary.ALL) == list(vocabulary.NAMES)
    assert load_vocabularies(VOCABULARY_FILE) == vocabulary.ALL
    assert vocabulary.THEMES.terms[0].slug == "belangenverstrengeling"
    assert vocabulary.DIFFICULTIES.slugs == ["1", "2", "3"]
    assert vocabulary.LEGAL_ARTICLES.get("awb-2-4").short == "2:4"


@pytest.mark.parametrize("level", vocabulary.LEVELS.slugs)
def test_every_level_names_its_chair_and_cites_existing_articles(level):
    facts = vocabulary.level_facts(level)
    assert facts.chair in vocabulary.ROLES and facts.chair in vocabulary.ACTORS
    refs = [facts.duty_of_care_ref, *facts.code_of_conduct.refs, *facts.ancillary_functions.refs]
    assert all(ref in vocabulary.LEGAL_ARTICLES for ref in refs)
    assert facts.representative_body in vocabulary.ACTORS
    assert facts.executive_body in vocabulary.ACTORS


def test_the_water_board_duty_of_care_shows_no_article_number():
    facts = vocabulary.level_facts("waterschap")
    assert facts.duty_of_care_ref == "waterschapswet-94"
    assert not re.search(r"\d", facts.duty_of_care_source)
    assert not re.search(r"\d", vocabulary.LEGAL_ARTICLES.get("waterschapswet-94").label)


def test_an_unknown_level_has_no_facts():
    with pytest.raises(KeyError):
        vocabulary.level_facts("rijk")


def _set(path: tuple, value):
    def change(data):
        *parents, last = path
        for key in parents:
            data = data[key]
        data[last] = value

    return change


def _delete(path: tuple):
    def change(data):
        *parents, last = path
        for key in parents:
            data = data[key]
        del data[last]

    return change


GEMEENTE_FACTS = ("levels", "terms", 0, "facts")

BAD_FILES = [
    (
        _set(("themes", "terms", 0, "lable"), "Belangen"),
        "themes, term 1: unknown key 'lable' (allowed: slug, label, description)",
    ),
    (_delete(("roles", "terms", 1, "label")), "roles, term 2: missing 'label'"),
    (
        _set(("roles", "terms", 1, "label"), None),
        "roles, term 2 (burgercommissielid): 'label' is empty",
    ),
    (
        _set(("roles", "terms", 2, "slug"), "raadslid"),
        "roles: duplicate slug 'raadslid' (terms 1 and 3)",
    ),
    (_set(("difficulty", "terms", 0, "slug"), 1), "'slug' must be text, not 1: put it in quotes"),
    (_delete(("visibility",)), "missing 'visibility'"),
    (_set(("colours",), {"label": "Kleur", "terms": []}), "unknown key 'colours'"),
    (_set(("legal_refs", "terms", 0, "facts"), {}), "legal_refs, term 1: unknown key 'facts'"),
    (_delete(("levels", "terms", 0, "facts")), "levels, term 1: missing 'facts'"),
    (
        _set((*GEMEENTE_FACTS, "chiar"), "burgemeester"),
        "levels, term 1 (gemeente), facts: unknown key 'chiar'",
    ),
    (
        _set((*GEMEENTE_FACTS, "duty_of_care_ref"), "gemeentewet-999"),
        "levels (gemeente), facts: 'gemeentewet-999' is not a slug in legal_refs",
    ),
    (
        _set((*GEMEENTE_FACTS, "code_of_conduct", "refs"), ["gemeentewet-15", "gw-41c"]),
        "'gw-41c' is not a slug in legal_refs",
    ),
    (
        _set((*GEMEENTE_FACTS, "ancillary_functions", "refs"), "gemeentewet-12"),
        "facts, ancillary_functions: 'refs' must be a list of legal_refs slugs",
    ),
    (
        _set((*GEMEENTE_FACTS, "chair"), "wethouder"),
        "chair 'wethouder' must be a slug in both roles and actors",
    ),
    (
        _set((*GEMEENTE_FACTS, "chair_name"), "de dijkgraaf"),
        "chair_name 'de dijkgraaf' does not name the chair (Burgemeester)",
    ),
    (
        _set((*GEMEENTE_FACTS, "executive_body"), "kabinet"),
        "'kabinet' is not a slug in actors",
    ),
    (
        _delete(("legal_refs", "terms", 0, "explanation")),
        "legal_refs, term 1: missing 'explanation'",
    ),
    (
        _set(("legal_refs", "terms", 0, "checked"), "30 november 2026"),
        "(gemeentewet-170): 'checked' must be a date as \"jjjj-mm-dd\"",
    ),
    (
        _set(("legal_refs", "terms", 0, "label"), "Gemeentewet, zorgplicht"),
        "(gemeentewet-170): the label must name the article number: 'art. 170'",
    ),
    (
        _set(("legal_refs", "terms", 0, "bwb_id"), "BWB5416"),
        "(gemeentewet-170): 'bwb_id' must look like BWBR0005416, not 'BWB5416'",
    ),
    (
        _set(("legal_refs", "terms", 0, "bwb_id"), "BWBR0005645"),
        "legal_refs (gemeentewet-28): bwb_id BWBR0005416 differs from BWBR0005645 elsewhere"
        " for the Gemeentewet",
    ),
    (
        _set(("legal_refs", "terms", 0, "explanation"), "Tekst. " * 200),
        "(gemeentewet-170): 'explanation' is longer than 1200 characters",
    ),
]


@pytest.mark.parametrize(("change", "message"), BAD_FILES)
def test_a_bad_file_is_refused_with_a_clear_message(tmp_path, change, message):
    data = shipped()
    change(data)
    path = write(tmp_path, data)
    with pytest.raises(VocabularyError) as refused:
        load_vocabularies(path)
    assert str(path) in str(refused.value)
    assert message in str(refused.value)


def test_a_key_given_twice_is_refused(tmp_path):
    text = VOCABULARY_FILE.read_text(encoding="utf-8")
    path = tmp_path / "vocabulary.yaml"
    path.write_text(text.replace("  label: Thema\n", "  label: Thema\n  label: Onderwerp\n"))
    with pytest.raises(VocabularyError, match="duplicate key 'label'"):
        load_vocabularies(path)


def test_a_file_that_is_not_yaml_is_refused(tmp_path):
    path = tmp_path / "vocabulary.yaml"
    path.write_text("themes: [unclosed\n")
    with pytest.raises(VocabularyError, match="cannot be read"):
        load_vocabularies(path)


def test_the_file_is_shipped_with_the_package():
    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    package_data = pyproject["tool"]["setuptools"]["package-data"]["backend"]
    assert VOCABULARY_FILE.parent == REPO_ROOT / "backend"
    assert VOCABULARY_FILE.name in package_data


# The act ids on wetten.overheid.nl, each checked against independent published sources
# (see the report of issue 13); an act not listed here must not have a link.
VERIFIED_ACTS = {
    "Gemeentewet": "BWBR0005416",
    "Provinciewet": "BWBR0005645",
    "Algemene wet bestuursrecht": "BWBR0005537",
    "Wet open overheid": "BWBR0045754",
    "Wetboek van Strafrecht": "BWBR0001854",
    "Waterschapswet": "BWBR0005108",
}


@pytest.mark.parametrize("term", vocabulary.LEGAL_ARTICLES.terms, ids=lambda term: term.slug)
def test_every_legal_article_is_explained_dated_and_linked_only_where_verified(term):
    assert len(term.explanation) >= 60 and term.checked == date(2026, 11, 30)
    if term.short and re.fullmatch(r"\d+[a-z]*([:.]\d+)?", term.short):
        assert f"art. {term.short}" in term.label  # every law label has its article number
    if term.bwb_id:
        assert VERIFIED_ACTS[term.law] == term.bwb_id
    if term.bwb_id and term.short:
        assert term.official_url == (
            f"https://wetten.overheid.nl/jci1.3:c:{term.bwb_id}&artikel={term.short}"
        )


def test_links_to_articles_and_acts():
    articles = vocabulary.LEGAL_ARTICLES
    assert (
        articles.get("awb-2-4").official_url
        == "https://wetten.overheid.nl/jci1.3:c:BWBR0005537&artikel=2:4"
    )
    # The water board's duty of care: the act, not an unverified article number.
    assert articles.get("waterschapswet-94").official_url == (
        "https://wetten.overheid.nl/BWBR0005108/"
    )
    # The articles before 1 April 2023 are not in the current text; an act without a
    # verified id has no link at all.
    for slug in ("gemeentewet-25-oud", "wet-bescherming-klokkenluiders", "wet-35546"):
        assert articles.get(slug).official_url == ""
