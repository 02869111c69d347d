"""What the room sees: dilemmas numbered in the order they are held, the report with the
agreements first, the projector's stages and the count of phones connected now."""

from __future__ import annotations

import io

from docx import Document
from sqlmodel import Session

from backend.agenda.saved import agenda_of, move, store
from backend.live import service
from backend.live.events import ENDED, EVERYONE, TEAM, missed
from backend.live.presence import CONNECTED, Presence, announce_connected
from backend.live.report import build_report, to_docx, to_markdown
from backend.live.start import numbered
from backend.live.view import live_view
from backend.models import LiveSession, SavedAgenda, User
from tests.live.conftest import Live, start_live


def dilemma_titles(live: Live) -> list[str]:
    rounds = live.read(lambda db, row: service.rounds_of(db, row))
    return [r.title for r in rounds if r.kind == "dilemma"]


def test_dilemma_one_is_the_first_dilemma_held_after_blocks_were_moved(
    live_engine, broadcaster, people
):
    first = start_live(live_engine, broadcaster, people["owner"], slug=None)
    agenda_id = first.read(lambda db, row: row.agenda_id)
    with Session(live_engine) as db:
        saved = db.get(SavedAgenda, agenda_id)
        blocks = agenda_of(saved).blocks
        dilemmas = [i for i, block in enumerate(blocks) if block.kind == "dilemma"]
        assert len(dilemmas) >= 2
        assert blocks[dilemmas[0]].title.startswith("Dilemma 1: ")
        # The second dilemma moves up, before the first.
        store(db, saved, move(blocks, dilemmas[1], -1))
        db.commit()
        moved_title = blocks[dilemmas[1]].title.split(": ", 1)[1]
        owner = db.get(User, people["owner"])
        live = service.start_from_agenda(db, owner, db.get(SavedAgenda, agenda_id), 3)
        db.commit()
        session_id = live.id
    titles = dilemma_titles(Live(live_engine, broadcaster, session_id))
    assert titles[0] == f"Dilemma 1: {moved_title}"
    assert [t.split(":", 1)[0] for t in titles] == [
        f"Dilemma {n}" for n in range(1, 1 + len(titles))
    ]


def test_numbering_counts_dilemmas_added_by_hand_and_leaves_other_titles_alone():
    blocks = [
        {"kind": "opening", "title": "Opening"},
        {"kind": "dilemma", "title": "Dilemma: Toegevoegd"},
        {"kind": "dilemma", "title": "Dilemma 1: Eerst gepland"},
        {"kind": "dilemma", "title": "Een eigen titel"},
        {"kind": "reflection", "title": "Dilemma 4: geen dilemmablok"},
    ]
    assert [b["title"] for b in numbered(blocks)] == [
        "Opening",
        "Dilemma 1: Toegevoegd",
        "Dilemma 2: Eerst gepland",
        "Een eigen titel",
        "Dilemma 4: geen dilemmablok",
    ]


def test_the_report_puts_all_agreements_first_and_does_not_repeat_blocks_without(agenda_live):
    dilemma = agenda_live.go_to_dilemma(1)
    agenda_live.do(service.open_answers)
    for n in range(3):
        agenda_live.answer(f"token-{n}", agenda_live.options()[0])
    agenda_live.do(service.save_agreements, dilemma, "We melden elke uitnodiging vooraf.")
    agenda_live.do(service.save_agreements, 0, "Integriteit staat elk jaar op de agenda.")
    agenda_live.do(service.end)
    report = agenda_live.read(lambda db, row: build_report(db, row))
    rounds = [row.live_round for row in report.rows]

    markdown = to_markdown(report)
    agreements, outcomes = markdown.split("## Uitkomsten")
    assert "## Afspraken" in agreements
    assert agreements.index("Integriteit staat elk jaar") < agreements.index("We melden elke")
    assert f"### {rounds[0].title}" in agreements and f"### {rounds[dilemma].title}" in agreements
    assert agreements.count("### ") == 2  # blocks without agreements are not listed
    assert "Geen afspraken" not in markdown  # no block repeated to say it has none
    assert "We melden" not in outcomes and "Integriteit staat" not in outcomes
    assert f"### {rounds[dilemma].title}" in outcomes and "Antwoorden: 3." in outcomes

    document = Document(io.BytesIO(to_docx(report)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[1:5] == ["Afspraken", rounds[0].title, rounds[dilemma].title, "Uitkomsten"]


def test_a_report_without_agreements_says_so_once(single):
    single.do(service.end)
    markdown = single.read(lambda db, row: to_markdown(build_report(db, row)))
    assert markdown.count("Er zijn in deze sessie geen afspraken vastgelegd.") == 1


def test_the_projector_stage_follows_the_round(single):
    def stage() -> str:
        return single.read(lambda db, row: live_view(db, row).stage)

    assert stage() == "reading"
    assert single.read(lambda db, row: live_view(db, row).join_screen)  # an opening dilemma
    single.do(service.open_answers)
    assert stage() == "voting"
    single.do(service.close_answers)
    assert stage() == "closed"
    single.do(service.reveal)
    assert stage() == "outcome"
    single.do(service.end)
    assert stage() == "ended"


def test_presence_counts_each_phone_once_while_one_of_its_streams_is_open():
    presence = Presence()
    assert presence.connect(1, "telefoon-a") == 1
    assert presence.connect(1, "telefoon-a") is None  # a second tab: still one phone
    assert presence.connect(1, "telefoon-b") == 2
    assert presence.connect(2, "telefoon-c") == 1  # another session counts apart
    assert presence.disconnect(1, "telefoon-a") is None
    assert presence.connected(1) == 2
    assert presence.disconnect(1, "telefoon-a") == 1
    assert presence.disconnect(1, "telefoon-a") is None  # already gone
    assert presence.disconnect(1, "telefoon-b") == 0
    assert presence.connected(1) == 0 and presence.connected(2) == 1


def test_the_connected_count_reaches_the_team_screens_until_the_session_ends(single, live_engine):
    with Session(live_engine) as db:
        announce_connected(db, single.id, 4)
        db.commit()
    events = missed(live_engine, single.id, TEAM, 0)
    assert (events[-1].name, events[-1].data) == (CONNECTED, "4")
    assert not missed(live_engine, single.id, EVERYONE, 0)  # phones do not get it
    single.do(service.end)
    with Session(live_engine) as db:
        announce_connected(db, single.id, 3)  # phones leaving after the end
        db.commit()
        assert db.get(LiveSession, single.id).status == service.ENDED_STATUS
    # Only the end itself is left: nothing was recorded after it.
    assert [event.name for event in missed(live_engine, single.id, TEAM, 0)] == [ENDED]


def test_numbering_twice_changes_nothing():
    blocks = [
        {"kind": "dilemma", "title": "Dilemma 2: B"},
        {"kind": "dilemma", "title": "Dilemma 1: A"},
    ]
    once = numbered(blocks)
    assert [b["title"] for b in once] == ["Dilemma 1: B", "Dilemma 2: A"]
    assert numbered(once) == once
