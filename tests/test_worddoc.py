"""Word documents: Markdown content becomes Word paragraphs, lists and emphasis."""

from __future__ import annotations

import io

from docx import Document

from backend.worddoc import add_markdown, new_document, to_bytes


def test_markdown_becomes_word_paragraphs_lists_and_emphasis():
    document = new_document("Proef")
    add_markdown(
        document,
        "Een **vet** en *schuin* woord,\nover twee regels.\n\n- eerste punt\n- tweede punt\n\n"
        "1. stap een\n2. stap twee\n\nZie [de wet](https://wetten.overheid.nl/).",
    )
    opened = Document(io.BytesIO(to_bytes(document)))
    paragraphs = [(p.style.name, p.text) for p in opened.paragraphs]
    assert paragraphs == [
        ("Normal", "Een vet en schuin woord, over twee regels."),
        ("List Bullet", "eerste punt"),
        ("List Bullet", "tweede punt"),
        ("List Number", "stap een"),
        ("List Number", "stap twee"),
        ("Normal", "Zie de wet."),
    ]
    runs = {run.text: run for run in opened.paragraphs[0].runs}
    assert runs["vet"].bold and not runs["Een "].bold
    assert runs["schuin"].italic


def test_empty_content_adds_nothing():
    document = new_document("Leeg")
    add_markdown(document, "")
    assert Document(io.BytesIO(to_bytes(document))).paragraphs == []
