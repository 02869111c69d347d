"""Controlled vocabularies with their Dutch labels and short descriptions.

This module is the single source for validation of content, list filters, labels in
the interface and search facets. Slugs are stable identifiers used in content files
and URLs; labels and descriptions are what users see.

The terms themselves live in `vocabulary.yaml` next to this module, which is read once, at
import, and validated: a malformed file stops the application with a message that says
where and what is wrong (`VocabularyError`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

import yaml

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.yaml")

# The vocabularies the code uses, by name, in the order of ALL.
NAMES = (
    "themes",
    "roles",
    "levels",
    "legal_refs",
    "difficulty",
    "approach",
    "term_phase",
    "actors",
    "kind",
    "interest_type",
    "member_action",
    "regime",
    "imposed_by",
    "woo_ground",
    "secrecy_issue",
    "status",
    "visibility",
)


@dataclass(frozen=True)
class Term:
    """One value of a controlled vocabulary."""

    slug: str
    label: str
    description: str = ""


OFFICIAL_SITE = "https://wetten.overheid.nl"
BWB_ID = re.compile(r"BWBR\d{7}")
# An article number as wetten.overheid.nl numbers it: 170, 41c, 2:4, 5.1.
ARTICLE_NUMBER = re.compile(r"\d+[a-z]{0,2}(?:[:.]\d+[a-z]{0,2})?")
MAX_EXPLANATION = 1200  # a plain summary, not the statute


@dataclass(frozen=True)
class LegalArticle(Term):
    """A legal article that content may cite (see shared/legal-reference.md)."""

    law: str = ""
    short: str = ""  # the article number; empty where it is still to verify
    bwb_id: str = ""  # the act on wetten.overheid.nl, where verified
    explanation: str = ""  # what the article says, in plain Dutch
    checked: date | None = None  # when description and explanation were last checked

    @property
    def official_url(self) -> str:
        """The official text: the article's permanent (Juriconnect) link when its number is
        known, else the act; empty without a verified BWB id."""
        if not self.bwb_id:
            return ""
        if self.short:
            return f"{OFFICIAL_SITE}/jci1.3:c:{self.bwb_id}&artikel={self.short}"
        return f"{OFFICIAL_SITE}/{self.bwb_id}/"


@dataclass(frozen=True)
class Provision:
    """A rule of a level in a sentence for the reader, with the articles it rests on."""

    text: str
    refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class LevelFacts:
    """What the agenda builder and the term plan need to know about a level of government."""

    chair: str  # the chair's slug in ROLES and ACTORS
    chair_name: str  # how running text names the chair, e.g. "de burgemeester"
    duty_of_care_ref: str  # LEGAL_ARTICLES slug of the chair's duty of care for integrity
    duty_of_care_source: str  # how running text cites that duty
    representative_body: str  # ACTORS slug of the elected body
    executive_body: str  # ACTORS slug of the executive board
    code_of_conduct: Provision  # who adopts the codes of conduct, and where the law says so
    ancillary_functions: Provision  # how members disclose their ancillary functions


@dataclass(frozen=True, kw_only=True)
class Level(Term):
    """A level of government, with its facts."""

    facts: LevelFacts


@dataclass(frozen=True)
class Vocabulary:
    """An ordered set of terms, looked up by slug."""

    name: str
    label: str
    terms: tuple[Term, ...]

    def __post_init__(self) -> None:
        slugs = [term.slug for term in self.terms]
        if len(slugs) != len(set(slugs)):
            raise ValueError(f"duplicate slug in vocabulary {self.name}")

    @property
    def slugs(self) -> list[str]:
        return [term.slug for term in self.terms]

    def get(self, slug: str) -> Term | None:
        return next((term for term in self.terms if term.slug == slug), None)

    def __contains__(self, slug: object) -> bool:
        return any(term.slug == slug for term in self.terms)

    def label_of(self, slug: str) -> str:
        term = self.get(slug)
        return term.label if term else slug


class VocabularyError(ValueError):
    """The vocabulary file is malformed; the message says where and what."""


class _StrictLoader(yaml.SafeLoader):
    """YAML's safe loader, refusing a key given twice in one mapping (YAML keeps the last)."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _fail(where: str, problem: str) -> NoReturn:
    raise VocabularyError(f"{where}: {problem}")


def _mapping(
    data: object, where: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> dict[str, Any]:
    """`data` as a mapping with all `required` keys and no keys beyond `optional`."""
    allowed = required + optional
    if not isinstance(data, dict):
        _fail(where, f"expected a mapping with the keys {', '.join(allowed)}")
    for key in data:
        if key not in allowed:
            _fail(where, f"unknown key {key!r} (allowed: {', '.join(allowed)})")
    for key in required:
        if key not in data:
            _fail(where, f"missing {key!r}")
    return data


def _text(entry: dict[str, Any], key: str, where: str, default: str | None = None) -> str:
    """A text value; required (and not empty) unless it has a default."""
    value = entry.get(key, default)
    if value is None or (default is None and isinstance(value, str) and not value.strip()):
        _fail(where, f"{key!r} is empty")
    if not isinstance(value, str):
        _fail(where, f"{key!r} must be text, not {value!r}: put it in quotes")
    return value


def _provision(data: object, where: str) -> Provision:
    entry = _mapping(data, where, ("text",), ("refs",))
    refs = entry.get("refs") or []
    if not isinstance(refs, list):
        _fail(where, "'refs' must be a list of legal_refs slugs, e.g. [gemeentewet-12]")
    if not all(isinstance(ref, str) for ref in refs):
        _fail(where, "'refs' must be a list of legal_refs slugs, e.g. [gemeentewet-12]")
    return Provision(_text(entry, "text", where), tuple(refs))


def _level_facts(data: object, where: str) -> LevelFacts:
    entry = _mapping(data, where, tuple(field.name for field in fields(LevelFacts)))

    def text(key: str) -> str:
        return _text(entry, key, where)

    def provision(key: str) -> Provision:
        return _provision(entry[key], f"{where}, {key}")

    return LevelFacts(
        chair=text("chair"),
        chair_name=text("chair_name"),
        duty_of_care_ref=text("duty_of_care_ref"),
        duty_of_care_source=text("duty_of_care_source"),
        representative_body=text("representative_body"),
        executive_body=text("executive_body"),
        code_of_conduct=provision("code_of_conduct"),
        ancillary_functions=provision("ancillary_functions"),
    )


def _term(name: str, data: object, where: str) -> Term:
    """One term; legal articles and levels have their own extra keys."""
    extra_required, extra_optional = {
        "legal_refs": (("law", "checked", "explanation"), ("short", "bwb_id")),
        "levels": (("facts",), ()),
    }.get(name, ((), ()))
    entry = _mapping(
        data, where, ("slug", "label", *extra_required), ("description", *extra_optional)
    )
    slug = _text(entry, "slug", where)
    where = f"{where} ({slug})"
    common = {
        "slug": slug,
        "label": _text(entry, "label", where),
        "description": _text(entry, "description", where, default=""),
    }
    if name == "legal_refs":
        return _legal_article(entry, common, where)
    if name == "levels":
        return Level(**common, facts=_level_facts(entry["facts"], f"{where}, facts"))
    return Term(**common)


def _legal_article(entry: dict[str, Any], common: dict[str, str], where: str) -> LegalArticle:
    """A legal article whose number, label, official link and check date agree."""
    short = _text(entry, "short", where, default="")
    bwb_id = _text(entry, "bwb_id", where, default="")
    explanation = " ".join(_text(entry, "explanation", where).split())
    raw_checked = _text(entry, "checked", where)
    try:
        checked = date.fromisoformat(raw_checked)
    except ValueError:
        _fail(where, f"'checked' must be a date as \"jjjj-mm-dd\", not {raw_checked!r}")
    if short and ARTICLE_NUMBER.fullmatch(short) and f"art. {short}" not in common["label"]:
        _fail(where, f"the label must name the article number: 'art. {short}'")
    if bwb_id and not BWB_ID.fullmatch(bwb_id):
        _fail(where, f"'bwb_id' must look like BWBR0005416, not {bwb_id!r}")
    if bwb_id and short and not ARTICLE_NUMBER.fullmatch(short):
        _fail(where, f"'short' {short!r} is no article number of the current text; drop 'bwb_id'")
    if len(explanation) > MAX_EXPLANATION:
        _fail(where, f"'explanation' is longer than {MAX_EXPLANATION} characters")
    return LegalArticle(
        **common,
        law=_text(entry, "law", where),
        short=short,
        bwb_id=bwb_id,
        explanation=explanation,
        checked=checked,
    )


def _check_acts(legal: Vocabulary, where: str) -> None:
    """All articles of one act link to the same act on wetten.overheid.nl."""
    act_ids: dict[str, str] = {}
    for term in legal.terms:
        assert isinstance(term, LegalArticle)
        if not term.bwb_id:
            continue
        known = act_ids.setdefault(term.law, term.bwb_id)
        if known != term.bwb_id:
            _fail(
                f"{where}: legal_refs ({term.slug})",
                f"bwb_id {term.bwb_id} differs from {known} elsewhere for the {term.law}",
            )


def _vocabulary(name: str, data: object, where: str) -> Vocabulary:
    entry = _mapping(data, where, ("label", "terms"))
    if not isinstance(entry["terms"], list) or not entry["terms"]:
        _fail(where, "'terms' must be a list with at least one term")
    terms = [
        _term(name, term, f"{where}, term {number}")
        for number, term in enumerate(entry["terms"], start=1)
    ]
    first_of: dict[str, int] = {}
    for number, term in enumerate(terms, start=1):
        if term.slug in first_of:
            _fail(where, f"duplicate slug {term.slug!r} (terms {first_of[term.slug]} and {number})")
        first_of[term.slug] = number
    return Vocabulary(name, _text(entry, "label", where), tuple(terms))


def _check_level_facts(vocabularies: dict[str, Vocabulary], where: str) -> None:
    """The level facts name existing articles, roles and bodies, and the chair by its name."""
    legal, roles, actors = (vocabularies[n] for n in ("legal_refs", "roles", "actors"))
    for term in vocabularies["levels"].terms:
        assert isinstance(term, Level)
        facts, here = term.facts, f"{where}: levels ({term.slug}), facts"
        refs = (
            facts.duty_of_care_ref,
            *facts.code_of_conduct.refs,
            *facts.ancillary_functions.refs,
        )
        for ref in refs:
            if ref not in legal:
                _fail(here, f"{ref!r} is not a slug in legal_refs")
        if facts.chair not in roles or facts.chair not in actors:
            _fail(here, f"chair {facts.chair!r} must be a slug in both roles and actors")
        for body in (facts.representative_body, facts.executive_body):
            if body not in actors:
                _fail(here, f"{body!r} is not a slug in actors")
        label = roles.label_of(facts.chair)
        if not facts.chair_name.endswith(label[0].lower() + label[1:]):
            _fail(here, f"chair_name {facts.chair_name!r} does not name the chair ({label})")


def load_vocabularies(path: Path) -> dict[str, Vocabulary]:
    """Read and validate a vocabulary file: every vocabulary of NAMES, in that order.

    Raises VocabularyError with the file, the place in it and the problem.
    """
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise VocabularyError(f"{path}: cannot be read: {error}") from error
    entry = _mapping(data, str(path), NAMES)
    vocabularies = {name: _vocabulary(name, entry[name], f"{path}: {name}") for name in NAMES}
    _check_level_facts(vocabularies, str(path))
    _check_acts(vocabularies["legal_refs"], str(path))
    return vocabularies


ALL = load_vocabularies(VOCABULARY_FILE)

THEMES = ALL["themes"]
ROLES = ALL["roles"]
LEVELS = ALL["levels"]
LEGAL_ARTICLES = ALL["legal_refs"]
DIFFICULTIES = ALL["difficulty"]
APPROACHES = ALL["approach"]
TERM_PHASES = ALL["term_phase"]
ACTORS = ALL["actors"]
CASE_KINDS = ALL["kind"]
INTEREST_TYPES = ALL["interest_type"]
MEMBER_ACTIONS = ALL["member_action"]
SECRECY_REGIMES = ALL["regime"]
SECRECY_BODIES = ALL["imposed_by"]
WOO_GROUNDS = ALL["woo_ground"]
SECRECY_ISSUES = ALL["secrecy_issue"]
STATUSES = ALL["status"]
VISIBILITIES = ALL["visibility"]


def level_facts(level: str) -> LevelFacts:
    """The facts of a level of government; KeyError for an unknown level."""
    term = LEVELS.get(level)
    if not isinstance(term, Level):
        raise KeyError(level)
    return term.facts
