"""Reading content files: structure errors with line numbers, whole-collection checks."""

from __future__ import annotations

from pathlib import Path

from backend.content.files import load_collection, parse_text, read_record, render_file
from backend.content.types import CONTENT_TYPES
from tests.factories import make_record, write_record

DILEMMA = CONTENT_TYPES["dilemma"]


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_render_then_parse_gives_the_same_record():
    record = make_record("secrecy", subject="Iets met: een dubbele punt en 'quotes'")
    parsed = parse_text(render_file(record), CONTENT_TYPES["secrecy"])
    assert parsed.front == record.front
    assert parsed.sections == record.sections


def test_error_names_file_line_field_and_allowed_values(tmp_path):
    text = render_file(make_record()).replace(
        "themes: [belangenverstrengeling]", "themes: [cadeaus]"
    )
    path = write(tmp_path, "dilemmas/test-dilemma.md", text)
    record, errors = read_record(path, DILEMMA, tmp_path)
    assert record is None
    assert len(errors) == 1
    message = str(errors[0])
    assert message.startswith("dilemmas/test-dilemma.md:5: themes: onbekende waarde 'cadeaus'")
    assert "belangenverstrengeling" in message


def test_bad_yaml_is_reported_with_its_line(tmp_path):
    path = write(tmp_path, "dilemmas/kapot.md", "---\nslug: kapot\ntitle: [niet afgesloten\n---\n")
    _, errors = read_record(path, DILEMMA, tmp_path)
    assert "ongeldige YAML" in errors[0].message
    assert errors[0].line is not None and errors[0].line >= 3


def test_missing_front_matter_is_reported(tmp_path):
    path = write(tmp_path, "dilemmas/geen-kop.md", "## Situatie\n\nTekst.\n")
    _, errors = read_record(path, DILEMMA, tmp_path)
    assert "moet beginnen met '---'" in errors[0].message


def test_unclosed_front_matter_is_reported(tmp_path):
    path = write(tmp_path, "dilemmas/open.md", "---\nslug: open\n")
    _, errors = read_record(path, DILEMMA, tmp_path)
    assert "niet afgesloten" in errors[0].message


def test_unknown_section_heading_is_reported_with_line(tmp_path):
    text = render_file(make_record()).replace("## Toelichting", "## Uitleg")
    path = write(tmp_path, "dilemmas/test-dilemma.md", text)
    _, errors = read_record(path, DILEMMA, tmp_path)
    assert "onbekende sectie '## Uitleg'" in errors[0].message
    assert errors[0].line == text.splitlines().index("## Uitleg") + 1


def test_duplicate_section_and_wrong_order_are_reported(tmp_path):
    text = render_file(make_record())
    doubled = write(tmp_path, "dilemmas/dubbel.md", text + "\n## Vraag\n\nNog eens.\n")
    _, errors = read_record(doubled, DILEMMA, tmp_path)
    assert "staat er twee keer" in errors[0].message
    swapped = text.replace("## Situatie", "## TMP").replace("## Vraag", "## Situatie")
    swapped = write(tmp_path, "dilemmas/volgorde.md", swapped.replace("## TMP", "## Vraag"))
    _, errors = read_record(swapped, DILEMMA, tmp_path)
    assert "juiste volgorde" in errors[0].message


def test_text_outside_a_section_is_reported(tmp_path):
    text = render_file(make_record()).replace("---\n## Situatie", "---\nLosse tekst.\n## Situatie")
    path = write(tmp_path, "dilemmas/test-dilemma.md", text)
    _, errors = read_record(path, DILEMMA, tmp_path)
    assert "moet onder een '## '-kop staan" in errors[0].message


def test_slug_must_equal_file_name(tmp_path):
    path = write(tmp_path, "dilemmas/andere-naam.md", render_file(make_record()))
    _, errors = read_record(path, DILEMMA, tmp_path)
    assert errors[0].field == "slug"
    assert "bestandsnaam 'andere-naam'" in errors[0].message


def test_non_utf8_file_is_reported(tmp_path):
    path = tmp_path / "dilemmas" / "latin.md"
    path.parent.mkdir(parents=True)
    path.write_bytes("---\ntitle: caf\xe9\n---\n".encode("latin-1"))
    _, errors = read_record(path, DILEMMA, tmp_path)
    assert "UTF-8" in errors[0].message


def test_collection_reports_every_problem_and_duplicate_slugs(tmp_path):
    write_record(tmp_path, make_record(slug="zelfde-slug"))
    write_record(tmp_path, make_record("good_practice", slug="zelfde-slug"))
    bad = render_file(make_record(slug="fout-een")).replace("difficulty: 1", "difficulty: 7")
    write(tmp_path, "dilemmas/fout-een.md", bad)
    write(tmp_path, "cases/secrecy/fout-twee.md", "geen kop\n")
    records, errors = load_collection(tmp_path)
    messages = [str(error) for error in errors]
    assert len(errors) == 3, messages
    assert any("de slug 'zelfde-slug' wordt al gebruikt door" in m for m in messages)
    assert any(m.startswith("dilemmas/fout-een.md") and "difficulty" in m for m in messages)
    assert any(m.startswith("cases/secrecy/fout-twee.md") for m in messages)
    assert [record.slug for record in records] == ["zelfde-slug"]
