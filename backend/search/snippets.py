"""Short excerpts of a text around the words that matched, with those words marked.

Whoosh can highlight too, but it re-analyses every result's full text (decompounding and
stemming every word), which cost about 10 ms per result. Here the query's stems are
matched as word prefixes or compound parts, ignoring case and accents, which is close
enough for an excerpt.

What counts as a match is defined by an accent-tolerant pattern (`_pattern`: 'beinvloed'
matches 'Beïnvloeding'). Running that pattern over a whole body is slow (character classes
defeat the regular expression engine's fast scans), so for stems of plain letters and
digits the text is first mapped, character for character, to lower-case ASCII: each
accented letter becomes the letter the pattern equates it with (`_twin`), so positions,
word boundaries and matches stay exactly those of the pattern on the original text, and
the stems are searched as plain literals (tests/search/test_snippets.py compares both).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from functools import lru_cache

from markupsafe import Markup, escape

from backend.search.analysis import fold

MIN_STEM = 3
# Stems this long are also marked inside a word ("belang" in "belangenverstrengeling").
MIN_INSIDE = 5
# Accented Latin letters to their base letter, one character for one, so positions in the
# folded text are positions in the original.
_FOLD_TABLE = {
    code: (fold(chr(code)) or chr(code))[:1] for code in range(0xC0, 0x250) if fold(chr(code))
}
# Base letter -> the accented letters that fold to it, for patterns that match either.
_VARIANTS: dict[str, str] = {}
for _code, _base in _FOLD_TABLE.items():
    _VARIANTS[_base] = _VARIANTS.get(_base, "") + chr(_code)

# Stems that the folded (ASCII) text can be searched for; others use the pattern directly.
_PLAIN_STEM = re.compile(r"[a-z0-9]+")
_TWIN_CANDIDATES = "abcdefghijklmnopqrstuvwxyz0123456789"
# A non-ASCII character that no stem letter matches becomes one of these: a word character
# that is in no plain stem, or a space, so word boundaries stay where they were.
_OTHER_WORD_CHAR, _OTHER_CHAR = "_", " "
_ERROR_HANDLER = "dilemmatafel-snippet-fold"
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _fold_same_length(text: str) -> str:
    """Lower case without accents, position for position (how snippets matched before)."""
    return text.lower().translate(_FOLD_TABLE) if len(text.lower()) == len(text) else text


class _Ambiguous(Exception):
    """A character the pattern equates with more than one stem letter (none known)."""


@lru_cache(maxsize=4096)
def _twin(char: str) -> str:
    """The lower-case ASCII character a non-ASCII one stands for in the folded text: the
    stem letter whose accent-tolerant class (case ignored) matches it, else a neutral
    character of the same kind (word character or not)."""
    found = [x for x in _TWIN_CANDIDATES if re.fullmatch(_accent_free(x), char, re.IGNORECASE)]
    if len(found) > 1 or (found and not _is_word_char(char)):
        raise _Ambiguous(char)
    if found:
        return found[0]
    return _OTHER_WORD_CHAR if _is_word_char(char) else _OTHER_CHAR


def _fold_error(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    return "".join(map(_twin, error.object[error.start : error.end])), error.end


codecs.register_error(_ERROR_HANDLER, _fold_error)


def _ascii_folded(text: str) -> str | None:
    """The text as lower-case ASCII of the same length (see the module docstring), or None
    when a character cannot be mapped exactly."""
    try:
        return text.encode("ascii", _ERROR_HANDLER).decode("ascii").lower()
    except _Ambiguous:
        return None


def _is_word_char(char: str) -> bool:
    """What `\\w` (and so `\\b`) counts as part of a word."""
    return char.isalnum() or char == "_"


def make_snippet(text: str, stems: list[str], max_chars: int = 240) -> Markup:
    """An escaped excerpt of text around the first matches, with matched words in <mark>."""
    return _snippet(text, tuple(stems), max_chars, fast=True)


def _snippet(text: str, stems: tuple[str, ...], max_chars: int, fast: bool) -> Markup:
    """make_snippet; with fast=False always through the accent-tolerant pattern."""
    if not text:
        return Markup("")
    folded = None
    if fast and all(_PLAIN_STEM.fullmatch(stem) for stem in stems):
        folded = _ascii_folded(text)
    if folded is not None:
        pattern = _plain_pattern(stems)
        first = _first_folded_match(text, folded, stems) if pattern else None
        searched = folded
    else:
        pattern = _pattern(stems)
        first = _first_match(text, stems, pattern) if pattern else None
        searched = text
    start = max(0, first - max_chars // 3) if first is not None else 0
    end = min(len(text), start + max_chars)
    start = _word_boundary(text, start, backwards=True)
    end = _word_boundary(text, end, backwards=False)
    spans = (
        _word_spans(text, searched, pattern, start, end) if pattern and first is not None else []
    )
    # Joined as plain strings and wrapped once: the same HTML, without a Markup per part.
    parts = ["… " if start > 0 else ""]
    position = start
    for span_start, span_end in spans:
        parts += [escape(text[position:span_start]), "<mark>"]
        parts += [escape(text[span_start:span_end]), "</mark>"]
        position = span_end
    parts.append(escape(text[position:end]))
    parts.append(" …" if end < len(text) else "")
    return Markup("".join(parts))


def _first_folded_match(text: str, folded: str, stems: tuple[str, ...]) -> int | None:
    """Where the first match starts, found in the folded text with plain literals.

    Text that is ASCII once lower-cased keeps the rule it always had (`_first_ascii_match`).
    Other text gets exactly the pattern's answer: the literals are tried longest first, so
    a short one found means no long one starts there, and it counts only at a word
    boundary; after one passed over, the search resumes one character further (the
    pattern finds overlapping matches too)."""
    if _lowers_to_ascii(text):
        return _first_ascii_match(text.lower(), stems)
    literals, at = _literals(stems), 0
    while (match := literals.search(folded, at)) is not None:
        at = match.start()
        if len(match.group()) >= MIN_INSIDE or at == 0 or not _is_word_char(folded[at - 1]):
            return at
        at += 1
    return None


def _lowers_to_ascii(text: str) -> bool:
    """Whether text, lower-cased, is ASCII of the same length (without lower-casing it all:
    only its few non-ASCII characters are looked at)."""
    return text.isascii() or all(_lowers_to_ascii_char(c) for c in set(_NON_ASCII.findall(text)))


@lru_cache(maxsize=4096)
def _lowers_to_ascii_char(char: str) -> bool:
    lowered = char.lower()
    return len(lowered) == 1 and lowered.isascii()


def _first_match(text: str, stems: tuple[str, ...], pattern: re.Pattern[str]) -> int | None:
    """Where the first match starts (through the pattern, or for ASCII text the literals)."""
    lowered = text.lower()
    if not (lowered.isascii() and len(lowered) == len(text)):
        found = pattern.search(text)
        return found.start() if found else None
    return _first_ascii_match(lowered, stems)


def _first_ascii_match(lowered: str, stems: tuple[str, ...]) -> int | None:
    """Plain ASCII text (lower-cased) scanned for the stems as literals, which the regular
    expression engine does several times faster than the accent-tolerant pattern; a short
    stem found inside a word is passed over."""
    for match in _literals(stems).finditer(lowered):
        at = match.start()
        if len(match.group()) >= MIN_INSIDE or at == 0 or not lowered[at - 1].isalnum():
            return at
    return None


@lru_cache(maxsize=1024)
def _literals(stems: tuple[str, ...]) -> re.Pattern[str]:
    """The stems as plain alternatives, longest first."""
    usable = sorted((stem for stem in stems if len(stem) >= MIN_STEM), key=len, reverse=True)
    return re.compile("|".join(re.escape(stem) for stem in usable))


def _accent_free(stem: str) -> str:
    """A stem as a pattern that also accepts accented forms of its letters."""
    return "".join(
        f"[{re.escape(char)}{_VARIANTS[char]}]" if char in _VARIANTS else re.escape(char)
        for char in stem
    )


def _alternatives(stems: tuple[str, ...], as_pattern: Callable[[str], str]) -> str:
    """Stems at the start of a word, or (long ones) anywhere, each written by as_pattern."""
    starts = [as_pattern(stem) for stem in stems if len(stem) >= MIN_STEM]
    inside = [as_pattern(stem) for stem in stems if len(stem) >= MIN_INSIDE]
    choices = [rf"\b(?:{'|'.join(starts)})"] if starts else []
    choices += [f"(?:{'|'.join(inside)})"] if inside else []
    return "|".join(choices)


@lru_cache(maxsize=1024)
def _pattern(stems: tuple[str, ...]) -> re.Pattern[str] | None:
    """Stems at the start of a word; long stems also inside one (compound parts)."""
    choices = _alternatives(stems, _accent_free)
    return re.compile(choices, re.IGNORECASE) if choices else None


@lru_cache(maxsize=1024)
def _plain_pattern(stems: tuple[str, ...]) -> re.Pattern[str] | None:
    """`_pattern` for the folded text: the same choices, as plain literals."""
    choices = _alternatives(stems, re.escape)
    return re.compile(choices) if choices else None


def _word_spans(
    text: str, searched: str, pattern: re.Pattern[str], start: int, end: int
) -> list[tuple[int, int]]:
    """The whole words of text, between start and end, that contain a match of pattern
    in `searched` (the text itself, or its folded form: the same positions)."""
    spans: list[tuple[int, int]] = []
    for match in pattern.finditer(searched, start, end):
        word_start, word_end = match.start(), match.end()
        while word_start > start and text[word_start - 1].isalnum():
            word_start -= 1
        while word_end < end and text[word_end].isalnum():
            word_end += 1
        if not spans or word_start >= spans[-1][1]:
            spans.append((word_start, word_end))
    return spans


def _word_boundary(text: str, index: int, backwards: bool) -> int:
    if index <= 0 or index >= len(text):
        return max(0, min(index, len(text)))
    step = -1 if backwards else 1
    while 0 < index < len(text) and not text[index].isspace():
        index += step
    return index
