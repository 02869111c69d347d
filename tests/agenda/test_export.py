"""The agenda and term-plan files, opened with the parser of each format: Word (python-docx),
calendar (icalendar) and Markdown."""

from __future__ import annotations

import io
from datetime import date

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from icalendar import Calendar

from backend.agenda import termplan
from backend.agenda.build import build_agenda
from backend.agenda.export import to_docx, to_ics, to_markdown
from backend.agenda.handouts import handouts_for
from backend.agenda.model import Agenda
from tests.agenda.test_build import request


def opened(content: bytes):
    return Document(io.BytesIO(content))


def text_of(document) -> str:
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def assert_editable_dutch_a4(document, title: str) -> None:
    """What a griffier needs to edit the file: A4, Dutch proofing, the title in the properties."""
    for section in document.sections:
        assert abs(section.page_width - Mm(210)) < Mm(1)
        assert abs(section.page_height - Mm(297)) < Mm(1)
    assert document.core_properties.title == title
    assert document.core_properties.language == "nl-NL"
    defaults = document.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "nl-NL"


def events(content: bytes) -> list:
    return [c for c in Calendar.from_ical(content).walk() if c.name == "VEVENT"]


def test_the_agenda_document_is_dutch_a4_with_the_full_facilitator_handout(db):
    agenda = build_agenda(db, request())
    document = opened(to_docx(agenda))
    assert_editable_dutch_a4(document, "Integriteitsbijeenkomst gemeenteraad")
    text = text_of(document)
    dilemmas = [block for block in agenda.blocks if block.kind == "dilemma"]
    assert dilemmas and len(agenda.handouts) == len(dilemmas)
    for block in dilemmas:
        handout = agenda.handouts[block.slug]
        assert handout.situation and handout.question
        assert handout.situation.split("\n")[0][:60] in text
        for _, option in handout.options:
            assert option in text
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 3"]
    assert headings.count("Situatie") == len(dilemmas)
    assert headings.count("Om over na te denken") == len(dilemmas)
    assert headings.count("Toelichting (voor de gespreksleider)") == len(dilemmas)
    assert "Gekozen omdat het" in text


def test_the_participants_document_leaves_out_notes_toelichting_and_reasons(db):
    agenda = build_agenda(db, request())
    document = opened(to_docx(agenda, facilitator=False))
    text = text_of(document)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 3"]
    assert "Situatie" in headings and "Vraag" in headings
    assert "Om over na te denken" not in headings
    assert "Toelichting (voor de gespreksleider)" not in headings
    assert "Gekozen omdat het" not in text
    first = next(block for block in agenda.blocks if block.kind == "dilemma")
    explanation = agenda.handouts[first.slug].explanation.split("\n")[0][:60]
    assert explanation not in text


def test_markdown_has_the_same_handout(db):
    agenda = build_agenda(db, request())
    facilitator, participants = to_markdown(agenda), to_markdown(agenda, facilitator=False)
    assert facilitator.count("### Situatie") == len(agenda.handouts)
    assert "### Toelichting (voor de gespreksleider)" in facilitator
    assert "### Situatie" in participants and "### Toelichting" not in participants


def test_a_saved_agenda_gets_its_handouts_from_the_collection(db):
    built = build_agenda(db, request())
    bare = Agenda(built.request, built.blocks)  # as a saved agenda is read back
    assert handouts_for(db, bare) == built.handouts


def test_the_calendar_event_follows_rfc_5545_in_dutch_time(db):
    agenda = build_agenda(db, request(location="Raadzaal, Stadhuis"))
    content = to_ics(agenda)
    calendar = Calendar.from_ical(content)
    timezones = [c for c in calendar.walk() if c.name == "VTIMEZONE"]
    assert [str(tz["TZID"]) for tz in timezones] == ["Europe/Amsterdam"]
    (event,) = events(content)
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert event["DTEND"].params["TZID"] == "Europe/Amsterdam"
    start = event.decoded("DTSTART")
    assert (start.hour, start.minute, start.utcoffset().total_seconds()) == (19, 30, 3600)
    assert event.decoded("DTSTAMP").utcoffset().total_seconds() == 0
    assert str(event["LOCATION"]) == "Raadzaal, Stadhuis"
    assert b"DTSTAMP:" in content and b"TZID=Europe/Amsterdam" in content


def test_the_uid_stays_with_the_meeting_and_location_is_left_out_when_not_given(db):
    first = events(to_ics(build_agenda(db, request())))[0]
    other_dilemmas = events(to_ics(build_agenda(db, request(seed=5, minutes=120))))[0]
    other_day = events(to_ics(build_agenda(db, request(day=date(2027, 3, 16)))))[0]
    assert str(first["UID"]) == str(other_dilemmas["UID"])
    assert str(first["UID"]) != str(other_day["UID"])
    assert str(first["UID"]).endswith("@dilemmatafel")
    assert "LOCATION" not in first


def test_summer_time_is_kept(db):
    (event,) = events(to_ics(build_agenda(db, request(day=date(2027, 6, 15)))))
    assert event.decoded("DTSTART").utcoffset().total_seconds() == 7200


def test_term_plan_files(db):
    plan = termplan.build_term_plan(db, "gemeente", date(2026, 4, 1), "Gemeentehuis")
    document = opened(termplan.to_docx(plan))
    assert_editable_dutch_a4(document, "Integriteitsagenda gemeente 2026–2030")
    assert "Locatie: Gemeentehuis." in text_of(document)
    dated = [a for a in plan.activities if a.when]
    found = events(termplan.to_ics(plan))
    assert len(found) == len(dated)
    uids = [str(event["UID"]) for event in found]
    assert len(set(uids)) == len(uids)
    again = termplan.build_term_plan(db, "gemeente", date(2026, 4, 1))
    assert [str(event["UID"]) for event in events(termplan.to_ics(again))] == uids
    for event, activity in zip(found, dated, strict=True):
        assert event.decoded("DTSTART") == activity.when  # an all-day event: a date, no zone
        assert "DTSTAMP" in event and str(event["LOCATION"]) == "Gemeentehuis"
    assert all("LOCATION" not in event for event in events(termplan.to_ics(again)))
