"""Dutch text analysis for the search index: folding, stop words, decompounding, stemming.

The index analyzer also emits the parts of domain compounds ('belangenverstrengeling' is
indexed as itself and as 'belang' and 'verstrengeling'), so a search for a part finds the
compound. Queries are analysed without decompounding, so a search for the compound itself
stays precise.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
    Token,
)
from whoosh.lang import stopwords_for_language
from whoosh.support.charset import accent_map

DATA_DIR = Path(__file__).resolve().parent
LINKING_LETTERS = ("en", "s", "e", "")
PLURAL_ENDINGS = ("", "s", "en", "es", "e")
MIN_COMPOUND_LENGTH = 8
TOKEN_PATTERN = r"\w+"

# Words that carry meaning in this domain although generic stop lists drop them.
KEPT_WORDS = {"geen", "niet", "meer"}
STOP_WORDS = frozenset(
    {word for word in stopwords_for_language("nl") if word not in KEPT_WORDS}
    | {"mag", "mijn", "wij", "we", "jullie", "jij", "u", "welke", "wat", "hoe", "wanneer"}
)


def fold(text: str) -> str:
    """Lowercase and strip accents, as the analyzers do ('beïnvloeding' -> 'beinvloeding')."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _read_words(name: str) -> list[str]:
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.lstrip().startswith("#")]


@lru_cache
def compound_parts() -> frozenset[str]:
    """The known parts of domain compounds, folded."""
    return frozenset(
        fold(word) for line in _read_words("compound_parts.txt") for word in line.split()
    )


@lru_cache(maxsize=100_000)
def _split_cached(word: str) -> tuple[str, ...]:
    if len(word) < MIN_COMPOUND_LENGTH:
        return ()
    parts = _split(word, compound_parts())
    return tuple(parts) if parts and len(parts) > 1 else ()


def split_compound(word: str) -> list[str]:
    """The known parts of a compound word, or [] if it cannot be split completely.

    'geheimhoudingsplicht' -> ['geheim', 'houding', 'plicht'].
    """
    return list(_split_cached(word))


def _split(rest: str, known: frozenset[str]) -> list[str] | None:
    for ending in PLURAL_ENDINGS:
        stem = rest[: len(rest) - len(ending)] if ending else rest
        if rest.endswith(ending) and stem in known:
            return [stem]
    for size in range(len(rest) - 3, 2, -1):
        head = rest[:size]
        if head not in known:
            continue
        for link in LINKING_LETTERS:
            tail_start = size + len(link)
            if rest[size:tail_start] != link or len(rest) - tail_start < 3:
                continue
            tail = _split(rest[tail_start:], known)
            if tail:
                return [head, *tail]
    return None


class DecompoundFilter(Filter):
    """Emit each token, then the parts of a compound token at the same position."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            # Later filters change token.text in place, so split before yielding.
            parts = [] if token.stopped else split_compound(token.text)
            yield token
            for part in parts:
                token.text = part
                yield token


class PluralIeFilter(Filter):
    """'functies' -> 'functie': the Dutch Snowball stemmer leaves plurals in -ies alone."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            if len(token.text) > 5 and token.text.endswith("ies"):
                token.text = token.text[:-1]
            yield token


def _base() -> Analyzer:
    return (
        RegexTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter(stoplist=STOP_WORDS, minsize=2)
    )


def index_analyzer() -> Analyzer:
    """For indexed prose: folded, stop words out, compounds split, stemmed (Dutch)."""
    return _base() | DecompoundFilter() | PluralIeFilter() | StemFilter(lang="nl", cachesize=50_000)


def query_analyzer() -> Analyzer:
    """For query words: like the index analyzer, without splitting compounds."""
    return _base() | PluralIeFilter() | StemFilter(lang="nl", cachesize=50_000)


_LETTERS = re.compile(r"[^\W\d_]{4,}")


def spelling_words(text: str) -> list[str]:
    """The distinct folded words of four or more letters, for "Bedoelde u" suggestions."""
    return list(dict.fromkeys(map(_fold_word, dict.fromkeys(_LETTERS.findall(text)))))


@lru_cache(maxsize=100_000)
def _fold_word(word: str) -> str:
    """`fold`, remembered: a collection repeats its words (rebuilds fold every one)."""
    return fold(word)


@lru_cache
def synonym_groups() -> tuple[tuple[str, ...], ...]:
    """Groups of equivalent terms (folded), from synonyms.txt."""
    return tuple(
        tuple(fold(term.strip()) for term in line.split(",") if term.strip())
        for line in _read_words("synonyms.txt")
    )


def synonyms_of(term: str) -> list[str]:
    """Other terms of the groups that contain this (folded) term or phrase."""
    folded = fold(term)
    found: list[str] = []
    for group in synonym_groups():
        if folded in group:
            found.extend(other for other in group if other != folded and other not in found)
    return found
