"""The `dilemmatafel` command: set up, check, import, export and serve the collection."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from backend.accounts import service as account_service
from backend.backup import BackupError, create_backup, restore_backup
from backend.catalog import queries
from backend.config import get_settings
from backend.content.files import ContentError, load_collection, render_file
from backend.content.store import ImportRefused, export_collection, import_collection
from backend.content.types import CONTENT_TYPES
from backend.db import database_lock, make_engine, migrate
from backend.logs import log_config
from backend.models import Item
from backend.models.account import ROLE_LABELS
from backend.retention import run_retention
from backend.search.buildlock import Holder
from backend.search.index import SearchIndex
from backend.vocabulary import LEVELS, ROLES, THEMES

app = typer.Typer(
    help="Dilemmatafel: integriteitsgesprekken voor het openbaar bestuur.",
    pretty_exceptions_show_locals=False,
)
content_app = typer.Typer(help="De contentbestanden: controleren, importeren, exporteren.")
app.add_typer(content_app, name="content")
user_app = typer.Typer(help="Accounts: de eerste beheerder aanmaken.")
app.add_typer(user_app, name="user")
console = Console()
errors_console = Console(stderr=True)

ContentDir = Annotated[
    Path | None,
    typer.Option("--dir", help="Map met de contentbestanden (standaard DT_CONTENT_DIR)."),
]


def _content_dir(directory: Path | None) -> Path:
    return directory or get_settings().content_dir


def _report(errors: list[ContentError]) -> None:
    for error in errors:
        errors_console.print(str(error), markup=False, highlight=False, soft_wrap=True)
    files = len({error.path for error in errors})
    errors_console.print(f"{len(errors)} fout(en) in {files} bestand(en).", style="bold red")


def _engine() -> Engine:
    engine = make_engine(get_settings().database_url)
    migrate(engine)
    return engine


def _say_waiting(holder: Holder | None) -> None:
    who = holder.describe() if holder else "een ander proces"
    errors_console.print(
        f"De zoekindex wordt al opgebouwd door {who}. Deze opdracht wacht tot dat klaar is"
        " en bouwt de index dan zelf opnieuw op; afbreken kan met Ctrl+C.",
        markup=False,
        highlight=False,
    )


def _rebuild_index(engine: Engine, command: str) -> int:
    """Rebuild under the index folder's build lock (waits while another builder has it)."""
    procs = min(4, os.cpu_count() or 1)
    index = SearchIndex(get_settings().index_dir, engine, purpose=f"'dilemmatafel {command}'")
    return index.rebuild(procs=procs, on_wait=_say_waiting)


def _import(directory: Path, command: str, only_empty: bool = False) -> None:
    engine = _engine()
    # One importer at a time: two containers starting at once would insert the same items.
    with database_lock(engine, "content-import"):
        if only_empty and (present := _item_count(engine)):
            console.print(
                f"De database bevat al {present} items; er is niets geïmporteerd"
                " (de zoekindex bouwt de server zelf op)."
            )
            return
        _import_locked(engine, directory, command)


def _item_count(engine: Engine) -> int:
    with Session(engine) as db:
        return db.scalar(select(func.count()).select_from(Item)) or 0


def _import_locked(engine: Engine, directory: Path, command: str) -> None:
    try:
        result = import_collection(engine, directory)
    except ImportRefused as refused:
        _report(refused.errors)
        errors_console.print("Er is niets geïmporteerd; de database is ongewijzigd.")
        raise typer.Exit(1) from None
    console.print(
        f"Geïmporteerd: {result.created} nieuw, {result.updated} bijgewerkt,"
        f" {result.unchanged} ongewijzigd."
    )
    console.print(f"Zoekindex opgebouwd: {_rebuild_index(engine, command)} items.")


@app.command()
def init(
    directory: ContentDir = None,
    only_empty: Annotated[
        bool,
        typer.Option(
            "--only-empty",
            help=(
                "Alleen importeren als de database nog geen items heeft: bij elke start van een"
                " container, zodat wijzigingen van redacteuren blijven staan."
            ),
        ),
    ] = False,
) -> None:
    """Migrate the database and import the shipped content (safe to run twice at once)."""
    _import(_content_dir(directory), "init", only_empty=only_empty)


@content_app.command("check")
def check_content(directory: ContentDir = None) -> None:
    """Validate every content file; exit 1 with a report of every problem."""
    records, errors = load_collection(_content_dir(directory))
    if errors:
        _report(errors)
        raise typer.Exit(1)
    console.print(f"Alle {len(records)} bestanden zijn in orde.")


@content_app.command("import")
def import_content(directory: ContentDir = None) -> None:
    """Import all content files in one transaction (nothing changes on an error)."""
    _import(_content_dir(directory), "content import")


@content_app.command("export")
def export_content(
    target: Annotated[Path, typer.Argument(help="Map waarin de bestanden worden geschreven.")],
    include_unpublished: Annotated[
        bool, typer.Option("--all", help="Ook concepten en gearchiveerde items.")
    ] = False,
) -> None:
    """Write the database back to content files under TARGET."""
    engine = _engine()
    written = export_collection(engine, target, published_only=not include_unpublished)
    with Session(engine) as db:
        account_service.audit(db, None, "content.export", "cli", files=len(written))
        db.commit()
    console.print(f"{len(written)} bestanden geschreven naar {target}.")


@content_app.command("format")
def format_content(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="Alleen deze bestanden herschrijven (standaard: alle)."),
    ] = None,
    directory: ContentDir = None,
) -> None:
    """Rewrite valid content files in the canonical form that `export` produces."""
    root = _content_dir(directory)
    records, errors = load_collection(root)
    only = {path.resolve() for path in files or []}
    changed = 0
    for record in records:
        path = root / record.content_type.folder / f"{record.slug}.md"
        if only and path.resolve() not in only:
            continue
        text = render_file(record)
        if path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed += 1
    console.print(f"{changed} van {len(records)} bestanden herschreven.")
    if errors:
        _report(errors)
        raise typer.Exit(1)


@user_app.command("create")
def create_user(
    email: Annotated[str, typer.Argument(help="E-mailadres van het nieuwe account.")],
    role: Annotated[str, typer.Option(help="admin, editor of facilitator.")] = "admin",
    name: Annotated[str, typer.Option(help="Naam (optioneel).")] = "",
    password: Annotated[
        str,
        typer.Option(
            prompt="Wachtwoord (minstens 12 tekens)",
            hide_input=True,
            confirmation_prompt="Nog een keer",
            help="Wordt gevraagd als u het weglaat.",
        ),
    ] = "",
) -> None:
    """Create an account with a password, e.g. the first admin."""
    with Session(_engine()) as db:
        try:
            user = account_service.create_user(db, email, role, password, name)
        except account_service.AccountError as error:
            errors_console.print(str(error), markup=False)
            raise typer.Exit(1) from None
        db.commit()
        console.print(f"Account aangemaakt: {user.email} ({ROLE_LABELS[user.role]}).")


@app.command()
def reindex() -> None:
    """Rebuild the search index from the database."""
    start = time.perf_counter()
    count = _rebuild_index(_engine(), "reindex")
    console.print(f"Zoekindex opgebouwd: {count} items in {time.perf_counter() - start:.1f} s.")


def _refuse_backup(error: BackupError | OSError, outcome: str) -> NoReturn:
    """Say why a backup or restore stopped, in Dutch, and exit 1."""
    if isinstance(error, OSError):
        message = (
            f"Het bestandssysteem weigerde: {error.strerror} ({error.filename}). {outcome}"
            " Controleer de map, de rechten en de vrije ruimte."
        )
    else:
        message = str(error)
    errors_console.print(message, markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(1)


@app.command()
def backup(
    folder: Annotated[Path, typer.Argument(help="Nieuwe of lege map voor de back-up.")],
) -> None:
    """Write a consistent backup of the database and the content files to FOLDER."""
    start = time.perf_counter()
    engine = _engine()
    try:
        summary = create_backup(engine, folder)
    except (BackupError, OSError) as error:
        _refuse_backup(error, "Er is geen back-up gemaakt.")
    with Session(engine) as db:
        account_service.audit(db, None, "backup.create", "cli", rows=sum(summary.rows.values()))
        db.commit()
    console.print(
        f"Back-up gemaakt in {folder}: {sum(summary.rows.values())} rijen uit"
        f" {len(summary.rows)} tabellen en {summary.content_files} contentbestanden,"
        f" in {time.perf_counter() - start:.1f} s. Bewaar hem versleuteld: hij bevat"
        " accounts en wachtwoordhashes.",
        markup=False,
        highlight=False,
    )


@app.command()
def restore(
    folder: Annotated[Path, typer.Argument(help="Map van een back-up.")],
    force: Annotated[
        bool,
        typer.Option("--force", help="Wis eerst alles in de doeldatabase (anders: alleen leeg)."),
    ] = False,
) -> None:
    """Restore a backup made by `backup` into the database (empty, or emptied with --force)."""
    start = time.perf_counter()
    engine = make_engine(get_settings().database_url)
    try:
        summary = restore_backup(engine, folder, force=force)
    except (BackupError, OSError) as error:
        _refuse_backup(error, "Er is niets teruggezet.")
    with Session(engine) as db:
        account_service.audit(db, None, "backup.restore", "cli", made=summary.created_at)
        db.commit()
    console.print(
        f"Teruggezet: {sum(summary.rows.values())} rijen uit de back-up van"
        f" {summary.created_at}"
        + (f" ({summary.emptied} oude rijen gewist)" if force else "")
        + f", in {time.perf_counter() - start:.1f} s.",
        markup=False,
        highlight=False,
    )
    console.print(f"Zoekindex opgebouwd: {_rebuild_index(engine, 'restore')} items.")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Adres om op te luisteren.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Poort.")] = 8000,
    reload: Annotated[bool, typer.Option(help="Herstart bij codewijzigingen.")] = False,
) -> None:
    """Serve the web application with uvicorn."""
    import uvicorn

    if reload:  # the server process restarts for code; template edits show at once
        os.environ["DT_TEMPLATE_RELOAD"] = "true"
    settings = get_settings()
    # No uvicorn access log: it would write visitors' IP addresses to the log (the app logs
    # each request without them, backend/web/request_log.py). Forwarded headers are read by
    # the app itself, only from DT_TRUSTED_PROXIES (see client_key), not by uvicorn.
    uvicorn.run(
        "backend.main:create_app",
        factory=True,
        host=host,
        port=port,
        reload=reload,
        access_log=False,
        log_config=log_config(settings.log_format, settings.log_level),
        log_level=settings.log_level.lower(),
        proxy_headers=False,
        server_header=False,  # no "server: uvicorn": nothing to tell about the software
        # Slow clients: headers within 10 s and at most 32 kB (uvicorn checks neither), idle
        # keep-alive connections closed after 5 s; bodies are bounded by BodyLimitMiddleware.
        http="backend.web.server:HeaderDeadlineProtocol",
        timeout_keep_alive=5,
    )


@app.command()
def retention() -> None:
    """Delete what is past its retention period: old audit entries, expired login sessions
    and long-ended live sessions (DT_AUDIT_RETENTION_DAYS, DT_LIVE_RETENTION_DAYS)."""
    settings = get_settings()
    removed = run_retention(_engine(), settings)
    console.print(
        f"Bewaartermijnen toegepast: {removed.audit_entries} regel(s) uit het auditlogboek"
        f" (ouder dan {settings.audit_retention_days} dagen), {removed.login_sessions}"
        f" verlopen inlogsessie(s), {removed.live_sessions} live sessie(s) die langer dan"
        f" {settings.live_retention_days} dagen geleden afliepen."
    )


@app.command()
def stats() -> None:
    """Counts of published public items per type, theme, role and level."""
    with Session(_engine()) as db:
        table = Table(title="Gepubliceerde, openbare items")
        table.add_column("Indeling")
        table.add_column("Waarde")
        table.add_column("Aantal", justify="right")
        for key, count in sorted(queries.type_counts(db).items()):
            table.add_row("type", CONTENT_TYPES[key].plural, str(count))
        for name, vocabulary in (("thema", THEMES), ("rol", ROLES), ("bestuurslaag", LEVELS)):
            counts = queries.tag_counts(db, vocabulary.name)
            for term in vocabulary.terms:
                table.add_row(name, term.label, str(counts.get(term.slug, 0)))
        console.print(table)


if __name__ == "__main__":
    app()
