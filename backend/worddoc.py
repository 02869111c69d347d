"""Word (.docx) documents a griffier can edit: A4, Dutch as the proofing language, the title in
the document properties, and Markdown content turned into Word paragraphs and lists."""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.text.paragraph import Paragraph
from markdown_it import MarkdownIt
from markdown_it.token import Token

LANGUAGE = "nl-NL"
_MARKDOWN = MarkdownIt("commonmark")


def new_document(title: str, subject: str = "") -> DocxDocument:
    """An empty A4 document in Dutch whose properties carry `title` (and `subject`)."""
    document = Document()
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = section.bottom_margin = Cm(2.5)
    document.styles["Normal"].font.size = Pt(11)
    _set_language(document)
    properties = document.core_properties
    properties.title = title
    properties.subject = subject
    properties.language = LANGUAGE
    properties.author = "Dilemmatafel"
    properties.comments = ""
    return document


def _set_language(document: DocxDocument) -> None:
    """Dutch spelling and hyphenation for all text: w:lang in the document defaults."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = OxmlElement("w:rPrDefault")
        defaults.insert(0, run_defaults)
    properties = run_defaults.find(qn("w:rPr"))
    if properties is None:
        properties = OxmlElement("w:rPr")
        run_defaults.append(properties)
    for old in properties.findall(qn("w:lang")):
        properties.remove(old)
    lang = OxmlElement("w:lang")
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), LANGUAGE)
    properties.append(lang)


def add_table(
    document: DocxDocument, headers: Sequence[str], rows: Sequence[Sequence[str]]
) -> None:
    """A bordered table with a header row that repeats on every page."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    header = table.rows[0]
    header_properties = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_properties.append(repeat)
    for cell, text in zip(header.cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text


def add_markdown(document: DocxDocument, text: str) -> None:
    """Markdown content (paragraphs, lists, bold, italic, links) as Word paragraphs."""
    tokens = _MARKDOWN.parse(text or "")
    lists: list[str] = []
    for index, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            lists.append("List Bullet" if token.type == "bullet_list_open" else "List Number")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "inline":
            opener = tokens[index - 1].type if index else ""
            style = lists[-1] if lists and opener == "paragraph_open" else None
            paragraph = document.add_paragraph(style=style)
            _add_inline(paragraph, token.children or [], heading=opener == "heading_open")


def _add_inline(paragraph: Paragraph, children: Sequence[Token], heading: bool = False) -> None:
    bold = italic = 0
    for child in children:
        if child.type == "strong_open":
            bold += 1
        elif child.type == "strong_close":
            bold -= 1
        elif child.type == "em_open":
            italic += 1
        elif child.type == "em_close":
            italic -= 1
        elif child.type in ("text", "code_inline"):
            run = paragraph.add_run(child.content)
            run.bold = bool(bold) or heading or None
            run.italic = bool(italic) or None
        elif child.type in ("softbreak", "hardbreak"):
            paragraph.add_run(" ")


def to_bytes(document: DocxDocument) -> bytes:
    """The document as the bytes of a .docx file."""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
