"""Short excerpts of a text around the words that matched, with those words marked.

Whoosh can highlight too, but it re-analyses every result's full text (decompounding and
stemming every word), which cost about 10 ms per result. Here the query's stems are
matched as word prefixes or compound parts, ignoring case and accents, which is close
enough for an excerpt. The pattern itself accepts the accented letters ('beinvloed'
matches 'Beïnvloeding'), so no hit's body has to be folded: the regular expression
engine finds the first match and marks the words in the excerpt's window only.
"""

from __future__ import annotations

import re
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


def _fold_same_length(text: str) -> str:
    """Lower case without accents, position for position (how snippets matched before)."""
    return text.lower().translate(_FOLD_TABLE) if len(text.lower()) == len(text) else text


def make_snippet(text: str, stems: list[str], max_chars: int = 240) -> Markup:
    """An escaped excerpt of text around the first matches, with matched words in <mark>."""
    if not text:
        return Markup("")
    pattern = _pattern(tuple(stems))
    first = _first_match(text, tuple(stems), pattern) if pattern else None
    start = max(0, first - max_chars // 3) if first is not None else 0
    end = min(len(text), start + max_chars)
    start = _word_boundary(text, start, backwards=True)
    end = _word_boundary(text, end, backwards=False)
    spans = _word_spans(text, pattern, start, end) if pattern and first is not None else []
    parts: list[str | Markup] = ["… " if start > 0 else ""]
    position = start
    for span_start, span_end in spans:
        parts.append(escape(text[position:span_start]))
        parts.append(Markup("<mark>") + escape(text[span_start:span_end]) + Markup("</mark>"))
        position = span_end
    parts.append(escape(text[position:end]))
    parts.append(" …" if end < len(text) else "")
    return Markup("").join(parts)


def _first_match(text: str, stems: tuple[str, ...], pattern: re.Pattern[str]) -> int | None:
    """Where the first match starts. Plain ASCII text (most bodies) is scanned for the
    stems as literals, which the regular expression engine does several times faster
    than the accent-tolerant pattern; a short stem found inside a word is passed over."""
    lowered = text.lower()
    if not (lowered.isascii() and len(lowered) == len(text)):
        found = pattern.search(text)
        return found.start() if found else None
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


@lru_cache(maxsize=1024)
def _pattern(stems: tuple[str, ...]) -> re.Pattern[str] | None:
    """Stems at the start of a word; long stems also inside one (compound parts)."""
    starts = [_accent_free(stem) for stem in stems if len(stem) >= MIN_STEM]
    inside = [_accent_free(stem) for stem in stems if len(stem) >= MIN_INSIDE]
    choices = [rf"\b(?:{'|'.join(starts)})"] if starts else []
    choices += [f"(?:{'|'.join(inside)})"] if inside else []
    return re.compile("|".join(choices), re.IGNORECASE) if choices else None


def _word_spans(text: str, pattern: re.Pattern[str], start: int, end: int) -> list[tuple[int, int]]:
    """The whole words, between start and end, that contain a match of pattern."""
    spans: list[tuple[int, int]] = []
    for match in pattern.finditer(text, start, end):
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
