"""The report of an ended live session: first the agreements (per block, what the griffier
sends round), then the outcomes: the time used against the time planned and per dilemma the
answers. As Markdown, Word (.docx) and CSV."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from docx.document import Document as DocxDocument
from sqlmodel import Session

from backend.agenda.export import dutch_day
from backend.clock import as_local, as_utc, utcnow
from backend.exports import CSV, DOCX, MARKDOWN, registry
from backend.live import service
from backend.live.results import Result, round_result
from backend.live.timing import used_seconds
from backend.models import LiveRound, LiveSession
from backend.spreadsheet import csv_text
from backend.worddoc import add_markdown, add_table, new_document, to_bytes


@dataclass(frozen=True)
class ReportRow:
    live_round: LiveRound
    result: Result | None  # None for blocks without a question
    used_minutes: int

    @property
    def planned_minutes(self) -> int:
        return self.live_round.minutes


@dataclass(frozen=True)
class Report:
    live: LiveSession
    rows: tuple[ReportRow, ...]

    @property
    def day(self) -> str:
        return dutch_day(as_local(self.live.started_at).date())

    @property
    def hours(self) -> str:
        start = as_local(self.live.started_at)
        end = as_local(self.live.ended_at or self.live.started_at)
        return f"{start:%H:%M}–{end:%H:%M}"

    @property
    def planned_total(self) -> int:
        return sum(row.planned_minutes for row in self.rows)

    @property
    def used_total(self) -> int:
        return sum(row.used_minutes for row in self.rows)

    @property
    def agreed(self) -> tuple[ReportRow, ...]:
        """The blocks in which agreements were recorded, in agenda order."""
        return tuple(row for row in self.rows if row.live_round.agreements.strip())

    @property
    def answered(self) -> tuple[ReportRow, ...]:
        """The blocks with a question, in agenda order."""
        return tuple(row for row in self.rows if row.result is not None)


def build_report(db: Session, live: LiveSession) -> Report:
    now = as_utc(live.ended_at) or utcnow()
    rows = tuple(
        ReportRow(
            live_round,
            round_result(db, live, live_round) if live_round.kind == "dilemma" else None,
            round(used_seconds(live_round, now) / 60),
        )
        for live_round in service.rounds_of(db, live)
    )
    return Report(live, rows)


def filename(report: Report, extension: str) -> str:
    day = as_local(report.live.started_at).date()
    return f"verslag-integriteitssessie-{day.isoformat()}.{extension}"


def answer_lines(result: Result) -> list[str]:
    """The distribution in words, or why it is not shown."""
    if not result.shown:
        return [
            f"Minder dan {result.min_answers} antwoorden ({result.total}); om niemand herkenbaar"
            " te maken staat de verdeling niet in het verslag."
        ]
    return [
        f"{option.key}. {option.label} — {option.count} ({option.percent}%)"
        for option in result.options
    ]


def _intro(report: Report) -> str:
    live = report.live
    return (
        f"{report.day}, {report.hours}. Deelnemers: {live.participants}. Tijd: {report.used_total}"
        f" van {report.planned_total} geplande minuten."
    )


NO_AGREEMENTS = "Er zijn in deze sessie geen afspraken vastgelegd."


def to_markdown(report: Report) -> str:
    lines = [f"# Verslag: {report.live.title}", "", _intro(report), "", "## Afspraken", ""]
    for row in report.agreed:
        lines += [f"### {row.live_round.title}", "", row.live_round.agreements, ""]
    if not report.agreed:
        lines += [NO_AGREEMENTS, ""]
    lines += ["## Uitkomsten", "", "| Onderdeel | Gepland (min) | Gebruikt (min) |"]
    lines.append("| --- | --- | --- |")
    lines += [
        f"| {r.live_round.title} | {r.planned_minutes} | {r.used_minutes} |" for r in report.rows
    ]
    for row in report.answered:
        if row.result is None:  # answered rows have one
            continue
        lines += ["", f"### {row.live_round.title}", "", f"Antwoorden: {row.result.total}.", ""]
        lines += [f"- {line}" for line in answer_lines(row.result)]
    return "\n".join(lines).rstrip() + "\n"


DILEMMA_TEXT = (("Situatie", "situation"), ("Vraag", "question"))
DILEMMA_NOTES = (("Om over na te denken", "considerations"), ("Toelichting", "explanation"))


def _add_sections(
    document: DocxDocument, content: dict[str, Any], sections: tuple[tuple[str, str], ...]
) -> None:
    """The dilemma's sections that the round holds, each under its heading."""
    for heading, key in sections:
        if content.get(key):
            document.add_heading(heading, level=4)
            add_markdown(document, content[key])


def to_docx(report: Report) -> bytes:
    """The report as an A4 Word document in Dutch: first the agreements per block (what the
    griffier sends round), then the outcomes with each dilemma as it was put."""
    title = f"Verslag: {report.live.title}"
    document = new_document(title, f"Verslag van de integriteitssessie, {report.day}")
    document.add_heading(title, level=1)
    document.add_paragraph(_intro(report))
    document.add_heading("Afspraken", level=2)
    for row in report.agreed:
        document.add_heading(row.live_round.title, level=3)
        add_markdown(document, row.live_round.agreements or "")
    if not report.agreed:
        document.add_paragraph(NO_AGREEMENTS)
    document.add_heading("Uitkomsten", level=2)
    add_table(
        document,
        ("Onderdeel", "Gepland (min)", "Gebruikt (min)"),
        [(r.live_round.title, str(r.planned_minutes), str(r.used_minutes)) for r in report.rows],
    )
    for row in report.answered:
        if row.result is None:  # answered rows have one
            continue
        content = row.live_round.content or {}
        document.add_heading(row.live_round.title, level=3)
        _add_sections(document, content, DILEMMA_TEXT)
        document.add_heading("Antwoorden", level=4)
        document.add_paragraph(f"Antwoorden: {row.result.total}.")
        if row.result.shown:
            add_table(
                document,
                ("Antwoord", "Aantal", "Percentage"),
                [
                    (f"{o.key}. {o.label}", str(o.count), f"{o.percent}%")
                    for o in row.result.options
                ],
            )
        else:
            document.add_paragraph(answer_lines(row.result)[0])
        _add_sections(document, content, DILEMMA_NOTES)
    return to_bytes(document)


CSV_HEADERS = (
    "Onderdeel",
    "Soort",
    "Gepland (minuten)",
    "Gebruikt (minuten)",
    "Antwoord",
    "Omschrijving",
    "Aantal",
    "Percentage",
    "Afspraken",
)
# What each kind of block is called in the interface (the CSV shows these, not the codes).
KIND_LABELS = {
    "opening": "Opening",
    "framing": "Inleiding",
    "knowledge": "Kennisblok",
    "dilemma": "Dilemma",
    "good_practice": "Goede praktijk",
    "reflection": "Reflectie",
    "agreements": "Afspraken",
    "closing": "Afsluiting",
}


def to_csv(report: Report) -> str:
    """One line per answer option (one per block without a question), with Dutch column
    names and values; ';' and a byte order mark for Dutch Excel."""
    return csv_text(CSV_HEADERS, _csv_rows(report))


def _csv_rows(report: Report) -> Iterator[list[object]]:
    for row in report.rows:
        kind = KIND_LABELS.get(row.live_round.kind, row.live_round.kind.replace("_", " "))
        base = [row.live_round.title, kind, row.planned_minutes, row.used_minutes]
        agreements = row.live_round.agreements
        if row.result is None:
            yield [*base, "", "", "", "", agreements]
        elif not row.result.shown:
            yield [*base, "", "te weinig antwoorden", row.result.total, "", agreements]
        else:
            for option in row.result.options:
                yield [*base, option.key, option.label, option.count, option.percent, agreements]


# The report's downloads (served by backend/web/downloads.py).
EXPORTS = registry(
    filename,
    ("docx", DOCX, to_docx),
    ("md", MARKDOWN, to_markdown),
    ("csv", CSV, to_csv),
)
