"""Validation of an item's structured fields and prose sections against its type.

One set of rules, used by the content files, the importer and (later) the edit forms.
Messages are in Dutch and say what is wrong and what is allowed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from backend.content.types import ContentType, FieldSpec

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
OPTION_KEYS = ("A", "B", "C", "D")
MAX_OPTION_LENGTH = 300
MAX_LINE_LENGTH = 300
MAX_SECTION_LENGTH = 20_000


@dataclass(frozen=True)
class FieldError:
    """A problem with one field (or section) of an item."""

    field: str
    message: str


@dataclass
class ItemRecord:
    """A validated item: its type, normalised front matter and prose sections."""

    content_type: ContentType
    front: dict[str, Any]
    sections: dict[str, str] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        return str(self.front["slug"])

    @property
    def title(self) -> str:
        return str(self.front["title"])


def strip_invisible(text: str) -> str:
    """Drop control and invisible formatting characters (NUL, bidi overrides, zero-width
    spaces), which can hide or reorder text; line breaks and tabs stay."""
    return "".join(
        char for char in text if char in "\n\t" or unicodedata.category(char) not in ("Cc", "Cf")
    )


def _allowed(spec: FieldSpec) -> str:
    return ", ".join(spec.vocabulary.slugs) if spec.vocabulary else ""


def _check_text(spec: FieldSpec, value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, str):
        return None, "moet tekst zijn."
    text = " ".join(strip_invisible(value).split())
    if spec.min is not None and len(text) < spec.min:
        return None, f"is te kort ({len(text)} tekens); minimaal {spec.min} tekens."
    if spec.max is not None and len(text) > spec.max:
        return None, f"is te lang ({len(text)} tekens); maximaal {spec.max} tekens."
    return text, None


def _within(spec: FieldSpec, number: int) -> bool:
    low, high = spec.bounds()
    return low <= number <= high


def _check_slug(spec: FieldSpec, value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, str) or not SLUG_PATTERN.match(value):
        return None, (
            f"'{value}' is geen geldige slug; gebruik kleine letters, cijfers en"
            " koppeltekens, zoals 'cadeau-van-de-aannemer'."
        )
    if not _within(spec, len(value)):
        return None, f"moet {spec.min} tot {spec.max} tekens lang zijn."
    return value, None


def _check_int(spec: FieldSpec, value: Any) -> tuple[Any, str | None]:
    if isinstance(value, bool) or not isinstance(value, int):
        return None, f"moet een geheel getal van {spec.min} tot en met {spec.max} zijn."
    if not _within(spec, value):
        return (
            None,
            f"{value} valt buiten het bereik; toegestaan: {spec.min} tot en met {spec.max}.",
        )
    return value, None


def _check_bool(spec: FieldSpec, value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, bool):
        return None, "moet true of false zijn."
    return value, None


def _check_term(spec: FieldSpec, value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, str) or value not in spec.terms():
        return None, f"onbekende waarde '{value}'; toegestaan: {_allowed(spec)}."
    return value, None


def _check_terms(spec: FieldSpec, value: Any) -> tuple[Any, str | None]:
    if value is None:
        value = []
    if not isinstance(value, list):
        return None, f"moet een lijst zijn, zoals [{spec.terms().slugs[0]}]."
    unknown = [str(item) for item in value if item not in spec.terms()]
    if unknown:
        names = ", ".join(f"'{item}'" for item in unknown)
        return None, f"onbekende waarde {names}; toegestaan: {_allowed(spec)}."
    if len(set(value)) != len(value):
        return None, "bevat een waarde twee keer."
    if spec.min is not None and len(value) < spec.min:
        return None, f"kies minimaal {spec.min}; toegestaan: {_allowed(spec)}."
    if spec.max is not None and len(value) > spec.max:
        return None, f"kies maximaal {spec.max}."
    return list(value), None


def _check_lines(spec: FieldSpec, value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, list) or not all(isinstance(line, str) for line in value):
        return None, "moet een lijst van tekstregels zijn."
    lines = [" ".join(strip_invisible(line).split()) for line in value]
    if any(not line for line in lines):
        return None, "bevat een lege regel."
    if any(len(line) > MAX_LINE_LENGTH for line in lines):
        return None, f"een regel is langer dan {MAX_LINE_LENGTH} tekens."
    if not _within(spec, len(lines)):
        return None, f"geef {spec.min} tot en met {spec.max} regels; nu {len(lines)}."
    return lines, None


def _check_options(spec: FieldSpec, value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, dict):
        return None, "moet een lijst van antwoorden zijn onder de sleutels A, B, C en D."
    keys = [str(key) for key in value]
    expected = list(OPTION_KEYS[: len(keys)])
    if keys != expected or not _within(spec, len(keys)):
        return None, (
            f"gebruik {spec.min} tot {spec.max} antwoorden met de sleutels A, B, C, D op"
            f" volgorde; nu: {', '.join(keys) or 'geen'}."
        )
    options = {}
    for key, raw in value.items():
        text = strip_invisible(raw) if isinstance(raw, str) else raw
        if not isinstance(text, str) or not text.strip():
            return None, f"antwoord {key} is leeg."
        if len(text) > MAX_OPTION_LENGTH:
            return None, f"antwoord {key} is langer dan {MAX_OPTION_LENGTH} tekens."
        options[str(key)] = " ".join(text.split())
    return options, None


def _check_kind(spec: FieldSpec, value: Any, content_type: ContentType) -> tuple[Any, str | None]:
    if value != content_type.kind:
        return None, (
            f"'{value}' past niet bij de map {content_type.folder}; verwacht: {content_type.kind}."
        )
    return value, None


CHECKS = {
    "text": _check_text,
    "slug": _check_slug,
    "int": _check_int,
    "bool": _check_bool,
    "term": _check_term,
    "terms": _check_terms,
    "lines": _check_lines,
    "options": _check_options,
}


def validate_front(
    content_type: ContentType, front: dict[str, Any]
) -> tuple[dict[str, Any], list[FieldError]]:
    """Check front-matter values; return the normalised values and every error found."""
    errors: list[FieldError] = []
    clean: dict[str, Any] = {}
    for name in front:
        if content_type.field(name) is None:
            allowed = ", ".join(content_type.field_order)
            errors.append(FieldError(str(name), f"onbekend veld; toegestane velden: {allowed}."))
    for spec in content_type.fields:
        value = front.get(spec.name)
        if value is None or value == "":
            if spec.required:
                errors.append(FieldError(spec.name, f"ontbreekt ({spec.label} is verplicht)."))
            elif spec.kind == "terms":
                clean[spec.name] = []
            continue
        if spec.kind == "kind":
            normalised, problem = _check_kind(spec, value, content_type)
        else:
            normalised, problem = CHECKS[spec.kind](spec, value)
        if problem:
            errors.append(FieldError(spec.name, problem))
        else:
            clean[spec.name] = normalised
    errors.extend(_cross_field_errors(content_type, clean))
    return clean, errors


def _cross_field_errors(content_type: ContentType, clean: dict[str, Any]) -> list[FieldError]:
    """Rules that relate two fields to each other."""
    regime, year = clean.get("regime"), clean.get("year")
    if regime == "voor-2023" and year is not None and year > 2023:
        return [FieldError("year", f"{year} past niet bij regime voor-2023; kies 2023 of eerder.")]
    if regime == "sinds-2023" and year is not None and year < 2023:
        return [FieldError("year", f"{year} past niet bij regime sinds-2023; kies 2023 of later.")]
    return []


def validate_sections(
    content_type: ContentType, sections: dict[str, str]
) -> tuple[dict[str, str], list[FieldError]]:
    """Check that every required section is present and not empty."""
    errors: list[FieldError] = []
    clean: dict[str, str] = {}
    for section in content_type.sections:
        text = strip_invisible(sections.get(section.name) or "").strip()
        if not text:
            if section.required:
                errors.append(
                    FieldError(
                        section.name, f"de sectie '## {section.heading}' ontbreekt of is leeg."
                    )
                )
            continue
        if len(text) > MAX_SECTION_LENGTH:
            errors.append(
                FieldError(
                    section.name,
                    f"de sectie '## {section.heading}' is langer dan {MAX_SECTION_LENGTH} tekens.",
                )
            )
            continue
        clean[section.name] = text
    return clean, errors


def validate_item(
    content_type: ContentType, front: dict[str, Any], sections: dict[str, str]
) -> tuple[ItemRecord | None, list[FieldError]]:
    """Validate an item completely; return the record when there are no errors."""
    clean_front, front_errors = validate_front(content_type, front)
    clean_sections, section_errors = validate_sections(content_type, sections)
    errors = front_errors + section_errors
    if errors:
        return None, errors
    return ItemRecord(content_type, clean_front, clean_sections), []
