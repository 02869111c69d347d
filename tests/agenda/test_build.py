"""Assembling agendas over the shipped collection: time sums, fit, order, exports."""

from __future__ import annotations

import io
import re
from datetime import date, time

import pytest
from docx import Document
from icalendar import Calendar

from backend.agenda.build import build_agenda, candidates
from backend.agenda.export import filename, to_docx, to_ics, to_markdown
from backend.agenda.knowledge import KNOWLEDGE_TEXT
from backend.agenda.model import AgendaError, AgendaRequest, parse_request
from backend.catalog.queries import items_by_id

TODAY = date(2026, 11, 28)


def request(**overrides) -> AgendaRequest:
    values = {
        "audience": "raad",
        "level": "gemeente",
        "day": date(2027, 3, 15),
        "start": time(19, 30),
        "minutes": 90,
        "group_size": 25,
    }
    values.update(overrides)
    return AgendaRequest(**values)


@pytest.mark.parametrize("minutes", [30, 45, 60, 75, 90, 105, 120, 150, 180, 240])
@pytest.mark.parametrize("knowledge", ["", "geheimhouding"])
def test_minutes_add_up_exactly(db, minutes, knowledge):
    agenda = build_agenda(db, request(minutes=minutes, knowledge=knowledge))
    assert agenda.total_minutes == minutes
    assert all(block.minutes > 0 for block in agenda.blocks)
    assert agenda.blocks[0].kind == "opening" and agenda.blocks[-1].kind == "closing"
    assert any(block.kind == "dilemma" for block in agenda.blocks)


def test_same_request_same_agenda_other_seed_other_choice(db):
    first = [b.slug for b in build_agenda(db, request()).blocks]
    assert first == [b.slug for b in build_agenda(db, request()).blocks]
    variants = {
        tuple(b.slug for b in build_agenda(db, request(seed=s)).blocks) for s in range(1, 6)
    }
    assert len(variants) > 1


def test_dilemmas_fit_the_level_and_build_up_in_difficulty(db):
    for level in ("gemeente", "provincie", "waterschap"):
        agenda = build_agenda(db, request(level=level, minutes=150))
        dilemmas = [b for b in agenda.blocks if b.kind == "dilemma"]
        assert len(dilemmas) >= 3
        from sqlmodel import select

        from backend.models import Item

        items = [db.exec(select(Item).where(Item.slug == b.slug)).one() for b in dilemmas]
        assert all(level in item.front["levels"] for item in items)
        difficulties = [item.front["difficulty"] for item in items]
        assert difficulties == sorted(difficulties)


def test_themes_are_preferred_and_spread(db):
    agenda = build_agenda(db, request(minutes=120, themes=("nevenfuncties", "sociale-media")))
    dilemmas = [b for b in agenda.blocks if b.kind == "dilemma"]
    assert all("past bij het thema" in b.reason for b in dilemmas[:2])
    assert len({b.slug for b in dilemmas}) == len(dilemmas)


def test_too_few_dilemmas_for_a_theme_is_said_and_filled(db):
    agenda = build_agenda(
        db, request(level="waterschap", minutes=240, themes=("verboden-handelingen",))
    )
    assert any("aangevuld" in notice for notice in agenda.notices)
    assert agenda.total_minutes == 240


def test_large_groups_work_in_subgroups(db):
    small = build_agenda(db, request(group_size=8))
    large = build_agenda(db, request(group_size=40))
    assert {b.form for b in small.blocks if b.kind == "dilemma"} == {"plenair"}
    assert all("groepjes" in b.form for b in large.blocks if b.kind == "dilemma")


def test_good_practice_and_knowledge_blocks(db):
    agenda = build_agenda(
        db, request(phase="na-integriteitskwestie", knowledge="persoonlijk-belang")
    )
    kinds = [b.kind for b in agenda.blocks]
    assert "good_practice" in kinds and "knowledge" in kinds
    knowledge = next(b for b in agenda.blocks if b.kind == "knowledge")
    assert "artikel 28 Gemeentewet" in knowledge.description
    short = build_agenda(db, request(minutes=45))
    assert "good_practice" not in [b.kind for b in short.blocks]
    assert any("te kort" in notice for notice in short.notices)


def test_exports(db):
    agenda = build_agenda(db, request())
    document = Document(io.BytesIO(to_docx(agenda)))
    assert document.paragraphs[0].text == "Integriteitsbijeenkomst gemeenteraad"
    assert document.paragraphs[0].style.name == "Heading 1"
    rows = document.tables[0].rows
    assert [c.text for c in rows[0].cells] == ["Tijd", "Onderdeel", "Minuten"]
    assert sum(int(row.cells[2].text) for row in rows[1:]) == 90
    assert rows[1].cells[0].text == "19:30–19:35"
    event = next(c for c in Calendar.from_ical(to_ics(agenda)).walk() if c.name == "VEVENT")
    assert (
        event.decoded("dtstart").hour == 19
        and (event.decoded("dtend") - event.decoded("dtstart")).seconds == 5400
    )
    markdown = to_markdown(agenda)
    assert (
        markdown.startswith("# Integriteitsbijeenkomst gemeenteraad")
        and "| 19:30–19:35 |" in markdown
    )
    assert filename(agenda, "docx") == "integriteitsbijeenkomst-gemeenteraad-2027-03-15.docx"


@pytest.mark.parametrize(
    ("audience", "level", "framing"),
    [
        (
            "raad",
            "gemeente",
            "De burgemeester licht toe waarom integriteit op de agenda staat: de zorgplicht uit"
            " artikel 170 lid 2 van de Gemeentewet.",
        ),
        (
            "provinciale-staten",
            "provincie",
            "De commissaris van de Koning licht toe waarom integriteit op de agenda staat: de"
            " zorgplicht uit artikel 175 lid 2 van de Provinciewet.",
        ),
        (
            "algemeen-bestuur",
            "waterschap",
            "De dijkgraaf licht toe waarom integriteit op de agenda staat: de zorgplicht uit de"
            " Waterschapswet.",
        ),
    ],
)
def test_the_chair_frames_the_session_with_the_duty_of_care_of_the_level(
    db, audience, level, framing
):
    agenda = build_agenda(db, request(audience=audience, level=level))
    assert next(b for b in agenda.blocks if b.kind == "framing").description == framing


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"duur": ["20"]}, "duur"),
        ({"duur": ["300"]}, "duur"),
        ({"duur": ["negentig"]}, "duur"),
        ({"groepsgrootte": ["0"]}, "groepsgrootte"),
        ({"groepsgrootte": ["10000"]}, "groepsgrootte"),
        ({"datum": ["2020-01-01"]}, "datum"),
        ({"datum": ["morgen"]}, "datum"),
        ({"begintijd": ["25:99"]}, "begintijd"),
        ({"thema": ["onbestaand"]}, "thema"),
        ({"publiek": ["koning"]}, "publiek"),
        ({"fase": ["eind"]}, "fase"),
        ({"wissel": ["0"]}, "wissel"),
        ({"wissel": ["21"]}, "wissel"),
        ({"wissel": ["twee"]}, "wissel"),
        ({"wissel": ["1"] * 31}, "wissel"),
        ({"locatie": ["x" * 201]}, "locatie"),
    ],
)
def test_bad_requests_name_the_field_in_dutch(params, field):
    with pytest.raises(AgendaError) as error:
        parse_request(params, TODAY)
    assert field in error.value.errors


def test_defaults_follow_the_audience():
    parsed = parse_request({"publiek": ["provinciale-staten"], "datum": ["2027-01-10"]}, TODAY)
    assert parsed.level == "provincie" and parsed.minutes == 90 and parsed.group_size == 25


def test_the_request_reads_swaps_and_location():
    parsed = parse_request(
        {"wissel": ["2", "2", "1"], "locatie": [" Raadzaal\n  Stadhuis "]}, TODAY
    )
    assert parsed.swaps == (2, 2, 1) and parsed.location == "Raadzaal Stadhuis"


def dilemma_slugs(agenda) -> list[str]:
    return [block.slug for block in agenda.blocks if block.kind == "dilemma"]


def test_another_dilemma_replaces_only_that_one_in_its_place(db):
    themes = ("nevenfuncties",)
    original = dilemma_slugs(build_agenda(db, request(themes=themes)))
    assert len(original) >= 3
    once = build_agenda(db, request(themes=themes, swaps=(2,)))
    swapped = dilemma_slugs(once)
    assert swapped[0] == original[0] and swapped[2:] == original[2:]
    assert swapped[1] not in original
    twice = dilemma_slugs(build_agenda(db, request(themes=themes, swaps=(2, 2))))
    assert twice[1] not in (original[1], swapped[1]) and twice[2:] == original[2:]
    block = next(b for b in once.blocks if b.slug == swapped[1])
    assert block.title.startswith("Dilemma 2: ")
    assert "past bij het thema nevenfuncties" in block.reason  # still fits the themes asked
    assert once.total_minutes == 90 and set(once.handouts) == set(swapped)


def test_swapping_two_places_never_shows_a_dilemma_twice(db):
    slugs = dilemma_slugs(build_agenda(db, request(swaps=(1, 2, 3, 3))))
    assert len(slugs) == len(set(slugs))


def test_a_swap_past_the_last_dilemma_is_skipped_with_a_notice(db):
    agenda = build_agenda(db, request(swaps=(9,)))
    assert dilemma_slugs(agenda) == dilemma_slugs(build_agenda(db, request()))
    assert "Deze agenda heeft geen dilemma 9; die wissel is overgeslagen." in agenda.notices


def test_the_good_practice_fits_the_themes_asked_for(db):
    for themes in (("nevenfuncties",), ("sociale-media",), ("declaraties-en-onkosten",)):
        agenda = build_agenda(db, request(themes=themes))
        practice = next(b for b in agenda.blocks if b.kind == "good_practice")
        item = next(i for i in items_by_id(db, all_ids(db)) if i.slug == practice.slug)
        assert set(themes) & set(item.front["themes"]), (themes, practice.slug)
        assert "gemeente" in item.front["levels"]
        assert practice.reason.startswith("Gekozen omdat het past bij het thema")
        assert not any("goede praktijk" in notice for notice in agenda.notices)


def test_the_agenda_says_why_the_good_practice_does_not_fit_the_theme(db):
    # No good practice of a water board is about prohibited acts (verboden handelingen).
    agenda = build_agenda(
        db,
        request(audience="algemeen-bestuur", level="waterschap", themes=("verboden-handelingen",)),
    )
    practice = next(b for b in agenda.blocks if b.kind == "good_practice")
    assert any(
        notice.startswith(
            "Er is geen goede praktijk voor het waterschap over de gekozen thema's"
            " (verboden handelingen)."
        )
        for notice in agenda.notices
    )
    assert "past bij het thema" not in practice.reason
    assert "geschikt is voor het waterschap" in practice.reason


def all_ids(db) -> list[int]:
    return [candidate.id for candidate in candidates(db, "good_practice", None)]


def test_each_reason_is_one_dutch_sentence(db):
    for themes in ((), ("nevenfuncties",)):
        agenda = build_agenda(db, request(themes=themes))
        for block in (b for b in agenda.blocks if b.kind == "dilemma"):
            assert re.fullmatch(
                r"Gekozen omdat het (past bij het thema [^;]+ en )?geschikt is voor de gemeente;"
                r" moeilijkheid: (instap|gemiddeld|lastig)\.",
                block.reason,
            ), block.reason


@pytest.mark.parametrize("level", ["gemeente", "provincie", "waterschap"])
def test_knowledge_texts_follow_the_corrected_legal_reference(level):
    interest = KNOWLEDGE_TEXT[("persoonlijk-belang", level)]
    secrecy = KNOWLEDGE_TEXT[("geheimhouding", level)]
    # Awb 2:4 only for the preparation of decisions, never as the members' own rule.
    assert "2:4 Awb" in interest and "voorbereiding van besluiten" in interest
    if level != "waterschap":
        assert "artikel 28" in interest and "niet voor" in interest
    # Disclosure outside the meeting can be punishable; no blanket "always punishable".
    assert "kan strafbaar zijn" in secrecy and "Schending is strafbaar" not in secrecy
    if level == "waterschap":
        assert "reglement van orde alleen is niet genoeg" in secrecy
    else:
        assert "onschendbaarheid van artikel 22" in secrecy
