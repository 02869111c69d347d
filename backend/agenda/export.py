"""An agenda as Markdown, Word (.docx) and calendar (.ics) files, with Dutch file names."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date, timedelta
from functools import partial

from docx.document import Document as DocxDocument
from icalendar import Calendar, Event

from backend.agenda.model import AUDIENCES, Agenda, Block
from backend.clock import LOCAL, utcnow
from backend.exports import DOCX, ICS, MARKDOWN, registry
from backend.worddoc import add_markdown, add_table, new_document, to_bytes

__all__ = [
    "EXPORTS",
    "PARTICIPANT_EXPORTS",
    "add_table",
    "dutch_day",
    "filename",
    "title",
    "to_docx",
    "to_ics",
    "to_markdown",
]

DAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]


def dutch_day(day: date) -> str:
    """e.g. 'maandag 15 maart 2027'."""
    return f"{DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def dutch_date(agenda: Agenda) -> str:
    return dutch_day(agenda.request.day)


def title(agenda: Agenda) -> str:
    return f"Integriteitsbijeenkomst {AUDIENCES[agenda.request.audience][0].lower()}"


def filename(agenda: Agenda, extension: str) -> str:
    """e.g. integriteitsbijeenkomst-gemeenteraad-2027-03-15.docx"""
    audience = AUDIENCES[agenda.request.audience][0].lower().replace(" ", "-")
    return f"integriteitsbijeenkomst-{audience}-{agenda.request.day.isoformat()}.{extension}"


def _times(agenda: Agenda) -> Iterator[tuple[str, Block]]:
    for start, block in agenda.schedule():
        end = start + timedelta(minutes=block.minutes)
        yield f"{start:%H:%M}–{end:%H:%M}", block


def _handout_markdown(agenda: Agenda, slug: str | None, facilitator: bool) -> list[str]:
    handout = agenda.handouts.get(slug or "")
    if handout is None:
        return []
    lines = ["### Situatie", "", handout.situation, "", "### Vraag", "", handout.question, ""]
    if handout.options:
        lines += [f"- **{key}** {text}" for key, text in handout.options]
        lines.append("")
    if facilitator:
        lines += ["### Om over na te denken", "", handout.considerations, ""]
        lines += ["### Toelichting (voor de gespreksleider)", "", handout.explanation, ""]
    return lines


def to_markdown(agenda: Agenda, facilitator: bool = True) -> str:
    """The agenda with each dilemma's hand-out; `facilitator` adds the notes and toelichting."""
    lines = [
        f"# {title(agenda)}",
        "",
        f"{dutch_date(agenda)}, {agenda.request.start:%H:%M}"
        f" ({agenda.request.minutes} minuten, {agenda.request.group_size} deelnemers)",
        "",
    ]
    if agenda.request.location:
        lines += [f"Locatie: {agenda.request.location}", ""]
    lines += ["| Tijd | Onderdeel | Minuten |", "| --- | --- | --- |"]
    lines += [f"| {span} | {block.title} | {block.minutes} |" for span, block in _times(agenda)]
    lines.append("")
    for span, block in _times(agenda):
        lines += [f"## {span} {block.title}", "", block.description]
        if block.form != "plenair":
            lines += ["", f"Werkvorm: {block.form}."]
        if facilitator and block.reason:
            lines += ["", f"*{block.reason}*"]
        lines.append("")
        lines += _handout_markdown(agenda, block.slug, facilitator)
    return "\n".join(lines).rstrip() + "\n"


def _add_handout(
    document: DocxDocument, agenda: Agenda, slug: str | None, facilitator: bool
) -> None:
    handout = agenda.handouts.get(slug or "")
    if handout is None:
        return
    document.add_heading("Situatie", level=3)
    add_markdown(document, handout.situation)
    document.add_heading("Vraag", level=3)
    add_markdown(document, handout.question)
    for key, text in handout.options:
        paragraph = document.add_paragraph(style="List Bullet")
        paragraph.add_run(f"{key} ").bold = True
        paragraph.add_run(text)
    if facilitator:
        document.add_heading("Om over na te denken", level=3)
        add_markdown(document, handout.considerations)
        document.add_heading("Toelichting (voor de gespreksleider)", level=3)
        add_markdown(document, handout.explanation)


def to_docx(agenda: Agenda, facilitator: bool = True) -> bytes:
    """The agenda as an A4 Word document in Dutch, with the full hand-out of each dilemma;
    `facilitator` adds the reasons, the notes and the toelichting."""
    version = "gespreksleider" if facilitator else "deelnemers"
    document = new_document(title(agenda), f"Agenda en hand-outs ({version}), {dutch_date(agenda)}")
    document.add_heading(title(agenda), level=1)
    when = (
        f"{dutch_date(agenda)}, {agenda.request.start:%H:%M}–{agenda.request.ends_at:%H:%M} uur —"
        f" {agenda.request.minutes} minuten, {agenda.request.group_size} deelnemers"
    )
    if agenda.request.location:
        when += f" — {agenda.request.location}"
    document.add_paragraph(when + ("" if facilitator else " (deelnemersversie)"))
    add_table(
        document,
        ("Tijd", "Onderdeel", "Minuten"),
        [(span, block.title, str(block.minutes)) for span, block in _times(agenda)],
    )
    for span, block in _times(agenda):
        document.add_heading(f"{span} {block.title}", level=2)
        document.add_paragraph(block.description)
        if block.form != "plenair":
            document.add_paragraph(f"Werkvorm: {block.form}.")
        if facilitator and block.reason:
            document.add_paragraph(block.reason).runs[0].italic = True
        _add_handout(document, agenda, block.slug, facilitator)
    return to_bytes(document)


def uid(agenda: Agenda) -> str:
    """The same meeting keeps its UID whatever else changes (dilemmas, duration, location),
    so a calendar updates the event instead of adding a second one."""
    request = agenda.request
    key = f"{request.audience}|{request.level}|{request.starts_at.isoformat()}"
    return f"{hashlib.sha256(key.encode()).hexdigest()[:24]}@dilemmatafel"


def to_ics(agenda: Agenda) -> bytes:
    """The meeting as an iCalendar event (RFC 5545) in Dutch time, with its VTIMEZONE."""
    calendar = new_calendar("-//Dilemmatafel//integriteitsbijeenkomst//NL")
    event = Event()
    event.add("uid", uid(agenda))
    event.add("dtstamp", utcnow())
    event.add("summary", title(agenda))
    event.add("dtstart", agenda.request.starts_at.replace(tzinfo=LOCAL))
    event.add("dtend", agenda.request.ends_at.replace(tzinfo=LOCAL))
    if agenda.request.location:
        event.add("location", agenda.request.location)
    event.add("description", "\n".join(f"{span} {block.title}" for span, block in _times(agenda)))
    calendar.add_component(event)
    return finish_calendar(calendar)


def new_calendar(product: str) -> Calendar:
    """An empty calendar with PRODID and VERSION."""
    calendar = Calendar()
    calendar.add("prodid", product)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    return calendar


def finish_calendar(calendar: Calendar) -> bytes:
    """The calendar as bytes, with a VTIMEZONE for every TZID its events use."""
    calendar.add_missing_timezones()
    ical: bytes = calendar.to_ical()  # icalendar leaves this method unannotated
    return ical


# The agenda's downloads (served by backend/web/downloads.py), in the order the page offers them.
EXPORTS = registry(
    filename,
    ("docx", DOCX, to_docx),
    ("md", MARKDOWN, to_markdown),
    ("ics", ICS, to_ics),
)
# The same for participants: the hand-outs without the facilitator's notes and toelichting.
PARTICIPANT_EXPORTS = registry(
    filename,
    ("docx", DOCX, partial(to_docx, facilitator=False)),
    ("md", MARKDOWN, partial(to_markdown, facilitator=False)),
    ("ics", ICS, to_ics),
)
