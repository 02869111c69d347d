"""The lexicon that widens a half-typed last word: the same words, in the same order, as
asking Whoosh's term dictionary."""

from __future__ import annotations

import pytest
from whoosh import index as whoosh_index

from backend.search.index import SearchIndex
from backend.search.lexicon import Lexicon, lexicon_of
from backend.search.plan import TEXT_FIELDS


@pytest.fixture
def reader(tmp_path, engine, fixture_db):
    search_index = SearchIndex(tmp_path / "index", engine, warm=False)
    search_index.start(background=False)
    searcher = whoosh_index.open_dir(str(search_index.directory)).searcher()
    yield searcher.reader()
    searcher.close()


def test_the_lexicon_holds_the_words_of_the_text_fields_and_no_others(reader):
    lexicon = Lexicon(reader)
    expected = {text.decode() for name in TEXT_FIELDS for text in reader.lexicon(name)}
    assert lexicon.words == sorted(expected)
    assert all(word in lexicon for word in expected)
    assert "zzzonbekend" not in lexicon
    assert "" not in lexicon


def test_words_starting_with_a_prefix_are_whooshs_most_frequent_first(reader):
    lexicon = Lexicon(reader)
    prefixes = sorted({word[:4] for word in lexicon.words if len(word) >= 4})
    assert len(prefixes) > 50
    for prefix in prefixes:
        found = {
            text.decode() for name in TEXT_FIELDS for text in reader.expand_prefix(name, prefix)
        }
        expected = sorted(found, key=lambda t: (-reader.doc_frequency("content", t), t))
        assert lexicon.starting_with(prefix, 12) == tuple(expected[:12]), prefix
    assert lexicon.starting_with("zzzz", 12) == ()


def test_a_snapshot_reads_its_lexicon_once(tmp_path, engine, fixture_db):
    search_index = SearchIndex(tmp_path / "index", engine, warm=False)
    search_index.start(background=False)
    with search_index.reading() as snapshot:
        assert lexicon_of(snapshot) is lexicon_of(snapshot)
