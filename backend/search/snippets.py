"""Short excerpts of a text around the words that matched, with those words marked.

Whoosh can highlight too, but it re-analyses every result's full text (decompounding and
stemming every word), which cost about 10 ms per result. Here the query's stems are
matched as word prefixes or compound parts on the accent-folded text, which is close
enough for an excerpt and takes a fraction of a millisecond.
"""

from __future__ import annotations

import re

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


def _fold_same_length(text: str) -> str:
    return text.lower().translate(_FOLD_TABLE) if len(text.lower()) == len(text) else text


def make_snippet(text: str, stems: list[str], max_chars: int = 240) -> Markup:
    """An escaped excerpt of text around the first matches, with matched words in <mark>.

    Only the text up to the first match and the excerpt's window are folded, not the
    whole body (a long body cost about a millisecond per hit)."""
    if not text:
        return Markup("")
    pattern = _pattern(stems)
    first = _first_match(text, pattern) if pattern else None
    start = max(0, first - max_chars // 3) if first is not None else 0
    end = min(len(text), start + max_chars)
    start = _word_boundary(text, start, backwards=True)
    end = _word_boundary(text, end, backwards=False)
    window = _fold_same_length(text[start:end])
    spans = _word_spans(window, pattern, start) if first is not None else []
    parts: list[str | Markup] = ["… " if start > 0 else ""]
    position = start
    for span_start, span_end in spans:
        parts.append(escape(text[position:span_start]))
        parts.append(Markup("<mark>") + escape(text[span_start:span_end]) + Markup("</mark>"))
        position = span_end
    parts.append(escape(text[position:end]))
    parts.append(" …" if end < len(text) else "")
    return Markup("").join(parts)


def _first_match(text: str, pattern: re.Pattern, chunk: int = 1024) -> int | None:
    """Where the first match starts, folding the text a chunk at a time. Each chunk starts
    at a word boundary, so a word-start pattern never matches halfway into a word."""
    offset = 0
    while offset < len(text):
        piece_end = text.find(" ", offset + chunk)
        piece_end = len(text) if piece_end < 0 else piece_end
        found = pattern.search(_fold_same_length(text[offset:piece_end]))
        if found:
            return offset + found.start()
        offset = piece_end
    return None


def _pattern(stems: list[str]) -> re.Pattern | None:
    """Stems at the start of a word; long stems also inside one (compound parts)."""
    starts = [re.escape(stem) for stem in stems if len(stem) >= MIN_STEM]
    inside = [re.escape(stem) for stem in stems if len(stem) >= MIN_INSIDE]
    choices = [rf"\b(?:{'|'.join(starts)})"] if starts else []
    choices += [f"(?:{'|'.join(inside)})"] if inside else []
    return re.compile("|".join(choices)) if choices else None


def _word_spans(window: str, pattern: re.Pattern, offset: int) -> list[tuple[int, int]]:
    """The whole words of the (folded) window that contain a match of pattern, as
    positions in the text the window starts at `offset` in."""
    spans: list[tuple[int, int]] = []
    for match in pattern.finditer(window):
        word_start, word_end = match.start(), match.end()
        while word_start > 0 and window[word_start - 1].isalnum():
            word_start -= 1
        while word_end < len(window) and window[word_end].isalnum():
            word_end += 1
        if not spans or offset + word_start >= spans[-1][1]:
            spans.append((offset + word_start, offset + word_end))
    return spans


def _word_boundary(text: str, index: int, backwards: bool) -> int:
    if index <= 0 or index >= len(text):
        return max(0, min(index, len(text)))
    step = -1 if backwards else 1
    while 0 < index < len(text) and not text[index].isspace():
        index += step
    return index
