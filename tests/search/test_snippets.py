"""Snippets: found anywhere in a long body, accents and case ignored, whole words marked."""

from __future__ import annotations

from backend.search.snippets import make_snippet

FILLER = "Verder een zin zonder de gezochte woorden erin. " * 60  # about 2,900 characters


def test_a_match_deep_in_a_long_body_is_found_and_marked():
    text = FILLER + "Het raadslid is lid van de Hockeyclub en stemt mee. " + FILLER
    snippet = str(make_snippet(text, ["hockeyclub"]))
    assert "<mark>Hockeyclub</mark>" in snippet and snippet.startswith("… ")


def test_an_accented_match_is_found_at_any_offset():
    for shift in range(0, 40, 3):
        text = "x" * shift + " " + FILLER[: 1024 - shift] + " de beïnvloeding door lobbyisten"
        assert "<mark>beïnvloeding</mark>" in str(make_snippet(text, ["beinvloed"])), shift


def test_a_long_stem_is_marked_inside_a_compound_and_no_match_marks_nothing():
    snippet = str(make_snippet("Geen treffer hier, alleen overbelang. " + FILLER, ["belang"]))
    assert snippet.startswith("Geen treffer hier, alleen <mark>overbelang</mark>.")
    assert "<mark>" not in str(make_snippet("Zomaar tekst. " + FILLER, ["nevenfunctie"]))


def test_a_short_stem_inside_a_word_is_passed_over():
    snippet = str(make_snippet("De voorraad is op. " + FILLER + "Dan besluit de raad.", ["raad"]))
    assert snippet.endswith("de <mark>raad</mark>.") and "voorraad" not in snippet
