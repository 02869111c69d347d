"""The report of an ended live session: first the agreements (per block, what the griffier
sends round), then the outcomes: the time used against the time planned and per dilemma the
answers. As Markdown, Word (.docx) and CSV."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass

from docx import Document
from docx.shared import Pt
from sqlmodel import Session

from backend.agenda.export import add_table, dutch_day
from backend.clock import as_local, as_utc, utcnow
from backend.live import service
from backend.live.results import Result, round_result
from backend.live.timing import used_seconds
from backend.models import LiveRound, LiveSession
from backend.spreadsheet import csv_text


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
        lines += ["", f"### {row.live_round.title}", "", f"Antwoorden: {row.result.total}.", ""]
        lines += [f"- {line}" for line in answer_lines(row.result)]
    return "\n".join(lines).rstrip() + "\n"


def to_docx(report: Report) -> bytes:
    document = Document()
    document.styles["Normal"].font.size = Pt(11)
    document.add_heading(f"Verslag: {report.live.title}", level=1)
    document.add_paragraph(_intro(report))
    document.add_heading("Afspraken", level=2)
    for row in report.agreed:
        document.add_heading(row.live_round.title, level=3)
        document.add_paragraph(row.live_round.agreements)
    if not report.agreed:
        document.add_paragraph(NO_AGREEMENTS)
    document.add_heading("Uitkomsten", level=2)
    add_table(
        document,
        ("Onderdeel", "Gepland (min)", "Gebruikt (min)"),
        [(r.live_round.title, str(r.planned_minutes), str(r.used_minutes)) for r in report.rows],
    )
    for row in report.answered:
        document.add_heading(row.live_round.title, level=3)
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
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


CSV_HEADERS = (
    "onderdeel",
    "soort",
    "gepland_minuten",
    "gebruikt_minuten",
    "antwoord",
    "omschrijving",
    "aantal",
    "percentage",
    "afspraken",
)


def to_csv(report: Report) -> str:
    """One line per answer option (one per block without a question); ';' for Dutch Excel."""
    return csv_text(CSV_HEADERS, _csv_rows(report))


def _csv_rows(report: Report) -> Iterator[list[object]]:
    for row in report.rows:
        base = [row.live_round.title, row.live_round.kind, row.planned_minutes, row.used_minutes]
        agreements = row.live_round.agreements
        if row.result is None:
            yield [*base, "", "", "", "", agreements]
        elif not row.result.shown:
            yield [*base, "", "te weinig antwoorden", row.result.total, "", agreements]
        else:
            for option in row.result.options:
                yield [*base, option.key, option.label, option.count, option.percent, agreements]
