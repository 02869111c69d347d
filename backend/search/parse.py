"""Reading what a user typed: words, quoted phrases, exclusions and article references.

No Whoosh query syntax is exposed: characters such as * ? ~ ^ : ( are plain separators,
so any input gives a sensible query and never a syntax error.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from backend.search.analysis import fold
from backend.vocabulary import LEGAL_ARTICLES, LegalArticle

MAX_QUERY_LENGTH = 300

LAW_ALIASES = {
    "Gemeentewet": ("gemeentewet", "gemw", "gw"),
    "Provinciewet": ("provinciewet", "pw"),
    "Waterschapswet": ("waterschapswet", "wsw"),
    "Algemene wet bestuursrecht": ("awb", "algemene wet bestuursrecht"),
    "Wet open overheid": ("woo", "wet open overheid"),
    "Wetboek van Strafrecht": ("sr", "wetboek van strafrecht", "strafrecht"),
}
_ALIAS_TO_LAW = {alias: law for law, aliases in LAW_ALIASES.items() for alias in aliases}
_LAW_PATTERN = "|".join(
    sorted((re.escape(alias) for alias in _ALIAS_TO_LAW), key=len, reverse=True)
)
_NUMBER = r"\d{1,3}[a-z]?(?:[:.]\d{1,2})?"
_ARTICLE_WITH_PREFIX = re.compile(
    rf"\bart(?:ikel|\.)?\s*({_NUMBER})(?:\s+lid\s+\d+)?(?:\s+(?:van\s+de\s+|van\s+het\s+)?({_LAW_PATTERN})\b)?"
)
_ARTICLE_WITH_LAW = re.compile(
    rf"\b({_NUMBER})(?:\s+lid\s+\d+)?\s+(?:van\s+de\s+|van\s+het\s+)?({_LAW_PATTERN})\b"
)
_PHRASE = re.compile(r'"([^"]+)"')
FIELD_FILTER_PARAMS = ("soort", "thema", "rol", "bestuurslaag", "artikel")
_FIELD_FILTER = re.compile(rf"(?<!\S)({'|'.join(FIELD_FILTER_PARAMS)}):([\w-]+)")
_WORD = re.compile(r"(?:(?<!\S)-)?\w+")


@dataclass
class UserQuery:
    """A cleaned-up query: what to look for, what to leave out, which articles."""

    text: str
    words: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    # The article number and law as typed, to rank items that discuss the article first.
    article_words: list[str] = field(default_factory=list)
    # Filters typed in the query, such as 'thema:nevenfuncties', as (parameter, value).
    field_filters: list[tuple[str, str]] = field(default_factory=list)
    truncated: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.phrases or self.articles)


def clean(raw: str) -> tuple[str, bool]:
    """Drop control characters, fold white space and cut to MAX_QUERY_LENGTH."""
    text = "".join(" " if unicodedata.category(char)[0] == "C" else char for char in raw)
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_LENGTH:
        return text[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0], True
    return text, False


def articles_for(number: str, alias: str | None) -> list[str]:
    """Legal-reference slugs for an article number, optionally of one law."""
    law = _ALIAS_TO_LAW.get(alias) if alias else None
    found = []
    for term in LEGAL_ARTICLES.terms:
        if not isinstance(term, LegalArticle):  # every legal_refs term is one
            continue
        short = term.short.split(" ")[0] if term.short else ""
        if short == number and (law is None or term.law == law):
            found.append(term.slug)
    return found


def parse_user_query(raw: str) -> UserQuery:
    """Split raw input into words, phrases, exclusions and article references."""
    text, truncated = clean(raw or "")
    query = UserQuery(text=text, truncated=truncated)
    rest = fold(text)
    query.field_filters = _FIELD_FILTER.findall(rest)
    rest = _FIELD_FILTER.sub(" ", rest)
    for pattern in (_ARTICLE_WITH_PREFIX, _ARTICLE_WITH_LAW):
        for match in pattern.finditer(rest):
            slugs = articles_for(match.group(1), match.group(2))
            if slugs:
                query.articles.extend(slug for slug in slugs if slug not in query.articles)
                query.article_words.extend(part for part in match.groups() if part)
                rest = rest.replace(match.group(0), " ", 1)
    if rest.count('"') % 2 == 0:
        query.phrases = [p.strip() for p in _PHRASE.findall(rest) if _WORD.search(p)]
        rest = _PHRASE.sub(" ", rest)
    for token in _WORD.findall(rest.replace('"', " ")):
        word = token.lstrip("-")
        if not word or (word.isdigit() and len(word) > 4):
            continue
        target = query.excluded if token.startswith("-") else query.words
        if word not in target:
            target.append(word)
    return query
