"""Import into the database (one transaction, upsert by slug) and export back to files."""

from __future__ import annotations

import pytest
from sqlmodel import Session, func, select

from backend.content.files import content_files
from backend.content.store import ImportRefused, export_collection, import_collection
from backend.models import Item, ItemTag
from tests.conftest import FIXTURE_CONTENT
from tests.factories import make_record, write_record


def snapshot(engine) -> list[tuple]:
    with Session(engine) as db:
        items = db.exec(select(Item).order_by(Item.slug)).all()
        tags = db.exec(select(func.count(ItemTag.id))).one()
        return [(i.slug, i.title, i.version, i.front, i.sections) for i in items] + [tags]


def test_import_creates_items_with_their_tags(engine):
    result = import_collection(engine, FIXTURE_CONTENT)
    assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
    with Session(engine) as db:
        item = db.exec(select(Item).where(Item.slug == "stemming-over-eigen-perceel")).one()
        tags = {
            (t.facet, t.value) for t in db.exec(select(ItemTag).where(ItemTag.item_id == item.id))
        }
    assert item.type == "personal_interest"
    assert ("themes", "belangenverstrengeling") in tags
    assert ("recusal_required", "ja") in tags
    assert ("legal_refs", "gemeentewet-28") in tags


def test_second_import_is_an_upsert_by_slug(engine, content_dir):
    import_collection(engine, content_dir)
    path = content_dir / "dilemmas" / "subsidie-eigen-sportvereniging.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("difficulty: 2", "difficulty: 3"), encoding="utf-8"
    )
    result = import_collection(engine, content_dir)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 3)
    with Session(engine) as db:
        item = db.exec(select(Item).where(Item.slug == "subsidie-eigen-sportvereniging")).one()
        difficulty = db.exec(
            select(ItemTag.value).where(ItemTag.item_id == item.id, ItemTag.facet == "difficulty")
        ).all()
    assert item.version == 2 and item.front["difficulty"] == 3
    assert difficulty == ["3"]


def test_a_bad_file_leaves_the_database_exactly_as_it_was(engine, content_dir):
    import_collection(engine, content_dir)
    before = snapshot(engine)
    good = content_dir / "dilemmas" / "subsidie-eigen-sportvereniging.md"
    good.write_text(
        good.read_text(encoding="utf-8").replace("minutes: 15", "minutes: 20"), encoding="utf-8"
    )
    write_record(content_dir, make_record(slug="nieuw-dilemma"))
    bad = content_dir / "cases" / "secrecy" / "grondexploitatie-besloten.md"
    bad.write_text(
        bad.read_text(encoding="utf-8").replace("regime: sinds-2023", "regime: ooit"),
        encoding="utf-8",
    )
    with pytest.raises(ImportRefused) as refused:
        import_collection(engine, content_dir)
    assert any("regime" in str(error) for error in refused.value.errors)
    assert snapshot(engine) == before


def test_a_database_failure_rolls_back_the_whole_import(engine, content_dir, monkeypatch):
    import backend.content.store as store

    original = store._apply
    calls = {"n": 0}

    def failing(db_item, record):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("schijf vol")
        return original(db_item, record)

    monkeypatch.setattr(store, "_apply", failing)
    with pytest.raises(RuntimeError):
        import_collection(engine, content_dir)
    assert snapshot(engine) == [0]


def test_export_gives_back_the_imported_files_byte_for_byte(engine, tmp_path):
    import_collection(engine, FIXTURE_CONTENT)
    target = tmp_path / "export"
    written = export_collection(engine, target)
    assert len(written) == 4
    for path, _ in content_files(FIXTURE_CONTENT):
        exported = target / path.relative_to(FIXTURE_CONTENT)
        assert exported.read_bytes() == path.read_bytes()


def test_export_leaves_out_unpublished_items_unless_asked(engine, content_dir, tmp_path):
    write_record(content_dir, make_record(slug="nog-een-concept", status="draft"))
    import_collection(engine, content_dir)
    export_collection(engine, tmp_path / "a")
    export_collection(engine, tmp_path / "b", published_only=False)
    assert not (tmp_path / "a" / "dilemmas" / "nog-een-concept.md").exists()
    assert (tmp_path / "b" / "dilemmas" / "nog-een-concept.md").exists()


def test_export_leaves_out_internal_items(engine, content_dir, tmp_path):
    write_record(content_dir, make_record(slug="intern-dilemma", visibility="internal"))
    import_collection(engine, content_dir)
    export_collection(engine, tmp_path / "out")
    assert not (tmp_path / "out" / "dilemmas" / "intern-dilemma.md").exists()
