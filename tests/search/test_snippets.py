"""Snippets: found anywhere in a long body, accents and case ignored, whole words marked."""

from __future__ import annotations

import random

from backend.search.snippets import _snippet, make_snippet

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


def test_the_folded_search_marks_exactly_what_the_accent_tolerant_pattern_marks():
    """Bodies are searched in a lower-case ASCII copy for speed; the excerpt and the marked
    words must be those of the accent-tolerant pattern on the original, whatever the text:
    accents, capitals, the letters that case-insensitive matching treats specially
    (dotless i, long s, Kelvin sign), underscores, typographic quotes and other scripts."""
    rng = random.Random(16)
    letters = list("abcdeiklnorstuvz") * 4 + list("ÀÉéèëïÏİkK_ 0123456789-’“”.,<>&'\"\n")
    # dotless i, long s, Kelvin sign, Greek sigma
    letters += ["ß", "ø", "Ω", "ǅ", "ﬁ", "ẞ", "\u0131", "\u017f", "\u212a", "\u03c3"]
    stems = ["ab", "abc", "abcde", "bcdei", "kin", "ikken", "ver", "erkel", "zo", "5ab", "kkk"]
    # A few stem sets (each compiles its patterns once), many texts.
    stem_sets = [tuple(rng.sample(stems, rng.randint(1, 4))) for _ in range(12)]
    for _ in range(3000):
        text = "".join(rng.choice(letters) for _ in range(rng.randint(0, 300)))
        chosen = rng.choice(stem_sets)
        fast = _snippet(text, chosen, 60, fast=True)
        assert fast == _snippet(text, chosen, 60, fast=False), (text, chosen)


def test_accented_capitals_and_special_letters_are_found_by_the_folded_search():
    assert str(make_snippet("De BEÏNVLOEDING.", ["beinvloed"])) == "De <mark>BEÏNVLOEDING</mark>."
    dotless = "Z\u0131jn \u0131nkomen"  # with a dotless i (U+0131)
    assert str(make_snippet(dotless, ["inkom"])) == "Z\u0131jn <mark>\u0131nkomen</mark>"
    # An underscore is part of a word: a short stem after it is inside the word.
    assert "<mark>" not in str(make_snippet("één_raad", ["raad"]))
