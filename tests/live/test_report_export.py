"""The report's Word and CSV files, opened with python-docx and the csv module."""

from __future__ import annotations

import csv
import io

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from backend.live import report, service


def ended_report(live) -> report.Report:
    live.do(service.open_answers)
    for number, option in enumerate("ABB"):
        live.answer(f"telefoon-{number}", option)
    agreements = "Voortaan melden we een belang **vooraf** bij de griffier."
    live.do(service.save_agreements, 0, agreements)
    live.do(service.end)
    return live.read(lambda db, ended: report.build_report(db, ended))


def test_the_word_report_is_dutch_a4_and_shows_the_dilemma_as_it_was_put(single):
    built = ended_report(single)
    document = Document(io.BytesIO(report.to_docx(built)))
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1)
    assert abs(section.page_height - Mm(297)) < Mm(1)
    assert document.core_properties.title == f"Verslag: {built.live.title}"
    assert document.core_properties.language == "nl-NL"
    rpr = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    assert rpr.find(qn("w:rPr")).find(qn("w:lang")).get(qn("w:val")) == "nl-NL"
    content = built.rows[0].live_round.content
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)

    def headings(level: int) -> list[str]:
        return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]

    # The agreements first (what the griffier sends round), then the outcomes.
    assert headings(2) == ["Afspraken", "Uitkomsten"]
    agreed = text.index("Voortaan melden we een belang vooraf bij de griffier.")  # Markdown read
    assert agreed < text.index("Uitkomsten")
    assert headings(4)[:3] == ["Situatie", "Vraag", "Antwoorden"]
    assert "Toelichting" in headings(4)
    assert content["situation"].split("\n")[0][:60] in text
    answers = document.tables[1]
    assert [cell.text for cell in answers.rows[0].cells] == ["Antwoord", "Aantal", "Percentage"]
    assert [row.cells[1].text for row in answers.rows[1:]] == ["1", "2", "0"]


def test_the_csv_has_a_bom_and_dutch_columns_and_values(single):
    built = ended_report(single)
    text = report.to_csv(built)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0] == [
        "Onderdeel",
        "Soort",
        "Gepland (minuten)",
        "Gebruikt (minuten)",
        "Antwoord",
        "Omschrijving",
        "Aantal",
        "Percentage",
        "Afspraken",
    ]
    assert {row[1] for row in rows[1:]} == {"Dilemma"}
    assert [(row[4], row[6], row[7]) for row in rows[1:]] == [
        ("A", "1", "33"),
        ("B", "2", "67"),
        ("C", "0", "0"),
    ]


def test_every_block_kind_has_a_dutch_name_in_the_csv(agenda_live):
    agenda_live.do(service.end)
    built = agenda_live.read(lambda db, ended: report.build_report(db, ended))
    rows = list(csv.reader(io.StringIO(report.to_csv(built).removeprefix("\ufeff")), delimiter=";"))
    kinds = {row[1] for row in rows[1:]}
    assert kinds <= set(report.KIND_LABELS.values()) and "Dilemma" in kinds
    assert not kinds & set(report.KIND_LABELS)  # no internal codes such as good_practice
