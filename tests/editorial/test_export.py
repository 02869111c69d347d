"""The zip export: the published public collection as content files that load back."""

from __future__ import annotations

import io
import zipfile
from datetime import date

from sqlmodel import select

from backend.content.files import load_collection
from backend.content.store import import_records
from backend.content.types import CONTENT_TYPES
from backend.editorial import export, workflow
from backend.models import AuditEntry, Item
from tests.factories import make_front, make_record, make_sections

PUBLISHED = {
    "dilemmas/subsidie-eigen-sportvereniging.md",
    "good_practices/kennismakingsgesprek-nieuwe-raadsleden.md",
    "cases/personal_interest/stemming-over-eigen-perceel.md",
    "cases/secrecy/grondexploitatie-besloten.md",
}


def unzip(content: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def test_the_zip_holds_only_published_public_items(engine, fixture_db, db, people):
    import_records(engine, [make_record(slug="alleen-intern", visibility="internal")])
    front = make_front("dilemma", slug="nog-een-concept")
    workflow.create_item(db, people["auteur"], CONTENT_TYPES["dilemma"], front, make_sections())
    archived = db.exec(select(Item).where(Item.slug == "grondexploitatie-besloten")).one()
    workflow.archive(db, people["auteur"], archived)
    db.commit()
    files = unzip(export.collection_zip(db))
    assert set(files) == PUBLISHED - {"cases/secrecy/grondexploitatie-besloten.md"}


def test_the_unpacked_zip_is_a_valid_collection_of_the_same_items(fixture_db, db, tmp_path):
    for name, text in unzip(export.collection_zip(db)).items():
        path = tmp_path / "uitgepakt" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    records, errors = load_collection(tmp_path / "uitgepakt")
    assert errors == []
    published = db.exec(select(Item).where(Item.status == "published")).all()
    assert {r.slug: (r.front, r.sections) for r in records} == {
        item.slug: (item.front, item.sections) for item in published
    }


def test_an_export_is_named_after_the_day_and_audited(fixture_db, db, people):
    download = export.export_collection_zip(db, people["collega"], date(2027, 3, 15))
    db.commit()
    assert download.filename == "dilemmatafel-collectie-2027-03-15.zip"
    assert set(unzip(download.content)) == PUBLISHED
    entries = db.exec(select(AuditEntry).where(AuditEntry.action == "content.export")).all()
    assert [entry.actor_id for entry in entries] == [people["collega"].id]
