"""The three decision aids and how to run one: the single entry point for pages and API."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlmodel import Session

from backend.aids import exemption, interest, interest_questions, secrecy, secrecy_questions
from backend.aids.model import Advice, Aid, Question, applicable_answers, read_answers, relevant
from backend.aids.similar import interest_profile, secrecy_profile, similar_cases
from backend.models import Item

PERSONAL_INTEREST = Aid(
    key="persoonlijk-belang",
    title="Persoonlijk-belangwijzer: mag ik meedoen?",
    intro=(
        "Beantwoord een paar vragen over het orgaan, het besluit en uw belang. U krijgt een"
        " beredeneerd advies met de wetsartikelen, wat u nu doet en vergelijkbare casussen."
    ),
    questions=interest_questions.QUESTIONS,
    outcomes=interest_questions.OUTCOMES,
    advise=interest.advise,
    case_kind="personal_interest",
)
SECRECY = Aid(
    key="geheimhouding",
    title="Geheimhoudingswijzer",
    intro=(
        "Wie mag geheimhouding opleggen, op welke grond, hoe lang duurt zij, en wat mag u met"
        " geheime informatie? Volgens de regels die sinds 1 april 2023 gelden."
    ),
    questions=secrecy_questions.QUESTIONS,
    outcomes=secrecy_questions.OUTCOMES,
    advise=secrecy.advise,
    case_kind="secrecy",
)
EXEMPTION = Aid(
    key="ontheffing",
    title="Ontheffingstoets voor Gedeputeerde Staten",
    intro=(
        "Valt een overeenkomst van een raadslid met de gemeente onder het verbod van artikel 15"
        " Gemeentewet, en wat wegen Gedeputeerde Staten bij een verzoek om ontheffing?"
    ),
    questions=exemption.QUESTIONS,
    outcomes=exemption.OUTCOMES,
    advise=exemption.advise,
    case_kind=None,
)
AIDS = {aid.key: aid for aid in (PERSONAL_INTEREST, SECRECY, EXEMPTION)}


@dataclass
class Run:
    """One pass of an aid over the answers given: what applies, what is next, the advice."""

    aid: Aid
    answers: dict[str, str]
    problems: list[str]
    advice: Advice
    asked: list[Question] = field(default_factory=list)
    similar: list[Item] = field(default_factory=list)

    @property
    def current(self) -> Question | None:
        """The first question still to answer (None once there is an outcome)."""
        if self.advice.outcome:
            return None
        name = self.advice.missing[0] if self.advice.missing else None
        return self.aid.question(name) if name else None


def run(aid: Aid, given: Mapping[str, str], db: Session | None = None) -> Run:
    """Read the answers, keep those that still apply, advise, and find similar cases."""
    answers, problems = read_answers(aid.questions, given)
    answers = applicable_answers(aid.questions, answers)
    advice = aid.advise(answers)
    result = Run(aid, answers, problems, advice, relevant(aid.questions, answers))
    if db is not None and aid.case_kind and advice.outcome:
        make = interest_profile if aid.case_kind == "personal_interest" else secrecy_profile
        result.similar = similar_cases(db, make(answers, advice.outcome))
    return result
