"""Suggestions for "Bedoelde u …?": the closest word of the published collection.

Whoosh's corrector builds a Levenshtein automaton in Python for every misspelt word (about
0.2 s) and has to hold the snapshot's lock while it walks the term dictionary, so one typo
made every other search of the process wait. The words of the `spelling` field are read once
per index generation instead, and RapidFuzz compares a word with all of them in C++, without
a lock.
"""

from __future__ import annotations

from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from backend.search.postings import Snapshot, segment_readers

MAX_DISTANCE = 2  # edits (a letter added, left out or replaced) between a typo and its word
_KEY = ("search.spelling",)


class SpellingWords:
    """The words of the `spelling` field (published public items only) and how often each
    occurs in the collection."""

    def __init__(self, reader: Any) -> None:
        frequency: dict[str, int] = {}
        for segment_reader, _ in segment_readers(reader):
            for text, info in segment_reader.iter_field("spelling"):
                word = text.decode("utf-8")
                frequency[word] = frequency.get(word, 0) + int(info.weight())
        self.words = sorted(frequency)
        self._frequency = frequency

    def __contains__(self, word: str) -> bool:
        return word in self._frequency

    def closest(self, word: str) -> str | None:
        """The known word fewest edits away (at most MAX_DISTANCE); among equally close
        words the most frequent, then the first alphabetically. None if there is none."""
        found = process.extract(
            word, self.words, scorer=Levenshtein.distance, score_cutoff=MAX_DISTANCE, limit=None
        )
        candidates = [(distance, -self._frequency[known], known) for known, distance, _ in found]
        candidates = [candidate for candidate in candidates if candidate[2] != word]
        return min(candidates)[2] if candidates else None


def spelling_of(snapshot: Snapshot) -> SpellingWords:
    """The snapshot's spelling words, read from its index once (by the warm-up, or the first
    search that needs a suggestion)."""
    return snapshot.derive(_KEY, SpellingWords)
