"""Running a search: Whoosh queries from a UserQuery, facets, snippets and suggestions."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from markupsafe import Markup
from sqlmodel import Session
from whoosh.query import And, AndMaybe, AndNot, Every, NullQuery, Or, Phrase, Query, Term

from backend import vocabulary
from backend.catalog.facets import facet_index
from backend.catalog.queries import (
    FacetCount,
    FacetResult,
    InvalidQuery,
    ListQuery,
    facet_counts,
    matching_ids,
    parse_list_query,
)
from backend.content.types import CONTENT_TYPES, SHARED_FACETS, THEME_FACET, Facet
from backend.search.analysis import fold, query_analyzer, synonyms_of
from backend.search.index import TAG_FIELDS, SearchIndex
from backend.search.parse import UserQuery, parse_user_query
from backend.search.snippets import make_snippet

TEXT_FIELDS = ("title", "summary", "body", "tags_text")
PHRASE_FIELDS = ("title", "summary", "body")
SORTS = ("relevantie", "nieuwste")

ITEM_TYPES = vocabulary.Vocabulary(
    "type",
    "Soort",
    tuple(vocabulary.Term(key, t.plural) for key, t in CONTENT_TYPES.items()),
)
SEARCH_FACETS: tuple[Facet, ...] = (Facet("type", "soort", ITEM_TYPES), THEME_FACET, *SHARED_FACETS)

_analyzer = query_analyzer()


class SearchUnavailable(Exception):
    """The index is being rebuilt; try again shortly."""


@dataclass
class Hit:
    """One result: the stored fields of the item, a highlighted snippet and the score."""

    slug: str
    type: str
    title: str
    summary: str
    themes: list[str]
    roles: list[str]
    levels: list[str]
    legal_refs: list[str]
    snippet: Markup
    score: float


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int
    page: int
    pages: int
    facets: list[FacetResult]
    suggestion: str | None = None
    notices: list[str] = field(default_factory=list)


def _stems(text: str) -> list[str]:
    return [token.text for token in _analyzer(text)]


def _term_query(text: str) -> Query | None:
    """A word or multi-word term as a query over the prose fields."""
    stems = _stems(text)
    if not stems:
        return None
    if len(stems) == 1:
        return Or([Term(name, stems[0]) for name in TEXT_FIELDS])
    return Or([Phrase(name, stems) for name in PHRASE_FIELDS])


def _word_query(word: str) -> Query | None:
    """A query word with its domain synonyms (each weighted a little lower)."""
    own = _term_query(word)
    if own is None:
        return None
    alternatives = [own]
    for synonym in synonyms_of(word):
        query = _term_query(synonym)
        if query is not None:
            alternatives.append(query.with_boost(0.8))
    return Or(alternatives) if len(alternatives) > 1 else own


def build_query(user_query: UserQuery) -> Query:
    """The Whoosh query for what the user typed (never raises on odd input)."""
    required = [q for q in (_term_query(p) for p in user_query.phrases) if q is not None]
    optional = [q for q in (_word_query(w) for w in user_query.words) if q is not None]
    if user_query.articles:
        articles = Or([Term("legal_refs", slug) for slug in user_query.articles], boost=2.0)
        (optional if optional or required else required).append(articles)
        mentions = [_term_query(word) for word in user_query.article_words]
        optional.extend(query for query in mentions if query is not None)
    if required and optional:
        query: Query = AndMaybe(And(required), Or(optional))
    elif required:
        query = And(required)
    elif optional:
        # No `scale` (coordination bonus): Whoosh's top-N collector then drops good hits.
        query = Or(optional)
    else:
        query = NullQuery
    excluded = [q for q in (_word_query(w) for w in user_query.excluded) if q is not None]
    if excluded and query is not NullQuery:
        query = AndNot(query, Or(excluded))
    return query


def _facet_result(facet: Facet, counts: dict[str, int], chosen: list[str]) -> FacetResult:
    return FacetResult(
        facet,
        [
            FacetCount(term.slug, term.label, counts.get(term.slug, 0), term.slug in chosen)
            for term in facet.vocabulary.terms
            if counts.get(term.slug) or term.slug in chosen
        ],
    )


def _split(stored: str | None) -> list[str]:
    return [value for value in (stored or "").split(",") if value]


def highlight_stems(user_query: UserQuery) -> list[str]:
    """The stems to mark in snippets: the query words, their synonyms and the phrases."""
    texts = list(user_query.words) + list(user_query.phrases)
    for word in user_query.words:
        texts.extend(synonyms_of(word))
    return sorted({stem for text in texts for stem in _stems(text)}, key=len, reverse=True)


def suggest(searcher, user_query: UserQuery) -> str | None:
    """A corrected query when some words are not in the collection's vocabulary."""
    corrector = searcher.corrector("spelling")
    reader = searcher.reader()
    changed, words = False, []
    for word in user_query.text.split():
        folded = fold(word).strip('"-')
        if len(folded) > 3 and folded.isalpha() and not reader.frequency("spelling", folded):
            options = corrector.suggest(folded, limit=1, maxdist=2)
            if options:
                words.append(options[0])
                changed = True
                continue
        words.append(word)
    return " ".join(words) if changed else None


def run_search(
    session: Session,
    index: SearchIndex,
    user_query: UserQuery,
    list_query: ListQuery,
    page_size: int,
    sort: str = "relevantie",
    public_only: bool = True,
) -> SearchResult:
    """Search the index; filters and counts work exactly as in the browse lists.

    Whoosh finds the documents matching the text and ranks them (BM25F); the facet index
    of the catalog narrows them by the filters and counts the filter values.
    """
    if not index.ready:
        raise SearchUnavailable(index.last_error or "De zoekindex wordt opnieuw opgebouwd.")
    if sort not in SORTS:
        raise InvalidQuery(f"Sorteren kan op: {', '.join(SORTS)}.")
    facets = facet_index(session, public_only)
    notices = []
    if user_query.truncated:
        notices.append(
            f"Uw zoekvraag was erg lang; we zochten op de eerste {len(user_query.text)} tekens."
        )
    query = Every() if user_query.is_empty else build_query(user_query)
    with index.open().searcher() as searcher:
        slug_of = index.slugs(searcher)
        item_of_doc = {
            docnum: facets.id_of_slug[slug_of[docnum]]
            for docnum in searcher.docs_for_query(query)
            if slug_of[docnum] in facets.id_of_slug
        }
        text_ids = set(item_of_doc.values())
        ids = matching_ids(facets, list_query, within=text_ids)
        pages = max(1, math.ceil(len(ids) / page_size))
        if list_query.page > pages:
            noun = "pagina" if pages == 1 else "pagina's"
            raise InvalidQuery(f"Pagina {list_query.page} bestaat niet; er zijn {pages} {noun}.")
        allowed = {docnum for docnum, item_id in item_of_doc.items() if item_id in ids}
        newest_first = sort == "nieuwste" or user_query.is_empty
        results = searcher.search(
            query,
            limit=list_query.page * page_size,
            filter=allowed,
            **({"sortedby": "updated", "reverse": True} if newest_first else {}),
        )
        start = (list_query.page - 1) * page_size
        stems = highlight_stems(user_query)
        hits = [
            Hit(
                slug=hit["slug"],
                type=hit["type"],
                title=hit["title"],
                summary=hit["summary"],
                **{name: _split(hit.get(name)) for name in TAG_FIELDS},
                snippet=make_snippet(hit["body"], stems) if stems else Markup(""),
                score=round(hit.score or 0.0, 3),
            )
            for hit in results[start : start + page_size]
        ]
        suggestion = suggest(searcher, user_query) if user_query.words and len(ids) < 3 else None
    counts = facet_counts(facets, list_query, ids, within=text_ids)
    return SearchResult(hits, len(ids), list_query.page, pages, counts, suggestion, notices)


def only_stop_words(user_query: UserQuery) -> bool:
    """True when every typed word is too common to search on (and nothing else was asked)."""
    return (
        bool(user_query.words)
        and not (user_query.phrases or user_query.articles)
        and not any(_stems(word) for word in user_query.words)
    )


@dataclass
class SearchOutcome:
    """Everything a search page or the API shows: the query, the result or a message."""

    user_query: UserQuery
    list_query: ListQuery
    sort: str
    result: SearchResult | None = None
    message: str | None = None
    unavailable: bool = False


def search_collection(
    session: Session,
    index: SearchIndex,
    params: list[tuple[str, str]],
    page_size: int,
    public_only: bool = True,
) -> SearchOutcome:
    """Parse request parameters (q, sorteer, filters, pagina) and run the search.

    Raises InvalidQuery for unknown filter values, sort orders or page numbers.
    """
    values = dict(params)
    user_query = parse_user_query(values.get("q", ""))
    sort = values.get("sorteer", "relevantie") or "relevantie"
    list_query = parse_list_query(list(CONTENT_TYPES.values()), params, facets=SEARCH_FACETS)
    outcome = SearchOutcome(user_query, list_query, sort)
    if user_query.is_empty and not list_query.selected and not user_query.excluded:
        if user_query.words:
            outcome.message = (
                "Uw zoekvraag bevat alleen veelvoorkomende woorden. Probeer een woord dat"
                " zegt waar het om gaat, zoals 'nevenfunctie', 'geschenk' of 'geheimhouding'."
            )
        else:
            outcome.message = (
                "Typ een of meer woorden, bijvoorbeeld 'meestemmen subsidie tennisclub'"
                " of 'artikel 28 Gemeentewet'."
            )
        return outcome
    if only_stop_words(user_query):
        outcome.message = (
            "Uw zoekvraag bevat alleen veelvoorkomende woorden. Probeer een woord dat"
            " zegt waar het om gaat, zoals 'nevenfunctie', 'geschenk' of 'geheimhouding'."
        )
        return outcome
    try:
        outcome.result = run_search(
            session, index, user_query, list_query, page_size, sort, public_only
        )
    except SearchUnavailable as unavailable:
        outcome.message = f"{unavailable} Probeer het over een minuut opnieuw."
        outcome.unavailable = True
    return outcome
