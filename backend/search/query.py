"""Running a search: Whoosh queries from a UserQuery, facets, snippets and suggestions."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup
from sqlmodel import Session
from whoosh.query import And, AndMaybe, AndNot, Every, Or, Phrase, Query, Term

from backend import vocabulary
from backend.catalog.facets import FacetIndex, facet_index
from backend.catalog.queries import (
    FacetResult,
    InvalidQuery,
    ListQuery,
    facet_counts,
    matching_ids,
    page_count,
    parse_list_query,
)
from backend.content.types import CONTENT_TYPES, SHARED_FACETS, THEME_FACET, Facet
from backend.search.analysis import fold, query_analyzer, synonyms_of
from backend.search.index import TAG_FIELDS, Searcher, SearchIndex, SearchUnavailable
from backend.search.parse import UserQuery, parse_user_query
from backend.search.snippets import make_snippet

TEXT_FIELDS = ("title", "content")


class UnionOr(Or):
    """Or that always preloads its matches: measured faster than Whoosh's default choice
    of a tree of union matchers above 5,000 documents (see docs/performance.md)."""

    matcher_type = Or.ARRAY_MATCHER


SORTS = ("relevantie", "nieuwste")

ITEM_TYPES = vocabulary.Vocabulary(
    "type",
    "Soort",
    tuple(vocabulary.Term(key, t.plural) for key, t in CONTENT_TYPES.items()),
)
SEARCH_FACETS: tuple[Facet, ...] = (Facet("type", "soort", ITEM_TYPES), THEME_FACET, *SHARED_FACETS)

EMPTY_QUERY = (
    "Typ een of meer woorden, bijvoorbeeld 'meestemmen subsidie tennisclub' of"
    " 'artikel 28 Gemeentewet'."
)
STOP_WORDS_ONLY = (
    "Uw zoekvraag bevat alleen veelvoorkomende woorden. Probeer een woord dat zegt waar het"
    " om gaat, zoals 'nevenfunctie', 'geschenk' of 'geheimhouding'."
)

_analyzer = query_analyzer()


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
        return UnionOr([Term(name, stems[0]) for name in TEXT_FIELDS])
    return UnionOr([Phrase(name, stems) for name in TEXT_FIELDS])


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
    return UnionOr(alternatives) if len(alternatives) > 1 else own


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
        query: Query = AndMaybe(And(required), UnionOr(optional))
    elif required:
        query = And(required)
    elif optional:
        # No `scale` (coordination bonus): Whoosh's top-N collector then drops good hits.
        query = UnionOr(optional)
    else:
        # Nothing to look for: everything (narrowed by exclusions and the filters).
        query = Every()
    excluded = [q for q in (_word_query(w) for w in user_query.excluded) if q is not None]
    if excluded:
        query = AndNot(query, UnionOr(excluded))
    return query


def _split(stored: str | None) -> list[str]:
    return [value for value in (stored or "").split(",") if value]


def highlight_stems(user_query: UserQuery) -> list[str]:
    """The stems to mark in snippets: the query words, their synonyms and the phrases."""
    texts = list(user_query.words) + list(user_query.phrases)
    for word in user_query.words:
        texts.extend(synonyms_of(word))
    return sorted({stem for text in texts for stem in _stems(text)}, key=len, reverse=True)


def suggest(searcher: Searcher, user_query: UserQuery) -> str | None:
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


_RANKED_CACHE: OrderedDict[tuple[object, ...], tuple[list[tuple[int, int, float]], set[int]]] = (
    OrderedDict()
)
_RANKED_CACHE_SIZE = 256


def _ranked_matches(
    index: SearchIndex, searcher: Searcher, facets: FacetIndex, query: Query, order: dict[str, Any]
) -> tuple[list[tuple[int, int, float]], set[int]]:
    """Every match as (docnum, item id, score) in rank order, and the matching item ids.

    One evaluation of the query; the filters are applied afterwards with the facet index,
    so counts and ranking come from the same pass. Cached per index and collection state,
    so paging and ticking filters for the same words do not search again.
    """
    key = (
        str(index.directory),
        searcher.reader().doc_count_all(),
        index.generation,
        facets.token,
        repr(query),
        tuple(sorted(order.items())),
    )
    if key in _RANKED_CACHE:
        _RANKED_CACHE.move_to_end(key)
        return _RANKED_CACHE[key]
    slug_of = index.slugs(searcher)
    results = searcher.search(query, limit=None, **order)
    ranked = [
        (docnum, facets.id_of_slug[slug_of[docnum]], score)
        for score, docnum in results.top_n
        if slug_of[docnum] in facets.id_of_slug
    ]
    matches = (ranked, {item_id for _, item_id, _ in ranked})
    _RANKED_CACHE[key] = matches
    if len(_RANKED_CACHE) > _RANKED_CACHE_SIZE:
        _RANKED_CACHE.popitem(last=False)
    return matches


def run_search(
    db: Session,
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
    if sort not in SORTS:
        raise InvalidQuery(f"Sorteren kan op: {', '.join(SORTS)}.")
    facets = facet_index(db, public_only)
    notices = []
    if user_query.truncated:
        notices.append(
            f"Uw zoekvraag was erg lang; we zochten op de eerste {len(user_query.text)} tekens."
        )
    query = build_query(user_query)
    newest_first = sort == "nieuwste" or user_query.is_empty
    order = {"sortedby": "updated", "reverse": True} if newest_first else {}
    # A missing or damaged index raises SearchUnavailable (and starts one rebuild).
    with index.reading() as searcher:
        ranked, text_ids = _ranked_matches(index, searcher, facets, query, order)
        ids = matching_ids(facets, list_query, within=text_ids)
        pages = page_count(list_query.page, len(ids), page_size)
        start = (list_query.page - 1) * page_size
        shown = [(docnum, score) for docnum, item_id, score in ranked if item_id in ids]
        stems = highlight_stems(user_query)
        hits = []
        for docnum, score in shown[start : start + page_size]:
            stored = searcher.stored_fields(docnum)
            hits.append(
                Hit(
                    slug=stored["slug"],
                    type=stored["type"],
                    title=stored["title"],
                    summary=stored["summary"],
                    **{name: _split(stored.get(name)) for name in TAG_FIELDS},
                    snippet=make_snippet(stored["body"], stems) if stems else Markup(""),
                    score=0.0 if newest_first else round(float(score), 3),
                )
            )
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
    db: Session,
    index: SearchIndex,
    params: list[tuple[str, str]],
    page_size: int,
    public_only: bool = True,
    list_when_empty: bool = False,
) -> SearchOutcome:
    """Parse request parameters (q, sorteer, filters, pagina) and run the search.

    Without words or filters the outcome is a prompt to type something, or, with
    `list_when_empty` (the API), every item, newest first.
    Raises InvalidQuery for unknown filter values, sort orders or page numbers.
    """
    values = dict(params)
    user_query = parse_user_query(values.get("q", ""))
    sort = values.get("sorteer", "relevantie") or "relevantie"
    if sort not in SORTS:  # refused also when there is nothing to search on
        raise InvalidQuery(f"Sorteren kan op: {', '.join(SORTS)}.")
    list_query = parse_list_query(
        list(CONTENT_TYPES.values()), [*params, *user_query.field_filters], facets=SEARCH_FACETS
    )
    outcome = SearchOutcome(user_query, list_query, sort)
    nothing_asked = user_query.is_empty and not list_query.selected and not user_query.excluded
    if nothing_asked and not list_when_empty:
        outcome.message = EMPTY_QUERY
        return outcome
    if only_stop_words(user_query):
        outcome.message = STOP_WORDS_ONLY
        return outcome
    try:
        outcome.result = run_search(db, index, user_query, list_query, page_size, sort, public_only)
    except SearchUnavailable as unavailable:
        outcome.message = f"{unavailable} Probeer het over een minuut opnieuw."
        outcome.unavailable = True
    return outcome
