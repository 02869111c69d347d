"""The words of an index's text fields, sorted, for widening a half-typed last word.

Reading them from Whoosh per search (`expand_prefix` walks the term dictionary of every
segment) cost about as much as scoring a first search; kept per index generation, a prefix
is two binary searches away.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from backend.search.plan import TEXT_FIELDS
from backend.search.postings import Snapshot, segment_readers

_KEY = ("search.lexicon",)


class Lexicon:
    """Every word of the text fields, and how many documents hold it in the content field."""

    def __init__(self, reader: Any) -> None:
        words: set[str] = set()
        frequency: dict[str, int] = {}
        for fieldname in TEXT_FIELDS:
            for segment_reader, _ in segment_readers(reader):
                for text, info in segment_reader.iter_field(fieldname):
                    word = text.decode("utf-8")
                    words.add(word)
                    if fieldname == "content":
                        frequency[word] = frequency.get(word, 0) + info.doc_frequency()
        self.words = sorted(words)
        self._frequency = frequency

    def __contains__(self, word: str) -> bool:
        at = bisect_left(self.words, word)
        return at < len(self.words) and self.words[at] == word

    def starting_with(self, prefix: str, limit: int) -> tuple[str, ...]:
        """Up to `limit` words that start with prefix, the most frequent in content first."""
        found = []
        for word in self.words[bisect_left(self.words, prefix) :]:
            if not word.startswith(prefix):
                break
            found.append(word)
        found.sort(key=lambda word: (-self._frequency.get(word, 0), word))
        return tuple(found[:limit])


def lexicon_of(snapshot: Snapshot) -> Lexicon:
    """The snapshot's lexicon, read from its index once (by the warm-up, or the first search
    that widens a word)."""
    return snapshot.derive(_KEY, Lexicon)
