"""Content files: Markdown with YAML front matter, read into records and written back.

The canonical form written by `render_file` is what `content export` produces; the shipped
files are kept in that form so that an import followed by an export gives them back
byte for byte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from backend.content.legal import check_legal
from backend.content.types import CONTENT_TYPES, ContentType
from backend.content.validate import ItemRecord, validate_item

FRONT_MATTER_FENCE = "---"
HEADING = re.compile(r"^##\s+(.+?)\s*$")
TOP_LEVEL_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")
MAX_FILE_BYTES = 200_000
# libyaml's loader when available: ten times faster on a large collection.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class ContentError:
    """A problem in a content file, with the place where it can be found."""

    path: str
    message: str
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        place = f"{self.path}:{self.line}" if self.line else self.path
        subject = f" {self.field}:" if self.field else ""
        return f"{place}:{subject} {self.message}"


@dataclass
class ParsedFile:
    """The raw parts of a content file, with line numbers for error reports."""

    front: dict[str, Any]
    front_lines: dict[str, int]
    sections: dict[str, str]
    section_lines: dict[str, int]


class ContentFileError(Exception):
    """Raised for a file that cannot be split into front matter and sections."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


def parse_text(text: str, content_type: ContentType) -> ParsedFile:
    """Split a file's text into front matter and sections (no validation of values)."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        raise ContentFileError("het bestand moet beginnen met '---' en de YAML-kop.", 1)
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == FRONT_MATTER_FENCE)
    except StopIteration:
        raise ContentFileError("de YAML-kop wordt niet afgesloten met '---'.", 1) from None
    front_text = "\n".join(lines[1:end])
    try:
        front = yaml.load(front_text, Loader=SafeLoader) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None
        problem = getattr(error, "problem", None) or str(error)
        raise ContentFileError(f"ongeldige YAML: {problem}.", line) from None
    if not isinstance(front, dict):
        raise ContentFileError("de YAML-kop moet uit 'veld: waarde'-regels bestaan.", 2)
    front_lines: dict[str, int] = {}
    for number, line in enumerate(lines[1:end], start=2):
        match = TOP_LEVEL_KEY.match(line)
        if match:
            front_lines.setdefault(match.group(1), number)
    sections, section_lines = _split_sections(lines, end + 1, content_type)
    return ParsedFile(front, front_lines, sections, section_lines)


def _split_sections(
    lines: list[str], start: int, content_type: ContentType
) -> tuple[dict[str, str], dict[str, int]]:
    by_heading = {section.heading.lower(): section for section in content_type.sections}
    sections: dict[str, list[str]] = {}
    section_lines: dict[str, int] = {}
    current: str | None = None
    for number, line in enumerate(lines[start:], start=start + 1):
        match = HEADING.match(line)
        if match:
            section = by_heading.get(match.group(1).lower())
            if section is None:
                allowed = ", ".join(f"'## {s.heading}'" for s in content_type.sections)
                raise ContentFileError(
                    f"onbekende sectie '## {match.group(1)}'; toegestaan: {allowed}.", number
                )
            if section.name in sections:
                raise ContentFileError(
                    f"de sectie '## {section.heading}' staat er twee keer.", number
                )
            current = section.name
            sections[current] = []
            section_lines[current] = number
        elif current is not None:
            sections[current].append(line)
        elif line.strip():
            raise ContentFileError(
                "tekst na de YAML-kop moet onder een '## '-kop staan, zoals"
                f" '## {content_type.sections[0].heading}'.",
                number,
            )
    order = [s.name for s in content_type.sections]
    found = [name for name in order if name in sections]
    if list(sections) != found:
        expected = ", ".join(f"'## {s.heading}'" for s in content_type.sections)
        raise ContentFileError(
            f"de secties staan niet in de juiste volgorde: {expected}.", start + 1
        )
    return {name: "\n".join(body).strip() for name, body in sections.items()}, section_lines


def read_record(
    path: Path, content_type: ContentType, root: Path
) -> tuple[ItemRecord | None, list[ContentError]]:
    """Read and validate one file; return the record or every error found in it."""
    relative = _relative(path, root)
    if path.stat().st_size > MAX_FILE_BYTES:
        return None, [ContentError(relative, f"het bestand is groter dan {MAX_FILE_BYTES} bytes.")]
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [ContentError(relative, "het bestand is geen geldige UTF-8-tekst.")]
    try:
        parsed = parse_text(text, content_type)
    except ContentFileError as error:
        return None, [ContentError(relative, error.message, error.line)]
    record, field_errors = validate_item(content_type, parsed.front, parsed.sections)
    errors = [
        ContentError(
            relative,
            error.message,
            parsed.front_lines.get(error.field) or parsed.section_lines.get(error.field),
            error.field,
        )
        for error in field_errors
    ]
    if record is not None and record.slug != path.stem:
        errors.append(
            ContentError(
                relative,
                f"'{record.slug}' moet gelijk zijn aan de bestandsnaam '{path.stem}'.",
                parsed.front_lines.get("slug"),
                "slug",
            )
        )
    return (None if errors else record), errors


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def content_files(root: Path) -> list[tuple[Path, ContentType]]:
    """Every content file under root, with its type, in a stable order."""
    found: list[tuple[Path, ContentType]] = []
    for content_type in CONTENT_TYPES.values():
        folder = root / content_type.folder
        if folder.is_dir():
            found.extend((path, content_type) for path in sorted(folder.glob("*.md")))
    return found


def load_collection(root: Path) -> tuple[list[ItemRecord], list[ContentError]]:
    """Read and validate every content file under root, reporting all problems at once.

    Besides the format, every file is held to the legal consistency rules of
    `backend.content.legal`; a finding is an error like any other.
    """
    records: list[ItemRecord] = []
    errors: list[ContentError] = []
    seen: dict[str, str] = {}
    for path, content_type in content_files(root):
        record, file_errors = read_record(path, content_type, root)
        errors.extend(file_errors)
        if record is None:
            continue
        relative = _relative(path, root)
        if record.slug in seen:
            errors.append(
                ContentError(
                    relative,
                    f"de slug '{record.slug}' wordt al gebruikt door {seen[record.slug]}.",
                    field="slug",
                )
            )
            continue
        seen[record.slug] = relative
        records.append(record)
        errors.extend(
            ContentError(relative, str(finding), finding.line)
            for finding in check_legal(record, path.read_text(encoding="utf-8"))
        )
    return records, errors


# libyaml's emitter writes the same text as the pure-Python one, five times faster (every
# export and backup renders each item); the pure-Python one where PyYAML was built without it.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _dump(key: str, value: Any) -> str:
    """One front-matter entry in block style, on a single line per scalar."""
    return yaml.dump(
        {key: value},
        Dumper=_DUMPER,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=10_000,
    )


def render_file(record: ItemRecord) -> str:
    """The canonical text of a content file for this record."""
    out = [FRONT_MATTER_FENCE + "\n"]
    for spec in record.content_type.fields:
        if spec.name not in record.front:
            continue
        value = record.front[spec.name]
        if spec.kind == "terms":
            # Vocabulary slugs are plain YAML scalars, so a flow list is safe and compact.
            out.append(f"{spec.name}: [{', '.join(value)}]\n")
        else:
            out.append(_dump(spec.name, value))
    out.append(FRONT_MATTER_FENCE + "\n")
    for section in record.content_type.sections:
        text = record.sections.get(section.name)
        if text:
            out.append(f"## {section.heading}\n\n{text.strip()}\n\n")
    return "".join(out).rstrip("\n") + "\n"


def file_path(root: Path, record: ItemRecord) -> Path:
    """Where a record's file lives under root."""
    return root / record.content_type.folder / f"{record.slug}.md"
