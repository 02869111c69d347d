"""An agenda as Markdown, Word (.docx) and calendar (.ics) files, with Dutch file names."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, timedelta

from docx import Document
from docx.document import Document as DocxDocument
from docx.shared import Pt
from icalendar import Calendar, Event

from backend.agenda.model import AUDIENCES, Agenda, Block

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


def to_markdown(agenda: Agenda) -> str:
    lines = [
        f"# {title(agenda)}",
        "",
        f"{dutch_date(agenda)}, {agenda.request.start:%H:%M}"
        f" ({agenda.request.minutes} minuten, {agenda.request.group_size} deelnemers)",
        "",
        "| Tijd | Onderdeel | Minuten |",
        "| --- | --- | --- |",
    ]
    lines += [f"| {span} | {block.title} | {block.minutes} |" for span, block in _times(agenda)]
    lines.append("")
    for span, block in _times(agenda):
        lines += [f"## {span} {block.title}", "", block.description]
        if block.form != "plenair":
            lines += ["", f"Werkvorm: {block.form}."]
        if block.reason:
            lines += ["", f"*{block.reason}*"]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def add_table(
    document: DocxDocument, headers: tuple[str, ...], rows: list[tuple[str, ...]]
) -> None:
    """A bordered table with a header row, as Word users expect in an agenda."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text


def to_docx(agenda: Agenda) -> bytes:
    document = Document()
    document.styles["Normal"].font.size = Pt(11)
    document.add_heading(title(agenda), level=1)
    document.add_paragraph(
        f"{dutch_date(agenda)}, {agenda.request.start:%H:%M} uur —"
        f" {agenda.request.minutes} minuten, {agenda.request.group_size} deelnemers"
    )
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
        if block.reason:
            document.add_paragraph(block.reason).runs[0].italic = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def to_ics(agenda: Agenda) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Dilemmatafel//integriteitsbijeenkomst//NL")
    calendar.add("version", "2.0")
    event = Event()
    event.add("summary", title(agenda))
    event.add("dtstart", agenda.request.starts_at)
    event.add("dtend", agenda.request.ends_at)
    event.add("description", "\n".join(f"{span} {block.title}" for span, block in _times(agenda)))
    event.add("uid", f"{filename(agenda, 'ics')}-{agenda.request.seed}@dilemmatafel")
    calendar.add_component(event)
    ical: bytes = calendar.to_ical()  # icalendar leaves this method unannotated
    return ical
