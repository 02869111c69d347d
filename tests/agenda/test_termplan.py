"""The integrity agenda for the term: moments, law per level, links, dates and exports."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document
from icalendar import Calendar

from backend.agenda.termplan import build_term_plan, to_docx, to_ics, to_markdown, years_later


@pytest.mark.parametrize("level", ["gemeente", "provincie", "waterschap"])
def test_plan_covers_the_term_with_linked_material(db, level):
    plan = build_term_plan(db, level, date(2026, 4, 1))
    moments = {activity.moment for activity in plan.activities}
    assert moments == {
        "Na de installatie",
        "Elk jaar",
        "Begrotingscyclus",
        "Aanloop naar verkiezingen",
        "Na een integriteitskwestie",
    }
    dated = [a.when for a in plan.activities if a.when]
    assert dated == sorted(dated) and all(plan.start <= day < plan.end for day in dated)
    assert any(a.practices for a in plan.activities) and any(a.dilemmas for a in plan.activities)
    for activity in plan.activities:
        for item in activity.practices + activity.dilemmas:
            assert level in item.front["levels"]


def test_law_per_level(db):
    code = {
        level: build_term_plan(db, level, date(2026, 4, 1)).activities
        for level in ("gemeente", "provincie", "waterschap")
    }
    gemeente = next(a for a in code["gemeente"] if a.title.startswith("Gedragscode"))
    assert gemeente.legal_refs == ["gemeentewet-15", "gemeentewet-41c", "gemeentewet-69"]
    waterschap = next(a for a in code["waterschap"] if a.title.startswith("Gedragscode"))
    assert waterschap.legal_refs == ["waterschapswet-33"]
    provincie = next(a for a in code["provincie"] if a.title.startswith("Gedragscode"))
    assert provincie.legal_refs == [] and "artikel" not in provincie.description
    elections = next(a for a in code["gemeente"] if a.moment == "Aanloop naar verkiezingen")
    assert "geen wettelijke plicht" in elections.description


@pytest.mark.parametrize(
    ("level", "chair", "duty"),
    [
        ("gemeente", "de burgemeester", "gemeentewet-170"),
        ("provincie", "de commissaris van de Koning", "provinciewet-175"),
        ("waterschap", "de dijkgraaf", "waterschapswet-94"),
    ],
)
def test_the_chair_and_the_duty_of_care_per_level(db, level, chair, duty):
    plan = build_term_plan(db, level, date(2026, 4, 1))
    meeting = next(a for a in plan.activities if a.title == f"Kennismakingsgesprekken met {chair}")
    assert meeting.legal_refs == [duty]
    introduction = next(a for a in plan.activities if a.title.startswith("Introductie"))
    assert f"geopend door {chair}," in introduction.description
    assert introduction.legal_refs == [duty]


def test_leap_day_start():
    assert years_later(date(2028, 2, 29), 1) == date(2029, 2, 28)


def test_exports(db):
    plan = build_term_plan(db, "gemeente", date(2026, 4, 1))
    assert (
        Document(io.BytesIO(to_docx(plan))).paragraphs[0].text
        == "Integriteitsagenda gemeente 2026–2030"
    )
    events = [c for c in Calendar.from_ical(to_ics(plan)).walk() if c.name == "VEVENT"]
    assert len(events) == len([a for a in plan.activities if a.when])
    assert to_markdown(plan).startswith("# Integriteitsagenda gemeente 2026–2030")
