"""Reading an item's text for the legal consistency rules (`content.legal`): sentences with
their line numbers, and numbers written in digits or Dutch words (populations, council seats,
votes)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Sentence:
    line: int
    text: str


# --- reading numbers -------------------------------------------------------------------------

_UNITS = ["een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen"]
_TEENS = ["tien", "elf", "twaalf", "dertien", "veertien", "vijftien", "zestien", "zeventien"]
_TEENS += ["achttien", "negentien"]
_TENS = {"twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50}


def _number_words() -> dict[str, int]:
    words = {word: n for n, word in enumerate(_UNITS, start=1)}
    words.update({word: n for n, word in enumerate(_TEENS, start=10)})
    for tens_word, tens in _TENS.items():
        words[tens_word] = tens
        for unit, unit_word in enumerate(_UNITS, start=1):
            joint = "ën" if unit_word.endswith("e") else "en"
            words[f"{unit_word}{joint}{tens_word}"] = tens + unit
    return words


NUMBER_WORDS = _number_words()
_NUMBER = r"(\d+|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"


def to_int(token: str) -> int:
    return int(token) if token.isdigit() else NUMBER_WORDS[token.lower()]


POPULATION = re.compile(
    r"(?P<qual>ongeveer|circa|ca\.|ruim|bijna|zo'n|krap|nog geen|net geen|net over|ruwweg)?\s*"
    r"(?P<n>\d{1,3}(?:[.\u00a0 ]\d{3})+|\d{4,6})\s+inwoners",
    re.IGNORECASE,
)
# A council size stated outright.
SEATS_STATED = re.compile(
    rf"\braad\s+(?:van|met|telt|heeft|bestaat uit)\s+{_NUMBER}\s+(?:leden|zetels|raadsleden)\b"
    rf"|\b{_NUMBER}\s+(?:raadszetels|zetels in de (?:gemeente)?raad)\b"
    rf"|\b{_NUMBER}-koppige (?:gemeente)?raad\b",
    re.IGNORECASE,
)
# "N raadsleden" right after a population, as in "(22.000 inwoners, 19 raadsleden)".
SEATS_AFTER_POPULATION = re.compile(
    rf"^[^.;]{{0,40}}?(?:\b{_NUMBER}\s+(?:raadsleden|raadszetels|zetels)\b"
    rf"|\braad\s+(?:van|met)\s+{_NUMBER}\s+(?:leden|zetels)\b)",
    re.IGNORECASE,
)
# Words that show a number after a population is not the council's size ("de fractie
# bestaat uit vier raadsleden").
NOT_THE_COUNCIL = re.compile(r"fractie|bestaat|waarvan|commissie|partij", re.IGNORECASE)
VOTES = re.compile(
    rf"\b{_NUMBER}\s+tegen\s+{_NUMBER}\s+stemmen\b"
    rf"|\b{_NUMBER}\s+stemmen\s+voor\s+en\s+{_NUMBER}\s+(?:stemmen\s+)?tegen\b"
    rf"|\b{_NUMBER}\s+voor(?:stemmen)?\s*(?:,|en)\s+{_NUMBER}\s+tegen(?:stemmen)?\b",
    re.IGNORECASE,
)


def population_range(qualifier: str | None, number: int) -> tuple[int, int]:
    q = (qualifier or "").lower()
    if q in {"ruim", "net over"}:
        return number + 1, int(number * 1.1)
    if q in {"bijna", "krap", "nog geen", "net geen"}:
        return int(number * 0.9), number - 1
    if q:
        return int(number * 0.97), int(number * 1.03)
    return number, number


# --- reading text ----------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z'\"(])")


def sentences(lines: list[str]) -> Iterator[Sentence]:
    """The sentences of a file, each with its line number (paragraphs are single lines)."""
    for number, line in enumerate(lines, start=1):
        for part in _SENTENCE_END.split(line):
            if part.strip():
                yield Sentence(number, part)


def first_line(lines: list[str], key: str) -> int:
    pattern = re.compile(rf"^{re.escape(key)}\s*:")
    return next((n for n, line in enumerate(lines, start=1) if pattern.match(line)), 1)


def body_lines(lines: list[str]) -> list[str]:
    """The lines after the front matter, blanked before it so numbers stay right."""
    fences = [n for n, line in enumerate(lines) if line.strip() == "---"]
    end = fences[1] if len(fences) > 1 else -1
    return ["" if n <= end else line for n, line in enumerate(lines)]
