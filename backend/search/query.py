"""Running a search: matches and BM25F scores in numpy, facets, snippets and suggestions.

Whoosh analyses the text and holds the index; the open index's postings are scored with
numpy (backend.search.scoring) and filtered and counted with the facet matrix
(backend.search.facet_matrix). Only the page shown touches Whoosh's stored fields.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np
from markupsafe import Markup
from numpy.typing import NDArray
from sqlmodel import Session

from backend import vocabulary
from backend.catalog.facets import FacetIndex, facet_index
from backend.catalog.queries import (
    FacetResult,
    InvalidQuery,
    ListQuery,
    parse_list_query,
)
from backend.content.types import CONTENT_TYPES, SHARED_FACETS, THEME_FACET, Facet
from backend.search.analysis import fold
from backend.search.documents import TAG_FIELDS
from backend.search.facet_matrix import FacetMatrix, column_of_doc, facet_matrix
from backend.search.index import SearchIndex, SearchUnavailable
from backend.search.lexicon import lexicon_of
from backend.search.parse import UserQuery, parse_user_query
from backend.search.plan import (
    MAX_PREFIX_TERMS,
    MIN_PREFIX_LENGTH,
    build_plan,
    highlight_stems,
    stems_of,
)
from backend.search.postings import Scores, Snapshot
from backend.search.scoring import score_plan, top_order
from backend.search.snippets import make_snippet
from backend.search.spelling import spelling_of

SORTS = ("relevantie", "nieuwste")
# With this parameter set, a misspelt query is searched as typed, not as corrected.
AS_TYPED_PARAM = "letterlijk"
FACETS_RECHECK_SECONDS = 1.0
MAX_REMEMBERED_PREFIXES = 10_000

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
    # Set when the words were misspelt and the results are for `suggestion` instead.
    corrected_from: str | None = None


def _split(stored: str | None) -> list[str]:
    return [value for value in (stored or "").split(",") if value]


def suggest(snapshot: Snapshot, user_query: UserQuery) -> str | None:
    """A corrected query when some words are not in the collection's vocabulary."""
    spelling = spelling_of(snapshot)
    changed, words = False, []
    for word in user_query.text.split():
        folded = fold(word).strip('"-')
        if len(folded) > 3 and folded.isalpha() and folded not in spelling:
            closest = spelling.closest(folded)
            if closest:
                words.append(closest)
                changed = True
                continue
        words.append(word)
    return " ".join(words) if changed else None


def prefix_terms(snapshot: Snapshot, user_query: UserQuery) -> tuple[str, ...]:
    """Index stems the last word may be the start of, while it is no word of its own:
    what someone typing 'nevenfunc' is on the way to (the most frequent first)."""
    if not user_query.words or not user_query.text.rstrip().endswith(user_query.words[-1]):
        return ()
    word = fold(user_query.words[-1])
    stems = stems_of(word)
    if len(word) < MIN_PREFIX_LENGTH or not word.isalpha() or len(stems) != 1:
        return ()
    prefix = stems[0] if word.startswith(stems[0]) else word
    # Remembered per index generation: the same words are typed again and again.
    remembered: dict[tuple[str, str], tuple[str, ...]]
    remembered = snapshot.derived.setdefault(("search.prefix_terms",), {})
    if (stems[0], prefix) in remembered:
        return remembered[(stems[0], prefix)]
    lexicon = lexicon_of(snapshot)
    terms = () if stems[0] in lexicon else lexicon.starting_with(prefix, MAX_PREFIX_TERMS)
    if len(remembered) >= MAX_REMEMBERED_PREFIXES:
        remembered.clear()
    remembered[(stems[0], prefix)] = terms
    return terms


def _facets(db: Session, snapshot: Snapshot, public_only: bool) -> FacetIndex:
    """The catalog's facet index, checked against the database at most once a second
    while the search index stays the same: every write of an item also changes the
    index, so a publish or archive is still seen by the very next search."""
    key = ("search.facets", str(db.get_bind().engine.url), public_only)
    cached: tuple[FacetIndex, float] | None = snapshot.derived.get(key)
    now = time.monotonic()
    if cached is not None and now - cached[1] < FACETS_RECHECK_SECONDS:
        return cached[0]
    facets = facet_index(db, public_only)
    snapshot.derived[key] = (facets, now)
    return facets


@dataclass
class _Matches:
    """The text matches of a query within the visible collection, in facet columns."""

    docnums: NDArray[np.intp]
    columns: NDArray[np.int64]
    scores: Scores
    within: NDArray[np.bool_]  # bool per facet column


def _text_matches(
    snapshot: Snapshot, facets: FacetIndex, matrix: FacetMatrix, user_query: UserQuery
) -> _Matches:
    plan = build_plan(user_query, prefix_terms(snapshot, user_query))
    matches, scores = score_plan(snapshot, plan)
    columns_of = column_of_doc(snapshot, facets, matrix)
    docnums = np.flatnonzero(matches & (columns_of >= 0))
    columns = columns_of[docnums]
    within = np.zeros(matrix.size, dtype=bool)
    within[columns] = True
    return _Matches(docnums, columns, scores[docnums], within)


def run_search(
    db: Session,
    index: SearchIndex,
    user_query: UserQuery,
    list_query: ListQuery,
    page_size: int,
    sort: str = "relevantie",
    public_only: bool = True,
    correct: bool = True,
) -> SearchResult:
    """Search the index; filters and counts work exactly as in the browse lists.

    A page past the last shows the last page. With `correct`, a query whose words are
    misspelt and match nothing is searched as the likely words instead.
    """
    if sort not in SORTS:
        raise InvalidQuery(f"Sorteren kan op: {', '.join(SORTS)}.")
    notices = []
    if user_query.truncated:
        notices.append(
            f"Uw zoekvraag was erg lang; we zochten op de eerste {len(user_query.text)} tekens."
        )
    newest_first = sort == "nieuwste" or user_query.is_empty
    # A missing or damaged index raises SearchUnavailable (and starts one rebuild).
    with index.reading() as snapshot:
        facets = _facets(db, snapshot, public_only)
        matrix = facet_matrix(facets)
        found = _text_matches(snapshot, facets, matrix, user_query)
        suggestion = corrected_from = None
        if user_query.words and len(found.docnums) < 3:
            suggestion = suggest(snapshot, user_query)
        if suggestion and correct and len(found.docnums) == 0:
            corrected_from, user_query = user_query.text, parse_user_query(suggestion)
            found = _text_matches(snapshot, facets, matrix, user_query)
        shown = found.within & matrix.filter_mask(list_query)
        keep = shown[found.columns]
        docnums, scores = found.docnums[keep], found.scores[keep]
        total = len(docnums)
        pages = max(1, math.ceil(total / page_size))
        page = min(list_query.page, pages)
        if page < list_query.page:
            noun = "pagina" if pages == 1 else "pagina's"
            notices.append(
                f"Pagina {list_query.page} bestaat niet (meer); de resultaten beslaan {pages}"
                f" {noun}. U ziet de laatste."
            )
        start = (page - 1) * page_size
        keys = snapshot.updated[docnums] if newest_first else scores
        order = top_order(keys, docnums, start + page_size)[start:]
        hits = _hits(snapshot, docnums[order], scores[order], user_query, newest_first)
    counts = matrix.counts(list_query, shown, found.within)
    result = SearchResult(hits, total, page, pages, counts, suggestion, notices, corrected_from)
    return result


def _hits(
    snapshot: Snapshot,
    docnums: NDArray[np.intp],
    scores: Scores,
    user_query: UserQuery,
    newest_first: bool,
) -> list[Hit]:
    stems = highlight_stems(user_query)
    hits = []
    with snapshot.lock:
        for docnum, score in zip(docnums.tolist(), scores.tolist(), strict=True):
            stored = snapshot.stored_fields(docnum)
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
    return hits


def only_stop_words(user_query: UserQuery) -> bool:
    """True when every typed word is too common to search on (and nothing else was asked)."""
    return (
        bool(user_query.words)
        and not (user_query.phrases or user_query.articles)
        and not any(stems_of(word) for word in user_query.words)
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


def drop_unknown_filters(
    params: list[tuple[str, str]], user_query: UserQuery
) -> tuple[list[tuple[str, str]], list[str]]:
    """Filter values no vocabulary knows (say, from an old bookmark) left out, with a
    notice for each; the other parameters unchanged."""
    by_param = {facet.param: facet for facet in SEARCH_FACETS}
    kept, notices = [], []
    typed = [(key, value) for key, value in user_query.field_filters if key in by_param]
    for key, raw in [*params, *typed]:
        facet = by_param.get(key)
        value = raw.strip()
        if facet is not None and value and value not in facet.vocabulary:
            notices.append(
                f"Het filter '{facet.vocabulary.label.lower()}' kent de waarde '{value[:80]}'"
                " niet (meer); we zochten zonder dit filter."
            )
            continue
        kept.append((key, raw))
    return kept, notices


def search_collection(
    db: Session,
    index: SearchIndex,
    params: list[tuple[str, str]],
    page_size: int,
    public_only: bool = True,
    list_when_empty: bool = False,
    lenient_filters: bool = False,
) -> SearchOutcome:
    """Parse request parameters (q, sorteer, filters, pagina, letterlijk) and search.

    Without words or filters the outcome is a prompt to type something, or, with
    `list_when_empty` (the API), every item, newest first. Unknown filter values raise
    InvalidQuery, or with `lenient_filters` (the search page) are left out with a notice, and
    an empty `sorteer` means relevance. Raises InvalidQuery for unknown (for the API also
    empty) sort orders and malformed page numbers.
    """
    values = dict(params)
    user_query = parse_user_query(values.get("q", ""))
    sort = values.get("sorteer", "relevantie")
    if not sort and lenient_filters:  # the page forgives an empty choice; the API refuses it
        sort = "relevantie"
    if sort not in SORTS:  # refused also when there is nothing to search on
        raise InvalidQuery(f"Sorteren kan op: {', '.join(SORTS)}.")
    notices: list[str] = []
    filters = [*params, *user_query.field_filters]
    if lenient_filters:
        filters, notices = drop_unknown_filters(list(params), user_query)
    list_query = parse_list_query(list(CONTENT_TYPES.values()), filters, facets=SEARCH_FACETS)
    outcome = SearchOutcome(user_query, list_query, sort)
    nothing_asked = user_query.is_empty and not list_query.selected and not user_query.excluded
    if nothing_asked and not list_when_empty:
        outcome.message = EMPTY_QUERY
        return outcome
    if only_stop_words(user_query):
        outcome.message = STOP_WORDS_ONLY
        return outcome
    try:
        outcome.result = run_search(
            db,
            index,
            user_query,
            list_query,
            page_size,
            sort,
            public_only,
            correct=not values.get(AS_TYPED_PARAM),
        )
        outcome.result.notices[:0] = notices
    except SearchUnavailable as unavailable:
        outcome.message = f"{unavailable} Probeer het over een minuut opnieuw."
        outcome.unavailable = True
    return outcome
