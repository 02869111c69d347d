"""Dutch analysis: folding, stop words, decompounding, stemming, synonyms."""

from __future__ import annotations

import pytest

from backend.search.analysis import (
    fold,
    index_analyzer,
    query_analyzer,
    split_compound,
    synonym_groups,
    synonyms_of,
)


def tokens(analyzer, text):
    return [token.text for token in analyzer(text)]


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("belangenverstrengeling", ["belang", "verstrengeling"]),
        ("geheimhoudingsplicht", ["geheim", "houding", "plicht"]),
        ("nevenfuncties", ["neven", "functie"]),
        ("integriteitsonderzoek", ["integriteit", "onderzoek"]),
        ("relatiegeschenken", ["relatie", "geschenk"]),
        ("onkostenvergoeding", ["onkosten", "vergoeding"]),
    ],
)
def test_domain_compounds_are_split(word, parts):
    assert split_compound(word) == parts


@pytest.mark.parametrize("word", ["dijkgraaf", "burgemeester", "onbekendwoordzonderdelen", "raad"])
def test_words_that_are_not_known_compounds_stay_whole(word):
    assert split_compound(word) == []


def test_index_analyzer_emits_parts_at_the_same_position():
    found = [(t.text, t.pos) for t in index_analyzer()("De belangenverstrengeling", positions=True)]
    assert found == [("belangenverstrengel", 1), ("belang", 1), ("verstrengel", 1)]


def test_query_analyzer_does_not_split_and_drops_stop_words():
    assert tokens(query_analyzer(), "de belangenverstrengeling van het raadslid") == [
        "belangenverstrengel",
        "raadslid",
    ]


def test_accents_are_folded():
    assert fold("Beïnvloeding café") == "beinvloeding cafe"
    assert tokens(query_analyzer(), "beïnvloeding") == tokens(query_analyzer(), "beinvloeding")


def test_negations_are_not_stop_words():
    assert len(tokens(query_analyzer(), "geen bekrachtiging")) == 2


def test_at_least_25_synonym_groups_and_they_work_both_ways():
    assert len(synonym_groups()) >= 25
    assert "cadeau" in synonyms_of("relatiegeschenk")
    assert "relatiegeschenk" in synonyms_of("cadeau")
    assert "tegenstrijdig belang" in synonyms_of("Belangenverstrengeling")
    assert synonyms_of("onbekend") == []
