"""Backups: `create_backup` and `restore_backup` on SQLite and PostgreSQL, and the two commands.

Each round trip fills a database the way people use the app (the shipped collection, edits
with their revisions, accounts and a login, a saved agenda, a live session with answers that
ended with a report and one that still runs), backs it up, restores it into an empty
database and compares every table row by row.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import threading
import time
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, inspect
from sqlalchemy import select as select_rows
from sqlmodel import Session, SQLModel, select
from typer.testing import CliRunner

from backend.accounts import service as accounts_service
from backend.backup import BackupError, create_backup, dump, restore_backup, tables_to_dump
from backend.cli import app
from backend.clock import as_utc, utcnow
from backend.config import REPO_ROOT, get_settings
from backend.content.files import load_collection
from backend.content.store import import_collection, import_records
from backend.content.types import CONTENT_TYPES
from backend.db import alembic_config, make_engine, migrate
from backend.editorial import workflow
from backend.live import report, service
from backend.live.broadcast import LocalBroadcaster
from backend.models import AuditEntry, Item, LiveSession, LoginSession, User
from tests.conftest import FIXTURE_CONTENT
from tests.factories import make_front, make_sections
from tests.helpers import add_accounts, add_user
from tests.live.conftest import start_live

EDITED = "amendement-aangeleverd-door-vereniging"


@lru_cache
def shipped_records():
    records, errors = load_collection(REPO_ROOT)
    assert not errors
    return records


def populate(engine) -> dict[str, int]:
    """Fill a migrated, empty database; returns the ids of the two live sessions."""
    import_records(engine, shipped_records())
    people = add_accounts(engine)
    with Session(engine) as db:
        editor, admin = db.get(User, people["editor"]), db.get(User, people["admin"])
        item = db.exec(select(Item).where(Item.slug == EDITED)).one()
        copy = workflow.working_copy(db, item)
        front = {**copy.front, "summary": "Een samenvatting na redactie, voor de back-up."}
        workflow.save_draft(db, editor, item, front, copy.sections, copy.version)
        workflow.submit_for_review(db, editor, item)
        db.commit()
        workflow.approve(db, admin, item, workflow.newest_version(db, item))
        workflow.create_item(
            db,
            editor,
            CONTENT_TYPES["dilemma"],
            make_front("dilemma", slug="nieuw-na-de-back-up-terug"),
            make_sections("dilemma"),
        )
        accounts_service.start_session(db, admin)
        db.commit()
    broadcaster = LocalBroadcaster()
    ended = start_live(engine, broadcaster, people["facilitator"], slug=None)
    position = ended.go_to_dilemma(1)
    ended.do(service.open_answers)
    for phone, option in enumerate("AABC"):
        ended.answer(f"telefoon-{phone}", option)
    ended.do(service.close_answers)
    ended.do(service.save_agreements, position, "We melden nevenfuncties vooraf bij de griffie.")
    ended.do(service.end)
    running = start_live(engine, broadcaster, people["facilitator"])
    running.go_to_dilemma(1)
    running.do(service.open_answers)
    running.answer("telefoon-x", "B")
    return {"ended": ended.id, "running": running.id}


def add_login(db, email: str) -> int:
    """An account (invited: no password yet) and a login session of it, not committed."""
    user = User(email=email, role="editor")
    db.add(user)
    db.flush()
    db.add(LoginSession(token_hash=email, user_id=user.id, expires_at=utcnow()))
    return user.id


def table_rows(engine) -> dict[str, list[tuple]]:
    """Every row of every table, ordered by id, moments as aware UTC (SQLite drops the zone)."""

    def value(one):
        return as_utc(one) if isinstance(one, datetime) else one

    with engine.connect() as connection:
        return {
            table.name: [
                tuple(value(one) for one in row)
                for row in connection.execute(
                    select_rows(table).order_by(*table.primary_key.columns)
                )
            ]
            for table in SQLModel.metadata.sorted_tables
        }


def report_text(engine, session_id: int) -> str:
    with Session(engine) as db:
        return report.to_markdown(report.build_report(db, db.get(LiveSession, session_id)))


@pytest.fixture(scope="module")
def populated_template(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    """A SQLite database filled by `populate` once per module; tests get a copy."""
    database = tmp_path_factory.mktemp("populated") / "populated.db"
    engine = make_engine(f"sqlite:///{database}")
    migrate(engine)
    sessions = populate(engine)
    engine.dispose()
    return database, sessions


@pytest.fixture
def populated(tmp_path, populated_template):
    """A private copy of the filled SQLite database: (engine, live session ids)."""
    template, sessions = populated_template
    shutil.copy(template, tmp_path / "populated.db")
    engine = make_engine(f"sqlite:///{tmp_path / 'populated.db'}")
    yield engine, sessions
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def source(request):
    """A filled database of each kind to back up: (engine, live session ids)."""
    if request.param == "sqlite":
        yield request.getfixturevalue("populated")
        return
    engine = make_engine(request.getfixturevalue("postgres_url"))
    migrate(engine)
    yield engine, populate(engine)
    engine.dispose()


@pytest.fixture
def empty_sqlite(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'restored.db'}")
    yield engine
    engine.dispose()


@pytest.fixture
def empty_postgres(postgres):
    """A second fresh PostgreSQL database (besides postgres_url), without tables."""
    url = postgres.create_database("restored_here")
    engine = make_engine(url)
    yield engine
    engine.dispose()
    postgres.drop_database("restored_here")


def test_a_backup_restores_every_row_into_an_empty_database(source, tmp_path, request):
    source, sessions = source
    before = table_rows(source)
    assert all(before[name] for name in ("item_revision", "saved_agenda", "live_answer"))
    summary = create_backup(source, tmp_path / "backup")
    assert summary.rows == {name: len(rows) for name, rows in before.items()}
    target = request.getfixturevalue(
        "empty_sqlite" if source.dialect.name == "sqlite" else "empty_postgres"
    )
    restored = restore_backup(target, tmp_path / "backup")
    assert restored.rows == summary.rows
    assert table_rows(target) == before
    assert report_text(target, sessions["ended"]) == report_text(source, sessions["ended"])


def test_a_sqlite_backup_moves_to_postgresql(populated, empty_postgres, tmp_path):
    engine, sessions = populated
    create_backup(engine, tmp_path / "backup")
    restore_backup(empty_postgres, tmp_path / "backup")
    assert table_rows(empty_postgres) == table_rows(engine)
    assert report_text(empty_postgres, sessions["ended"]) == report_text(engine, sessions["ended"])
    with Session(empty_postgres) as db:  # new rows are numbered after the restored ones
        db.add(AuditEntry(action="na.terugzetten"))
        db.commit()
        newest = db.exec(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert newest.action == "na.terugzetten"
        assert newest.id > max(row[0] for row in table_rows(engine)["audit_entry"])


def head_revision() -> str:
    """The newest migration's revision."""
    return str(ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head())


def test_every_table_of_the_application_is_in_the_backup(engine, tmp_path):
    create_backup(engine, tmp_path / "backup")
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    names = set(inspect(engine).get_table_names()) - {"alembic_version"}
    assert set(manifest["rows"]) == set(SQLModel.metadata.tables) == names
    assert [table.name for table in tables_to_dump()] == [
        table.name for table in SQLModel.metadata.sorted_tables
    ]
    assert manifest["alembic_revision"] == head_revision() and manifest["format_version"] == 1
    for relative, digest in manifest["files"].items():
        assert len(digest) == 64 and (tmp_path / "backup" / relative).is_file()


def test_the_backup_holds_the_content_files_and_only_its_owner_can_read_it(populated, tmp_path):
    engine, _ = populated
    create_backup(engine, tmp_path / "backup")
    folder = tmp_path / "backup"
    draft = folder / "content" / "dilemmas" / "nieuw-na-de-back-up-terug.md"
    assert "status: draft" in draft.read_text(encoding="utf-8")  # every item, drafts too
    edited = (folder / "content" / "dilemmas" / f"{EDITED}.md").read_text(encoding="utf-8")
    assert "Een samenvatting na redactie, voor de back-up." in edited
    for path in [folder, *folder.rglob("*")]:
        assert path.stat().st_mode & 0o077 == 0, path
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".backup-")]


def test_a_folder_that_is_not_empty_is_refused(engine, tmp_path):
    folder = tmp_path / "backup"
    folder.mkdir()
    (folder / "oud.txt").write_text("van gisteren")
    with pytest.raises(BackupError, match="is niet leeg"):
        create_backup(engine, folder)
    assert [p.name for p in folder.iterdir()] == ["oud.txt"]
    folder.joinpath("oud.txt").unlink()
    create_backup(engine, folder)  # an empty folder is fine
    assert (folder / "manifest.json").is_file()


def test_a_damaged_backup_is_refused_and_nothing_is_written(populated, empty_sqlite, tmp_path):
    engine, _ = populated
    create_backup(engine, tmp_path / "backup")
    rows = tmp_path / "backup" / "tables" / "user_account.jsonl"
    rows.write_text(rows.read_text().replace("beheerder@", "indringer@"))
    with pytest.raises(BackupError, match=r"user_account.jsonl is veranderd"):
        restore_backup(empty_sqlite, tmp_path / "backup")
    assert inspect(empty_sqlite).get_table_names() == []


def test_a_missing_file_or_a_broken_manifest_is_refused(engine, empty_sqlite, tmp_path):
    create_backup(engine, tmp_path / "backup")
    damaged = tmp_path / "zonder-bestand"
    shutil.copytree(tmp_path / "backup", damaged)
    (damaged / "tables" / "item.jsonl").unlink()
    with pytest.raises(BackupError, match=r"het bestand tables/item.jsonl ontbreekt"):
        restore_backup(empty_sqlite, damaged)
    (tmp_path / "backup" / "manifest.json").write_text("{ half")
    with pytest.raises(BackupError, match="geen leesbare JSON"):
        restore_backup(empty_sqlite, tmp_path / "backup")
    with pytest.raises(BackupError, match=r"geen manifest.json"):
        restore_backup(empty_sqlite, tmp_path)
    assert inspect(empty_sqlite).get_table_names() == []


def test_a_database_with_rows_is_refused_unless_forced(populated, tmp_path):
    engine, _ = populated
    before = table_rows(engine)
    create_backup(engine, tmp_path / "backup")
    with Session(engine) as db:
        db.add(AuditEntry(action="na.de.back-up"))
        db.commit()
    with pytest.raises(BackupError, match=r"niet leeg.*--force"):
        restore_backup(engine, tmp_path / "backup")
    assert len(table_rows(engine)["audit_entry"]) == len(before["audit_entry"]) + 1
    summary = restore_backup(engine, tmp_path / "backup", force=True)
    assert summary.emptied == sum(len(rows) for rows in before.values()) + 1
    assert table_rows(engine) == before


def test_a_restore_that_fails_halfway_leaves_the_database_as_it_was(populated, tmp_path):
    engine, _ = populated
    before = table_rows(engine)
    create_backup(engine, tmp_path / "backup")
    # A row that breaks a unique rule, in a table restored after others were written.
    manifest_path = tmp_path / "backup" / "manifest.json"
    rows = tmp_path / "backup" / "tables" / "live_round.jsonl"
    lines = rows.read_text().splitlines(keepends=True)
    rows.write_text("".join([*lines, lines[0]]))
    manifest = json.loads(manifest_path.read_text())
    manifest["rows"]["live_round"] += 1
    manifest["files"]["tables/live_round.jsonl"] = hashlib.sha256(rows.read_bytes()).hexdigest()
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(BackupError, match=r"(?i)unique.*Er is niets teruggezet"):
        restore_backup(engine, tmp_path / "backup", force=True)
    assert table_rows(engine) == before


def test_a_write_during_the_backup_is_wholly_in_or_wholly_out(source, tmp_path, request):
    """Between the first and second table read another connection commits an account with a
    login session and an audit entry; the snapshot must hold none of the three."""
    source, _ = source
    before = table_rows(source)

    def write_meanwhile(table: str, _rows: int) -> None:
        if table != tables_to_dump()[0].name:
            return
        with Session(source) as db:
            user_id = add_login(db, "tijdens@example.org")
            db.add(AuditEntry(actor_id=user_id, action="tijdens.backup"))
            db.commit()

    summary = create_backup(source, tmp_path / "backup", progress=write_meanwhile)
    assert summary.rows == {name: len(rows) for name, rows in before.items()}
    target = request.getfixturevalue(
        "empty_sqlite" if source.dialect.name == "sqlite" else "empty_postgres"
    )
    restore_backup(target, tmp_path / "backup")
    assert table_rows(target) == before


def test_a_backup_taken_while_another_thread_keeps_writing_restores(
    populated, empty_sqlite, tmp_path
):
    engine, _ = populated
    stop, written = threading.Event(), []

    def keep_writing() -> None:
        while not stop.is_set():
            with Session(engine) as db:
                user_id = add_login(db, f"schrijver{len(written)}@example.org")
                db.commit()
                written.append(user_id)

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        while len(written) < 3:
            time.sleep(0.01)
        create_backup(engine, tmp_path / "backup")
    finally:
        stop.set()
        writer.join()
    restore_backup(empty_sqlite, tmp_path / "backup")
    with Session(empty_sqlite) as db:
        users = {user.id for user in db.exec(select(User))}
        logins = db.exec(select(LoginSession)).all()
    assert all(login.user_id in users for login in logins)
    writers = {u for u in users if u in set(written)}
    assert writers and {login.user_id for login in logins} >= writers


# --- the commands ---------------------------------------------------------------------------

runner = CliRunner()


@pytest.fixture
def cli_env(tmp_path, monkeypatch):
    def use(database: Path) -> None:
        monkeypatch.setenv("DT_DATABASE_URL", f"sqlite:///{database}")
        monkeypatch.setenv("DT_DATA_DIR", str(tmp_path))
        monkeypatch.setenv("DT_INDEX_DIR", str(tmp_path / f"index-{database.stem}"))
        get_settings.cache_clear()

    yield use
    get_settings.cache_clear()


def test_backup_and_restore_commands(cli_env, tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'cli.db'}")
    migrate(engine)
    import_collection(engine, FIXTURE_CONTENT)
    add_user(engine, "beheerder@example.org", "admin")
    before = table_rows(engine)
    cli_env(tmp_path / "cli.db")
    result = runner.invoke(app, ["backup", str(tmp_path / "backup")])
    assert result.exit_code == 0, result.output
    assert "Back-up gemaakt in" in result.output and "versleuteld" in result.output
    again = runner.invoke(app, ["backup", str(tmp_path / "backup")])
    assert again.exit_code == 1 and "is niet leeg" in again.output

    cli_env(tmp_path / "elders.db")
    result = runner.invoke(app, ["restore", str(tmp_path / "backup")])
    assert result.exit_code == 0, result.output
    assert "Teruggezet:" in result.output
    assert f"Zoekindex opgebouwd: {len(before['item'])} items" in result.output
    restored = make_engine(f"sqlite:///{tmp_path / 'elders.db'}")
    after = table_rows(restored)
    restored.dispose()
    audit = after.pop("audit_entry")
    assert after == {name: rows for name, rows in before.items() if name != "audit_entry"}
    assert audit[:-1] == before["audit_entry"] and audit[-1][3] == "backup.restore"
    assert table_rows(engine)["audit_entry"][-1][3] == "backup.create"

    result = runner.invoke(app, ["restore", str(tmp_path / "backup")])
    assert result.exit_code == 1 and "--force" in result.output
    assert runner.invoke(app, ["restore", "--force", str(tmp_path / "backup")]).exit_code == 0
    engine.dispose()


def test_a_backup_of_an_older_schema_is_migrated_after_the_restore(tmp_path, monkeypatch):
    """A backup made at revision 0006 (live statuses still Dutch) restores into a database the
    app has already migrated to the newest revision: down to 0006, insert, then up again."""
    old = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    config = alembic_config(str(old.url))
    with old.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0006")
    user_id = add_user(old, "gespreksleider@example.org", "facilitator")
    with old.begin() as connection:
        connection.execute(
            LiveSession.__table__.insert(),
            {
                "owner_id": user_id,
                "title": "Raadsavond",
                "code": "ABCD2345",
                "presenter_token": "p" * 32,
                "report_token": "r" * 32,
                "status": "afgelopen",
                "started_at": utcnow(),
                "planned_end": utcnow(),
            },
        )
    # The program of that time dumped the tables it had, as the schema had them at 0006.
    then = MetaData()
    then.reflect(old)
    tables = [table for table in then.sorted_tables if table.name != "alembic_version"]
    monkeypatch.setattr(dump, "tables_to_dump", lambda: tables)
    create_backup(old, tmp_path / "backup")
    monkeypatch.undo()
    assert json.loads((tmp_path / "backup" / "manifest.json").read_text())["alembic_revision"] == (
        "0006"
    )
    new = make_engine(f"sqlite:///{tmp_path / 'new.db'}")
    migrate(new)
    restore_backup(new, tmp_path / "backup")
    with Session(new) as db:
        assert db.exec(select(LiveSession.status)).one() == "ended"
        assert db.exec(select(User.email)).one() == "gespreksleider@example.org"
    with new.connect() as connection:
        assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == (
            head_revision()
        )


def test_a_database_that_cannot_be_reached_is_refused_in_dutch(postgres, engine, tmp_path):
    create_backup(engine, tmp_path / "backup")
    missing = make_engine(postgres.create_database("bestaat_zo_niet").replace("zo_niet", "niet"))
    with pytest.raises(BackupError, match=r"De database gaf een fout: .*Er is niets teruggezet"):
        restore_backup(missing, tmp_path / "backup")
    with pytest.raises(BackupError, match=r"De database gaf een fout: .*geen back-up gemaakt"):
        create_backup(missing, tmp_path / "nog-een")
    assert not (tmp_path / "nog-een").exists()
    postgres.drop_database("bestaat_zo_niet")
