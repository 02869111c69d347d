"""An editor's saves while the server is killed with SIGKILL: after a restart every save the
server confirmed is in the revision history, the working copy is the newest revision (no
revision without its draft, no draft ahead of its history), and the editor carries on."""

from __future__ import annotations

import threading
import time

import httpx2 as httpx
import pytest
from sqlmodel import Session, col, select

from backend.editorial.drafts import WRITING_ACTIONS
from backend.models import Item, ItemDraft, ItemRevision
from tests.failure.conftest import START_TIMEOUT, assert_sqlite_intact
from tests.helpers import login, page, value_of
from tests.web.test_editor import form_data

pytestmark = pytest.mark.failure

SLUG = "nieuwe-casus"
EDIT = f"/beheer/content/{SLUG}"


class Editor:
    """An editor typing in the edit form: the form saves itself (autosave) over and over."""

    def __init__(self, base_url: str):
        self.http = httpx.Client(base_url=base_url, timeout=10)
        self.confirmed: list[str] = []  # the texts the server said it saved
        self.unconfirmed: str | None = None  # the one in flight when the server died

    def version(self) -> str:
        return value_of(page(self.http.get(EDIT)), "version")

    def autosave(self, text: str, version: str) -> httpx.Response:
        return self.http.post(
            f"{EDIT}/autosave",
            data=form_data(self.http, version=version, interest=text),
            headers={"HX-Request": "true"},
        )

    def keep_saving(self, stop: threading.Event) -> None:
        version = self.version()
        for number in range(1, 1000):
            if stop.is_set():
                return
            text = f"Broer is aannemer, versie {number}"
            try:
                saved = self.autosave(text, version)
            except httpx.TransportError:
                self.unconfirmed = text
                return
            assert "Automatisch opgeslagen" in saved.text, saved.text
            self.confirmed.append(text)
            version = value_of(page(saved), "version")  # the new version, out of band


def history(engine) -> tuple[ItemDraft, list[ItemRevision]]:
    with Session(engine) as db:
        item = db.exec(select(Item).where(Item.slug == SLUG)).one()
        draft = db.exec(select(ItemDraft).where(ItemDraft.item_id == item.id)).one()
        revisions = db.exec(
            select(ItemRevision)
            .where(ItemRevision.item_id == item.id)
            .order_by(col(ItemRevision.number))
        ).all()
    return draft, list(revisions)


def test_saves_confirmed_before_a_kill_9_are_all_in_the_history(database_url, db_engine, server):
    editor = Editor(server.base_url)
    login(editor.http, "editor")
    created = editor.http.post(
        "/beheer/content/nieuw/personal_interest", data=form_data(editor.http)
    )
    assert created.status_code == 303, created.text

    stop = threading.Event()
    saving = threading.Thread(target=editor.keep_saving, args=(stop,))
    saving.start()
    deadline = time.monotonic() + 60
    while len(editor.confirmed) < 5:
        assert saving.is_alive() and time.monotonic() < deadline, "the saves were not confirmed"
        time.sleep(0.02)
    server.kill()  # while the editor is saving
    stop.set()
    saving.join(10)
    db_engine.dispose()

    assert_sqlite_intact(database_url)
    draft, revisions = history(db_engine)
    saved_texts = [r.front["interest"] for r in revisions if r.action == "save"]
    # Every confirmed save is there, in order; at most the unconfirmed one follows.
    assert saved_texts[: len(editor.confirmed)] == editor.confirmed
    assert saved_texts[len(editor.confirmed) :] in ([], [editor.unconfirmed])
    # The working copy is exactly the newest revision that wrote it, numbered without gaps.
    newest = [r for r in revisions if r.action in WRITING_ACTIONS][-1]
    assert (draft.front, draft.sections) == (newest.front, newest.sections)
    assert draft.version == len([r for r in revisions if r.action in WRITING_ACTIONS])
    assert [r.number for r in revisions] == list(range(1, len(revisions) + 1))

    server.start(timeout=START_TIMEOUT)
    assert editor.http.get(f"{EDIT}/geschiedenis").status_code == 200  # still logged in
    version = editor.version()
    assert version == str(draft.version)
    saved = editor.autosave("Broer is aannemer, na de herstart", version)
    assert "Automatisch opgeslagen" in saved.text
    draft, _ = history(db_engine)
    assert draft.front["interest"] == "Broer is aannemer, na de herstart"
    editor.http.close()
