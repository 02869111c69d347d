"""What a query looks for, as flat groups of boosted terms and phrases.

A `QueryPlan` is the single description of a search from which both engines work: the
vectorised scorer (backend.search.scoring) reads it directly, and `whoosh_query` turns it
into the equivalent Whoosh query (for phrases, the benchmark and the equivalence test).
Scores add up over every leaf that matches a document, as Whoosh's `Or` and `And` do.
"""

from __future__ import annotations

from dataclasses import dataclass

from whoosh.query import And, AndMaybe, AndNot, Every, Or, Phrase, Query, Term

from backend.search.analysis import query_analyzer, synonym_groups, synonyms_of
from backend.search.parse import UserQuery

TEXT_FIELDS = ("title", "content")
SYNONYM_BOOST = 0.8
ARTICLE_BOOST = 2.0
# Terms a half-typed last word is widened to ("nevenfunc" -> nevenfunctie, ...).
MAX_PREFIX_TERMS = 12
MIN_PREFIX_LENGTH = 4

_analyzer = query_analyzer()


@dataclass(frozen=True)
class Leaf:
    """One term (one stem) or phrase (several stems) in one field, with its boost."""

    field: str
    stems: tuple[str, ...]
    boost: float = 1.0

    @property
    def is_phrase(self) -> bool:
        return len(self.stems) > 1

    def whoosh(self) -> Query:
        if self.is_phrase:
            return Phrase(self.field, list(self.stems), boost=self.boost)
        return Term(self.field, self.stems[0], boost=self.boost)


Group = tuple[Leaf, ...]


@dataclass(frozen=True)
class QueryPlan:
    """Documents must match every required group (phrases) or, without those, any optional
    leaf; documents matching an excluded leaf are left out. No groups at all: everything."""

    required: tuple[Group, ...] = ()
    optional: tuple[Leaf, ...] = ()
    excluded: tuple[Leaf, ...] = ()

    @property
    def matches_everything(self) -> bool:
        return not (self.required or self.optional)

    def leaves(self) -> list[Leaf]:
        return [leaf for group in self.required for leaf in group] + list(self.optional)


def stems_of(text: str) -> list[str]:
    return [token.text for token in _analyzer(text)]


def _text_leaves(text: str, boost: float = 1.0) -> Group:
    """A word or multi-word term over the prose fields."""
    stems = tuple(stems_of(text))
    return tuple(Leaf(name, stems, boost) for name in TEXT_FIELDS) if stems else ()


def _word_leaves(word: str) -> Group:
    """A query word with its domain synonyms (each weighted a little lower)."""
    own = _text_leaves(word)
    if not own:
        return ()
    synonyms = [leaf for s in synonyms_of(word) for leaf in _text_leaves(s, SYNONYM_BOOST)]
    return own + tuple(synonyms)


def build_plan(user_query: UserQuery, prefix_terms: tuple[str, ...] = ()) -> QueryPlan:
    """The plan for what the user typed (never raises on odd input).

    `prefix_terms` are index stems that the last, half-typed word may stand for; they are
    searched as alternatives of that word.
    """
    required = tuple(group for group in map(_text_leaves, user_query.phrases) if group)
    optional: list[Leaf] = [leaf for word in user_query.words for leaf in _word_leaves(word)]
    optional += [Leaf(name, (stem,)) for stem in prefix_terms for name in TEXT_FIELDS]
    if user_query.articles:
        # Whoosh applies an Or's boost only when it has more than one clause: one article
        # found counts once, several twice each. Kept so that rankings stay as they were.
        boost = ARTICLE_BOOST if len(user_query.articles) > 1 else 1.0
        articles = tuple(Leaf("legal_refs", (slug,), boost) for slug in user_query.articles)
        if optional or required:
            optional.extend(articles)
        else:
            required = (articles,)
        optional += [leaf for word in user_query.article_words for leaf in _text_leaves(word)]
    excluded = tuple(leaf for word in user_query.excluded for leaf in _word_leaves(word))
    return QueryPlan(required, tuple(optional), excluded)


def synonym_phrases() -> list[Leaf]:
    """Every multi-word synonym as a phrase leaf per prose field (unboosted)."""
    phrases = {tuple(stems_of(term)) for group in synonym_groups() for term in group}
    return [
        Leaf(name, stems) for stems in sorted(phrases) if len(stems) > 1 for name in TEXT_FIELDS
    ]


def highlight_stems(user_query: UserQuery) -> list[str]:
    """The stems to mark in snippets: the query words, their synonyms and the phrases."""
    texts = list(user_query.words) + list(user_query.phrases)
    for word in user_query.words:
        texts.extend(synonyms_of(word))
    return sorted({stem for text in texts for stem in stems_of(text)}, key=len, reverse=True)


def whoosh_query(plan: QueryPlan) -> Query:
    """The Whoosh query with the same matches and scores as the plan: flat `Or`s of
    boosted terms (one preloaded union per group, not a tree of unions)."""
    required = [Or([leaf.whoosh() for leaf in group]) for group in plan.required]
    optional = Or([leaf.whoosh() for leaf in plan.optional]) if plan.optional else None
    if required and optional is not None:
        query: Query = AndMaybe(And(required), optional)
    elif required:
        query = And(required)
    elif optional is not None:
        query = optional
    else:
        query = Every()
    if plan.excluded:
        query = AndNot(query, Or([leaf.whoosh() for leaf in plan.excluded]))
    return query


def nested_query(user_query: UserQuery) -> Query:
    """The query as built before issue 16 (nested preloaded unions), for the benchmark."""

    class UnionOr(Or):  # type: ignore[misc]  # Whoosh is untyped: Or is Any to mypy
        matcher_type = Or.ARRAY_MATCHER

    def term(text: str) -> Query | None:
        stems = stems_of(text)
        if not stems:
            return None
        if len(stems) == 1:
            return UnionOr([Term(name, stems[0]) for name in TEXT_FIELDS])
        return UnionOr([Phrase(name, stems) for name in TEXT_FIELDS])

    def word(text: str) -> Query | None:
        own = term(text)
        if own is None:
            return None
        alternatives = [own] + [
            q.with_boost(SYNONYM_BOOST) for q in map(term, synonyms_of(text)) if q is not None
        ]
        return UnionOr(alternatives) if len(alternatives) > 1 else own

    required = [q for q in map(term, user_query.phrases) if q is not None]
    optional = [q for q in map(word, user_query.words) if q is not None]
    if user_query.articles:
        articles = Or([Term("legal_refs", s) for s in user_query.articles], boost=ARTICLE_BOOST)
        (optional if optional or required else required).append(articles)
        optional.extend(q for q in map(term, user_query.article_words) if q is not None)
    if required and optional:
        query: Query = AndMaybe(And(required), UnionOr(optional))
    elif required:
        query = And(required)
    elif optional:
        query = UnionOr(optional)
    else:
        query = Every()
    excluded = [q for q in map(word, user_query.excluded) if q is not None]
    return AndNot(query, UnionOr(excluded)) if excluded else query
