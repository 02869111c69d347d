"""The integrity agenda for the four-year term: what to do when, linked to the collection."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta

from icalendar import Event
from sqlmodel import Session

from backend import vocabulary
from backend.agenda.build import candidates
from backend.agenda.export import finish_calendar, new_calendar
from backend.catalog.queries import items_by_id
from backend.clock import utcnow
from backend.exports import DOCX, ICS, MARKDOWN, registry
from backend.models import Item
from backend.worddoc import add_table, new_document, to_bytes


def years_later(day: date, years: int) -> date:
    """The same date some years on (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass
class Activity:
    moment: str
    when: date | None
    title: str
    description: str
    legal_refs: list[str] = field(default_factory=list)
    practices: list[Item] = field(default_factory=list)
    dilemmas: list[Item] = field(default_factory=list)


@dataclass
class TermPlan:
    level: str
    start: date
    activities: list[Activity]
    location: str = ""  # where the activities are held (calendar LOCATION); may be empty

    @property
    def end(self) -> date:
        return years_later(self.start, 4)


def _linked(
    db: Session, type_key: str, level: str, facet: str, values: set[str], limit: int
) -> list[Item]:
    matches = [c for c in candidates(db, type_key, level) if values & c.of(facet)]
    return items_by_id(db, [c.id for c in matches[:limit]])


def build_term_plan(db: Session, level: str, start: date, location: str = "") -> TermPlan:
    """The plan for a term that starts (installation) on `start`."""

    def practices(*phases: str, approach: str = "preventief") -> list[Item]:
        found = _linked(db, "good_practice", level, "term_phase", set(phases), 12)
        return [p for p in found if approach in p.front["approach"]][:3]

    def dilemmas(*themes: str) -> list[Item]:
        return _linked(db, "dilemma", level, "themes", set(themes), 2)

    facts = vocabulary.level_facts(level)
    chair = facts.chair_name
    activities = [
        Activity(
            "Na de installatie",
            start + timedelta(days=30),
            "Gedragscode bespreken en vaststellen",
            facts.code_of_conduct.text,
            list(facts.code_of_conduct.refs),
            practices("begin-periode"),
            dilemmas("belangenverstrengeling"),
        ),
        Activity(
            "Na de installatie",
            start + timedelta(days=45),
            "Introductiebijeenkomst integriteit",
            "Een eerste gesprek over integriteit aan de hand van herkenbare dilemma's, geopend"
            f" door {chair}, die de bestuurlijke integriteit bevordert.",
            [facts.duty_of_care_ref],
            practices("begin-periode"),
            dilemmas("geschenken-en-uitnodigingen"),
        ),
        Activity(
            "Na de installatie",
            start + timedelta(days=14),
            "Nevenfuncties registreren",
            facts.ancillary_functions.text,
            list(facts.ancillary_functions.refs),
            [],
            dilemmas("nevenfuncties"),
        ),
        Activity(
            "Na de installatie",
            start + timedelta(days=60),
            f"Kennismakingsgesprekken met {chair}",
            "Een persoonlijk gesprek met elk nieuw lid over integriteit, nevenfuncties en waar"
            " je terecht kunt met vragen.",
            [facts.duty_of_care_ref],
            practices("begin-periode"),
            [],
        ),
    ]
    for year in (1, 2, 3):
        activities.append(
            Activity(
                "Elk jaar",
                years_later(start, year),
                "Jaarlijkse integriteitsbijeenkomst",
                "Een bijeenkomst met dilemma's over de thema's die nu spelen; stel de agenda"
                " samen bij ‘Bijeenkomst voorbereiden’.",
                [facts.duty_of_care_ref],
                practices("midden-periode"),
                dilemmas("sociale-media", "lobby-en-beinvloeding"),
            )
        )
    activities.append(
        Activity(
            "Begrotingscyclus",
            None,
            "Bij de jaarrekening: declaraties en nevenfuncties",
            "Bespreek jaarlijks, bij de jaarrekening, het overzicht van declaraties en"
            " vergoedingen, en laat iedereen de eigen nevenfuncties nalopen.",
            [],
            practices("midden-periode"),
            dilemmas("declaraties-en-onkosten"),
        )
    )
    activities.append(
        Activity(
            "Aanloop naar verkiezingen",
            years_later(start, 3) + timedelta(days=180),
            "Afspraken voor de verkiezingstijd en integriteit bij kandidaatstelling",
            "Maak afspraken over campagne, bijdragen en het gebruik van voorzieningen, en vraag"
            " partijen integriteit mee te nemen bij de kandidaatstelling. Een risicoanalyse"
            " voor kandidaat-bestuurders is een goed gebruik, geen wettelijke plicht.",
            [],
            practices("aanloop-verkiezingen"),
            dilemmas("integriteitstoetsing"),
        )
    )
    activities.append(
        Activity(
            "Na een integriteitskwestie",
            None,
            "Zorgvuldig handelen en daarna leren",
            "Bij een vermoeden van een schending: zorgvuldige intake, feiten laten vaststellen,"
            " hoor en wederhoor, en nazorg voor melder en betrokkene. Daarna samen leren.",
            [facts.duty_of_care_ref],
            practices("na-integriteitskwestie", approach="repressief"),
            dilemmas("melden-en-onderzoek"),
        )
    )
    activities.sort(key=lambda a: (a.when is None, a.when or start))
    return TermPlan(level, start, activities, location)


def title(plan: TermPlan) -> str:
    label = vocabulary.LEVELS.label_of(plan.level).lower()
    return f"Integriteitsagenda {label} {plan.start.year}–{plan.end.year}"


def filename(plan: TermPlan, extension: str) -> str:
    return f"integriteitsagenda-{plan.level}-{plan.start.year}-{plan.end.year}.{extension}"


def _when(activity: Activity) -> str:
    return activity.when.strftime("%d-%m-%Y") if activity.when else "Wanneer het zich voordoet"


def to_markdown(plan: TermPlan) -> str:
    lines = [f"# {title(plan)}", ""]
    for activity in plan.activities:
        lines += [
            f"## {_when(activity)} · {activity.title}",
            "",
            f"*{activity.moment}*",
            "",
            activity.description,
            "",
        ]
        for item in activity.practices + activity.dilemmas:
            lines.append(f"- {item.title}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def to_docx(plan: TermPlan) -> bytes:
    """The plan as an A4 Word document in Dutch."""
    document = new_document(title(plan), "Integriteitsagenda voor de bestuursperiode")
    document.add_heading(title(plan), level=1)
    document.add_paragraph(
        f"Van de installatie op {plan.start:%d-%m-%Y} tot de volgende, rond {plan.end:%d-%m-%Y}."
        + (f" Locatie: {plan.location}." if plan.location else "")
    )
    add_table(
        document,
        ("Wanneer", "Moment", "Activiteit"),
        [(_when(a), a.moment, a.title) for a in plan.activities],
    )
    for activity in plan.activities:
        document.add_heading(activity.title, level=2)
        document.add_paragraph(f"{_when(activity)} · {activity.moment}").runs[0].italic = True
        document.add_paragraph(activity.description)
        for ref in activity.legal_refs:
            document.add_paragraph(f"Wet: {vocabulary.LEGAL_ARTICLES.label_of(ref)}")
        for item in activity.practices + activity.dilemmas:
            document.add_paragraph(item.title, style="List Bullet")
    return to_bytes(document)


def uid(plan: TermPlan, activity: Activity) -> str:
    """Stable per plan and activity, so importing the plan again updates the events."""
    when = activity.when.isoformat() if activity.when else ""
    key = f"{plan.level}|{plan.start.isoformat()}|{activity.title}|{when}"
    return f"{hashlib.sha256(key.encode()).hexdigest()[:24]}@dilemmatafel"


def to_ics(plan: TermPlan) -> bytes:
    """Each dated activity as an all-day event (RFC 5545: a date has no time zone)."""
    calendar = new_calendar("-//Dilemmatafel//integriteitsagenda//NL")
    stamp = utcnow()
    for activity in plan.activities:
        if activity.when is None:
            continue
        event = Event()
        event.add("uid", uid(plan, activity))
        event.add("dtstamp", stamp)
        event.add("summary", activity.title)
        event.add("dtstart", activity.when)
        event.add("dtend", activity.when + timedelta(days=1))
        if plan.location:
            event.add("location", plan.location)
        event.add("description", activity.description)
        calendar.add_component(event)
    return finish_calendar(calendar)


# The term plan's downloads (served by backend/web/downloads.py).
EXPORTS = registry(
    filename,
    ("docx", DOCX, to_docx),
    ("md", MARKDOWN, to_markdown),
    ("ics", ICS, to_ics),
)
