"""Reading what users type, including odd and hostile input."""

from __future__ import annotations

import pytest

from backend.search.parse import MAX_QUERY_LENGTH, parse_user_query


@pytest.mark.parametrize(
    ("text", "articles"),
    [
        ("art 28", ["gemeentewet-28", "provinciewet-28"]),
        ("artikel 28 gemeentewet", ["gemeentewet-28"]),
        ("28 Gw", ["gemeentewet-28"]),
        ("art. 28 lid 1 Gemeentewet", ["gemeentewet-28"]),
        ("artikel 2:4 Awb", ["awb-2-4"]),
        ("5.1 Woo", ["woo-5-1"]),
        ("artikel 272 Sr", ["sr-272"]),
        ("art 84 provinciewet", ["provinciewet-84"]),
        ("artikel 87", ["gemeentewet-87"]),
    ],
)
def test_article_references_become_legal_refs(text, articles):
    query = parse_user_query(text)
    assert query.articles == articles
    assert query.words == []


def test_plain_numbers_are_not_articles():
    assert parse_user_query("in 2023 werd").articles == []


def test_phrases_exclusions_and_words():
    query = parse_user_query('"gesloten deuren" raad -provincie')
    assert (query.phrases, query.words, query.excluded) == (
        ["gesloten deuren"],
        ["raad"],
        ["provincie"],
    )


def test_hyphenated_words_are_not_exclusions():
    assert parse_user_query("privé-en-publiek").excluded == []


def test_unbalanced_quotes_are_read_as_words():
    query = parse_user_query('"gesloten deuren')
    assert query.phrases == [] and query.words == ["gesloten", "deuren"]


@pytest.mark.parametrize(
    "text",
    [
        "a*b?",
        "~geheim^2",
        "veld:waarde",
        "(raad OR college)",
        "'; DROP TABLE item;--",
        "<script>alert(1)</script>",
        "\x00\x1b[31mraad\x07",
    ],
)
def test_syntax_characters_are_plain_separators(text):
    query = parse_user_query(text)
    assert all(word.isalnum() for word in query.words)


def test_control_characters_are_removed():
    assert parse_user_query("raad\x00\x07lid").text == "raad lid"


def test_long_queries_are_cut_at_a_word():
    query = parse_user_query("geheimhouding " * 500)
    assert query.truncated and len(query.text) <= MAX_QUERY_LENGTH
    assert query.text.endswith("geheimhouding")


def test_field_filters_in_the_query():
    query = parse_user_query("geschenk thema:geschenken-en-uitnodigingen soort:dilemma")
    assert query.words == ["geschenk"]
    assert query.field_filters == [("thema", "geschenken-en-uitnodigingen"), ("soort", "dilemma")]
