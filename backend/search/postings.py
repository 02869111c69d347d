"""The open Whoosh index of one generation, with term postings as numpy arrays.

Whoosh keeps analysis, synonyms, spelling and the files; scoring happens here, over arrays
read from the open reader. A `Snapshot` belongs to one index generation: it holds the
searcher (open across requests), per-document arrays (live documents, field lengths, slugs,
update times) and an LRU cache, bounded in bytes, of each term's BM25F scores per document.
A new generation gets a new snapshot, so nothing cached outlives the index it came from.

Whoosh readers are not safe to use from several threads at once, so every read of the
index goes through the snapshot's lock.
"""

from __future__ import annotations

import heapq
import threading
from collections import OrderedDict
from collections.abc import Callable
from math import log
from typing import Any, TypeAlias, TypeVar

import numpy as np
from numpy.typing import NDArray
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.matching import WrappingMatcher
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

from backend.search.plan import Leaf, synonym_phrases

# Whoosh ships no annotations, so its objects are Any to mypy; these names say which is meant.
Searcher: TypeAlias = Any  # whoosh.searching.Searcher
Reader: TypeAlias = Any  # whoosh.reading.IndexReader (a segment's or a multi-segment one)
Matcher: TypeAlias = Any  # whoosh.matching.Matcher
ColumnReader: TypeAlias = Any  # a whoosh.columns reader

DocIds: TypeAlias = NDArray[np.int32]  # document numbers
Scores: TypeAlias = NDArray[np.float64]  # one score (or weight) per document number listed
Postings: TypeAlias = tuple[DocIds, Scores]
# A cached term is (field, text); a cached phrase is (field, stems).
CacheKey: TypeAlias = tuple[str, str | tuple[str, ...]]

# Field length bytes to lengths, as Whoosh decodes them (0 stays 0).
_LENGTH_OF_BYTE = np.array([byte_to_length(b) if b else 0 for b in range(256)], dtype=np.float64)
# After a start or rebuild, the postings of this many most frequent terms per prose field
# are loaded in the background (about 2 MB and a few seconds at 1,000 items).
WARM_TERMS = 1000
# A collection of at most this many documents also has every document's stored fields read
# in then (within their share of the cache): a first search shows up to 20 of them, and
# reading one is a decompression and an unpickling. Larger collections keep the recent hits.
WARM_DOCUMENTS = 2000
# Hit documents may take up to this share of the cache's bytes (1 / DOCUMENT_SHARE),
# each counted as its text's length plus a fixed overhead for the dict and its strings.
DOCUMENT_SHARE = 4
DOCUMENT_OVERHEAD = 1024
EMPTY_IDS = np.zeros(0, dtype=np.int32)
EMPTY_SCORES = np.zeros(0, dtype=np.float64)


Derived = TypeVar("Derived")


class Snapshot:
    """One generation of the index: its searcher and arrays, and a postings cache."""

    def __init__(self, searcher: Searcher, generation: int, cache_bytes: int):
        self.searcher = searcher
        self.generation = generation
        self.lock = threading.RLock()
        reader = searcher.reader()
        self.doc_count = reader.doc_count_all()
        self.live = np.zeros(self.doc_count, dtype=bool)
        self.live[np.fromiter(reader.all_doc_ids(), dtype=np.int64)] = True
        self.slugs: list[str] = list(reader.column_reader("slug"))
        updated = reader.column_reader("updated")
        self.updated = np.array(list(updated), dtype="datetime64[us]").astype(np.int64)
        self.lengths = {name: self._field_lengths(name) for name in ("title", "content")}
        self._cache: OrderedDict[CacheKey, Postings] = OrderedDict()
        self._cache_bytes = 0
        self.cache_limit = cache_bytes
        # The stored fields of recent hits (docnum -> fields, size): the same items come
        # up in many searches, and reading one costs a decompression and an unpickling.
        self._documents: OrderedDict[int, tuple[dict[str, Any], int]] = OrderedDict()
        self._document_bytes = 0
        # Arrays derived from this snapshot by other modules (e.g. docnum -> facet position).
        self.derived: dict[tuple[object, ...], Any] = {}

    def derive(self, key: tuple[object, ...], build: Callable[[Any], Derived]) -> Derived:
        """What `build` makes of this snapshot's index reader, made once and kept in
        `derived` (under the lock: Whoosh's reader is not thread-safe)."""
        found: Derived | None = self.derived.get(key)
        if found is None:
            with self.lock:
                found = self.derived.get(key)
                if found is None:
                    found = build(self.searcher.reader())
                    self.derived[key] = found
        return found

    def close(self) -> None:
        with self.lock:
            self.searcher.close()

    # -- per-document arrays -----------------------------------------------------------

    def _field_lengths(self, fieldname: str) -> NDArray[np.float64]:
        """Every document's length of a field, as BM25F reads it (Whoosh's byte encoding)."""
        reader = self.searcher.reader()
        parts = []
        for segment_reader, offset in segment_readers(reader):
            count = segment_reader.doc_count_all()
            column = _length_column(segment_reader, fieldname)
            if column is None:
                raw = [segment_reader.doc_field_length(d, fieldname, 0) for d in range(count)]
                parts.append(np.asarray(raw, dtype=np.float64))
                continue
            data = bytes(column._dbfile.get(column._basepos, column._count))
            codes = np.frombuffer(data, dtype=np.uint8)
            lengths = np.zeros(count, dtype=np.float64)
            lengths[: len(codes)] = _LENGTH_OF_BYTE[codes[:count]]
            parts.append(lengths)
            del offset
        return np.concatenate(parts) if parts else np.zeros(0)

    # -- stored fields -----------------------------------------------------------------

    def stored_fields(self, docnum: int) -> dict[str, Any]:
        """A document's stored fields (shared: do not change the dict). The most recently
        shown are kept, within a quarter of the cache's byte bound."""
        with self.lock:
            cached = self._documents.get(docnum)
            if cached is not None:
                self._documents.move_to_end(docnum)
                return cached[0]
            fields: dict[str, Any] = self.searcher.stored_fields(docnum)
            size = DOCUMENT_OVERHEAD + sum(len(v) for v in fields.values() if isinstance(v, str))
            limit = self.cache_limit // DOCUMENT_SHARE
            if size <= limit:
                self._documents[docnum] = (fields, size)
                self._document_bytes += size
                while self._document_bytes > limit:
                    _, (_, dropped) = self._documents.popitem(last=False)
                    self._document_bytes -= dropped
            return fields

    @property
    def document_bytes(self) -> int:
        return self._document_bytes

    # -- postings ----------------------------------------------------------------------

    def term_scores(self, fieldname: str, text: str) -> Postings:
        """The live documents containing a term and their BM25F score for it (unboosted)."""
        return self._cached((fieldname, text), lambda: self._read_scores(fieldname, text))

    def phrase_scores(self, leaf: Leaf) -> Postings:
        """Documents matching a phrase and their scores (boost included), through Whoosh:
        phrases need positions. Cached like terms: the synonyms' phrases recur often."""
        ids, scores = self._cached(
            (leaf.field, leaf.stems), lambda: self._read_phrase(leaf.field, leaf.stems)
        )
        return (ids, scores * leaf.boost) if leaf.boost != 1.0 else (ids, scores)

    def _cached(self, key: CacheKey, read: Callable[[], Postings]) -> Postings:
        with self.lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
            found = read()
            size = found[0].nbytes + found[1].nbytes
            if size <= self.cache_limit:
                self._cache[key] = found
                self._cache_bytes += size
                while self._cache_bytes > self.cache_limit:
                    _, (ids, scores) = self._cache.popitem(last=False)
                    self._cache_bytes -= ids.nbytes + scores.nbytes
            return found

    @property
    def cached_bytes(self) -> int:
        return self._cache_bytes

    def _read_scores(self, fieldname: str, text: str) -> Postings:
        ids, weights, doc_frequency = read_postings(self.searcher.reader(), fieldname, text)
        if len(ids) == 0:
            return EMPTY_IDS, EMPTY_SCORES
        keep = self.live[ids]
        ids, weights = ids[keep], weights[keep]
        schema_field = self.searcher.schema[fieldname]
        if not schema_field.scorable:
            return ids, weights  # Whoosh's WeightScorer: the weight is the score
        weighting = self.searcher.weighting
        if not isinstance(weighting, BM25F):
            raise TypeError("the vectorised scorer implements BM25F only")
        b = weighting._field_B.get(fieldname, weighting.B)
        k1 = weighting.K1
        # Whoosh's WeightingModel.idf, from the doc frequency read with the postings
        # (asking the searcher would look the term up in every segment again).
        idf = log(self.doc_count / (doc_frequency + 1)) + 1
        average = self.searcher.avg_field_length(fieldname) or 1
        lengths = self.lengths[fieldname][ids]
        scores = idf * ((weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / average)))
        return ids, scores

    def _read_phrase(self, fieldname: str, stems: tuple[str, ...]) -> Postings:
        matcher = Leaf(fieldname, stems).whoosh().matcher(self.searcher, self.searcher.context())
        ids: list[int] = []
        scores: list[float] = []
        while matcher.is_active():
            ids.append(matcher.id())
            scores.append(matcher.score())
            matcher.next()
        return np.asarray(ids, dtype=np.int32), np.asarray(scores, dtype=np.float64)

    def warm(self, limit: int = WARM_TERMS) -> int:
        """Load the most frequent terms of the prose fields (after a start or rebuild), and in
        a small collection every document's stored fields; the number of terms loaded.

        Takes the lock per term and per document, so searches are never held up for long."""
        with self.lock:
            reader = self.searcher.reader()
            terms: list[tuple[str, str | tuple[str, ...]]] = [
                (fieldname, text.decode("utf-8"))
                for fieldname in ("content", "title")
                for _, text in most_frequent_terms(reader, fieldname, limit)
            ]
        # The phrases among the synonyms: expensive to check, and met in many searches.
        terms += [(leaf.field, leaf.stems) for leaf in synonym_phrases()]
        loaded = 0
        for fieldname, text in terms:
            if self._cache_bytes >= self.cache_limit or self.searcher.is_closed:
                break
            try:
                if isinstance(text, tuple):
                    self.phrase_scores(Leaf(fieldname, text))
                else:
                    self.term_scores(fieldname, text)
            except Exception:  # replaced and closed meanwhile: nothing left to warm
                break
            loaded += 1
        self._warm_documents()
        return loaded

    def _warm_documents(self) -> None:
        """Read every live document's stored fields, in a small collection (WARM_DOCUMENTS)."""
        if self.doc_count > WARM_DOCUMENTS:
            return
        limit = self.cache_limit // DOCUMENT_SHARE
        for docnum in np.flatnonzero(self.live).tolist():
            if self._document_bytes >= limit or self.searcher.is_closed:
                return
            try:
                self.stored_fields(docnum)
            except Exception:  # replaced and closed meanwhile: nothing left to warm
                return


def segment_readers(reader: Reader) -> list[tuple[Reader, int]]:
    """(segment reader, first docnum) for each segment of a (multi-segment) reader."""
    if reader.is_atomic():
        return [(reader, 0)]
    return list(zip(reader.readers, reader.doc_offsets, strict=True))


def most_frequent_terms(reader: Reader, fieldname: str, number: int) -> list[tuple[float, bytes]]:
    """Whoosh's `most_frequent_terms` (the `number` terms of highest total weight, as
    (weight, text) pairs), summed per segment: Whoosh's multi-segment reader looks every
    term up again in each segment, which made this most of the warm-up's time."""
    totals: dict[bytes, float] = {}
    for segment_reader, _ in segment_readers(reader):
        for text, info in segment_reader.iter_field(fieldname):
            totals[text] = totals.get(text, 0.0) + info.weight()
    return heapq.nlargest(number, ((weight, text) for text, weight in totals.items()))


def _length_column(segment_reader: Reader, fieldname: str) -> ColumnReader | None:
    """The field-length column of a Whoosh 3 segment, or None (then read per document)."""
    perdoc = getattr(segment_reader, "_perdoc", None)
    cached = getattr(perdoc, "_cached_reader", None)
    if cached is None:
        return None
    column = cached(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None or not hasattr(column, "_dbfile"):
        return None
    return column


def read_postings(reader: Reader, fieldname: str, text: str) -> tuple[DocIds, Scores, int]:
    """A term's document numbers and weights over all segments, deleted documents included
    (the caller masks them), and its document frequency. One term lookup per segment;
    reads whole Whoosh 3 posting blocks where it can: one Python step per block of up to
    128 postings instead of one per posting."""
    ids_parts, weight_parts, doc_frequency = [], [], 0
    for segment_reader, offset in segment_readers(reader):
        matcher, frequency = _term_matcher(segment_reader, fieldname, text)
        if matcher is None:
            continue
        doc_frequency += frequency
        while isinstance(matcher, WrappingMatcher) or type(matcher).__name__ == "FilterMatcher":
            matcher = matcher.child
        ids, weights = _read_matcher(matcher)
        ids_parts.append(ids + offset)
        weight_parts.append(weights)
    if not ids_parts:
        return EMPTY_IDS, EMPTY_SCORES, 0
    all_ids: DocIds = np.concatenate(ids_parts).astype(np.int32)
    return all_ids, np.concatenate(weight_parts), doc_frequency


def _term_matcher(segment_reader: Reader, fieldname: str, text: str) -> tuple[Matcher | None, int]:
    """A segment's matcher over a term's postings (deleted documents included) and the
    term's doc frequency there, from one look-up of its term info; (None, 0) if absent."""
    terms = getattr(segment_reader, "_terms", None)
    if terms is None or not hasattr(terms, "term_info") or not hasattr(terms, "_postfile"):
        if (fieldname, text) not in segment_reader:  # another codec: Whoosh's public way
            return None, 0
        return segment_reader.postings(fieldname, text), segment_reader.doc_frequency(
            fieldname, text
        )
    schema_field = segment_reader.schema[fieldname]
    term_bytes = schema_field.to_bytes(text)
    try:
        info = terms.term_info(fieldname, term_bytes)
    except TermNotFound:
        return None, 0
    matcher = terms._codec.postings_reader(
        terms._postfile, info, schema_field.format, term=(fieldname, term_bytes)
    )
    return matcher, info.doc_frequency()


def _read_matcher(matcher: Matcher) -> tuple[NDArray[np.int64], Scores]:
    ids: list[int] = []
    weights: list[float] = []
    blockwise = hasattr(matcher, "_read_ids") and hasattr(matcher, "_next_block")
    while matcher.is_active():
        if blockwise and matcher._i == 0:
            matcher._read_ids()
            matcher._read_weights()
            ids.extend(matcher._ids)
            weights.extend(matcher._weights)
            matcher._next_block()
            continue
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float64)


def close_later(snapshot: Snapshot, delay: float = 30.0) -> None:
    """Close a replaced snapshot once searches that still hold it have finished."""
    timer = threading.Timer(delay, snapshot.close)
    timer.daemon = True
    timer.start()
