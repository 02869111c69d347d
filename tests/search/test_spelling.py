"""Suggestions for "Bedoelde u …?": the closest known word, found without Whoosh's corrector
and without holding the snapshot's lock (a typo must not make the other searches of the
process wait)."""

from __future__ import annotations

import threading

import pytest
from whoosh import index as whoosh_index

from backend.search.index import SearchIndex
from backend.search.parse import parse_user_query
from backend.search.query import suggest
from backend.search.spelling import SpellingWords, spelling_of


@pytest.fixture
def search_index(tmp_path, engine, fixture_db):
    search_index = SearchIndex(tmp_path / "index", engine, warm=False)
    search_index.start(background=False)
    return search_index


@pytest.fixture
def reader(search_index):
    searcher = whoosh_index.open_dir(str(search_index.directory)).searcher()
    yield searcher.reader()
    searcher.close()


def test_the_words_are_those_of_the_spelling_field_with_their_frequency(reader):
    words = SpellingWords(reader)
    expected = {text.decode() for text in reader.lexicon("spelling")}
    assert words.words == sorted(expected)
    assert all(word in words for word in expected)
    assert "zzzonbekend" not in words


def test_the_closest_word_is_the_fewest_edits_away_then_the_most_frequent(reader):
    words = SpellingWords(reader)
    frequency = {word: reader.frequency("spelling", word) for word in words.words}
    long_words = [word for word in words.words if len(word) >= 8]
    assert len(long_words) > 20
    for word in long_words[:: max(1, len(long_words) // 40)]:
        typo = word[:3] + word[4:]  # one letter left out
        if typo in words:
            continue
        closest = words.closest(typo)
        assert closest is not None, typo
        edits_one = [known for known in words.words if _one_edit(typo, known)]
        assert closest in edits_one, (typo, closest)
        assert frequency[closest] == max(frequency[known] for known in edits_one), typo


def test_no_suggestion_when_nothing_is_within_two_edits(reader):
    assert SpellingWords(reader).closest("qqqqxxxxzzzz") is None


def test_a_suggestion_needs_no_lock_once_the_words_are_read(search_index):
    with search_index.reading() as snapshot:
        known = spelling_of(snapshot).words[-1]
        typo = known[:-1] + ("q" if known[-1] != "q" else "x")
        found: list[str | None] = []
        with snapshot.lock:  # another search holding the snapshot
            worker = threading.Thread(
                target=lambda: found.append(suggest(snapshot, parse_user_query(typo)))
            )
            worker.start()
            worker.join(timeout=5)
        assert not worker.is_alive(), "the suggestion waited for the snapshot's lock"
        assert found and found[0] is not None


def _one_edit(typo: str, known: str) -> bool:
    """Whether `known` is `typo` with one letter added, left out or replaced."""
    if abs(len(typo) - len(known)) > 1 or typo == known:
        return False
    if len(typo) == len(known):
        return sum(a != b for a, b in zip(typo, known, strict=True)) == 1
    short, long = sorted((typo, known), key=len)
    return any(long[:at] + long[at + 1 :] == short for at in range(len(long)))
