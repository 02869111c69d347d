"""Whoosh's has_column, remembered per segment reader: the same answers, one look each."""

from __future__ import annotations

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import _lenfield

from backend.search import whoosh_speedups
from backend.search.index import SearchIndex


def test_has_column_gives_whooshs_answer_and_asks_the_storage_once(tmp_path, engine, fixture_db):
    search_index = SearchIndex(tmp_path / "index", engine, warm=False)
    search_index.start(background=False)
    searcher = whoosh_index.open_dir(str(search_index.directory)).searcher()
    perdoc = searcher.reader()._perdoc
    names = [_lenfield(name) for name in ("title", "content", "spelling", "themes")] + ["slug"]
    expected = {name: whoosh_speedups._has_column(perdoc, name) for name in names}
    assert expected[_lenfield("title")] and not expected[_lenfield("spelling")]
    looks = []
    exists = perdoc._storage.file_exists
    perdoc._storage.file_exists = lambda name: looks.append(name) or exists(name)
    for _ in range(3):
        assert {name: perdoc.has_column(name) for name in names} == expected
    assert len(looks) == len(names)
    searcher.close()
