"""The shapes every aid shares: questions with options, the answers given, and the advice."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

# The date the legal basis of every rule was last checked against the project's legal
# reference (corrected 2026-11-30) and the statute texts named in docs/aids.md.
CHECKED = date(2026, 11, 30)

Answers = Mapping[str, str]


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    hint: str = ""


@dataclass(frozen=True)
class Question:
    """One step: a radio group. `applies` says whether earlier answers make it relevant."""

    name: str
    legend: str
    options: tuple[Option, ...]
    hint: str = ""
    applies: Callable[[Answers], bool] = lambda answers: True

    def values(self) -> tuple[str, ...]:
        return tuple(option.value for option in self.options)

    def label_of(self, value: str) -> str:
        return next((o.label for o in self.options if o.value == value), value)


@dataclass(frozen=True)
class Basis:
    """A legal basis: the vocabulary slug of the article and how a reason cites it."""

    slug: str | None
    citation: str


@dataclass(frozen=True)
class Reason:
    """One step of the reasoning, with the article it rests on."""

    text: str
    basis: Basis | None = None


@dataclass
class Advice:
    """What an aid concludes. Without `outcome`, `missing` says which answers are needed."""

    outcome: str | None = None
    reasons: list[Reason] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    extra_slugs: list[str] = field(default_factory=list)

    def add(self, text: str, basis: Basis | None = None) -> None:
        self.reasons.append(Reason(text, basis))

    @property
    def articles(self) -> list[str]:
        """The vocabulary slugs of every article the reasoning cites, in order, once."""
        slugs = [r.basis.slug for r in self.reasons if r.basis and r.basis.slug]
        return list(dict.fromkeys([*slugs, *self.extra_slugs]))


@dataclass(frozen=True)
class Outcome:
    code: str
    label: str
    summary: str


@dataclass(frozen=True)
class Aid:
    """One decision aid: its questions in order, its outcomes and its rules."""

    key: str
    title: str
    intro: str
    questions: tuple[Question, ...]
    outcomes: tuple[Outcome, ...]
    advise: Callable[[Answers], Advice]
    case_kind: str | None

    def question(self, name: str) -> Question | None:
        return next((q for q in self.questions if q.name == name), None)

    def outcome(self, code: str | None) -> Outcome | None:
        return next((o for o in self.outcomes if o.code == code), None)


def read_answers(
    questions: Sequence[Question], given: Mapping[str, str]
) -> tuple[dict[str, str], list[str]]:
    """The valid answers among what was given, and a Dutch problem for each invalid value.

    Unknown names are ignored (a page may carry other parameters); an empty value counts as
    not answered; a value outside the question's options is reported, never guessed at.
    """
    answers: dict[str, str] = {}
    problems: list[str] = []
    for question in questions:
        value = (given.get(question.name) or "").strip()
        if not value:
            continue
        if value in question.values():
            answers[question.name] = value
        else:
            problems.append(
                f"Het antwoord '{value[:40]}' bij '{question.legend}' kennen we niet;"
                " kies een van de mogelijkheden."
            )
    return answers, problems


def relevant(questions: Sequence[Question], answers: Answers) -> list[Question]:
    """The questions that apply given the answers so far, in order.

    Each question sees only the answers to earlier questions that still apply, so an answer
    left over from a branch the user went back on cannot steer the rest.
    """
    kept: dict[str, str] = {}
    found = []
    for question in questions:
        if question.applies(kept):
            found.append(question)
            if question.name in answers:
                kept[question.name] = answers[question.name]
    return found


def applicable_answers(questions: Sequence[Question], answers: Answers) -> dict[str, str]:
    """Only the answers to questions that still apply (after going back and changing one)."""
    return {q.name: answers[q.name] for q in relevant(questions, answers) if q.name in answers}


def missing(questions: Sequence[Question], answers: Answers) -> list[str]:
    """Names of the questions that apply but have no answer yet, in order."""
    return [q.name for q in relevant(questions, answers) if q.name not in answers]
