"""The collection's cases most like the answers given, ranked by their front-matter fields."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlmodel import Session, select

from backend.content.types import CASE_TYPES
from backend.models import Item

LIMIT = 4

ROLE_OF_BODY = {
    "raad": {"raadslid"},
    "commissie": {"raadslid", "burgercommissielid", "statenlid"},
    "college": {"wethouder", "burgemeester"},
    "provinciale-staten": {"statenlid"},
    "gedeputeerde-staten": {"gedeputeerde"},
    "waterschap-ab": {"ab-lid-waterschap"},
    "waterschap-db": {"db-lid-waterschap"},
}
LEVEL_OF_BODY = {
    "raad": "gemeente",
    "commissie": "gemeente",
    "college": "gemeente",
    "provinciale-staten": "provincie",
    "gedeputeerde-staten": "provincie",
    "waterschap-ab": "waterschap",
    "waterschap-db": "waterschap",
}
INTEREST_OF_ANSWER = {
    "eigen": {"eigendom", "financieel"},
    "familie": {"familie"},
    "werkgever": {"werkgever"},
    "onderneming": {"financieel"},
    "vertegenwoordiger": {"vertegenwoordiger"},
}
SECRECY_LEVEL = {
    **dict.fromkeys(("raad", "college", "burgemeester", "raadscommissie"), "gemeente"),
    **dict.fromkeys(
        (
            "provinciale-staten",
            "gedeputeerde-staten",
            "commissaris-van-de-koning",
            "statencommissie",
        ),
        "provincie",
    ),
    **dict.fromkeys(("algemeen-bestuur", "dagelijks-bestuur"), "waterschap"),
}
ISSUE_OF_ANSWER = {
    "buiten": "geschonden",
    "vergadering": "geschonden",
    "fractiemedewerker": "verkeerd-gedeeld",
    "enkele-leden": "verkeerd-gedeeld",
    "besloten-vergadering": "besloten-vergadering",
}


@dataclass(frozen=True)
class Profile:
    """What a case should look like to resemble the answers: wanted value(s) per field."""

    kind: str
    wanted: dict[str, set[str]]
    weights: dict[str, int]


def interest_profile(answers: Mapping[str, str], outcome: str | None) -> Profile:
    """Personal-interest cases: kind of interest, role, level and whether recusal followed."""
    body = answers.get("orgaan", "")
    interest = set(INTEREST_OF_ANSWER.get(answers.get("belang", ""), set()))
    if answers.get("belang") == "vereniging":
        interest = {"bestuursfunctie" if answers.get("positie") == "bestuur" else "lidmaatschap"}
    if answers.get("rekening_band") in ("bestuur", "verantwoording"):
        interest = {"bestuursfunctie"}
    if answers.get("kandidaat") == "familie":
        interest = {"familie"}
    recusal = {"niet-deelnemen": {"true"}, "deelnemen": {"false"}}.get(outcome or "", set())
    return Profile(
        "personal_interest",
        {
            "interest_type": interest,
            "member_role": ROLE_OF_BODY.get(body, set()),
            "levels": {LEVEL_OF_BODY[body]} if body in LEVEL_OF_BODY else set(),
            "recusal_required": recusal,
        },
        {"interest_type": 4, "member_role": 2, "levels": 1, "recusal_required": 2},
    )


def secrecy_profile(answers: Mapping[str, str], outcome: str | None) -> Profile:
    """Secrecy cases: who imposed it, on which ground, what went on, and the level."""
    body = answers.get("orgaan", "")
    level = SECRECY_LEVEL.get(body) or answers.get("bestuurslaag", "")
    ground = answers.get("grond", "")
    if ground in ("onevenredige-benadeling", "beleidsopvattingen"):
        ground = "geen-geldige-grond"
    issues = {ISSUE_OF_ANSWER[value] for value in answers.values() if value in ISSUE_OF_ANSWER}
    if outcome == "geen-geldige-grond":
        issues.add("grond-ongeldig")
    return Profile(
        "secrecy",
        {
            "imposed_by": {body} if body else set(),
            "woo_ground": {ground} if ground else set(),
            "secrecy_issues": issues,
            "levels": {level} if level else set(),
            "regime": {"sinds-2023"},
        },
        {"imposed_by": 3, "woo_ground": 3, "secrecy_issues": 3, "levels": 1, "regime": 1},
    )


def _values(front: Mapping[str, object], field: str) -> set[str]:
    value = front.get(field)
    if isinstance(value, list):
        return {str(v) for v in value}
    if isinstance(value, bool):
        return {"true" if value else "false"}
    return {str(value)} if value is not None else set()


def score(profile: Profile, front: Mapping[str, object]) -> int:
    """How many weighted fields of a case match the profile."""
    return sum(
        profile.weights[field]
        for field, wanted in profile.wanted.items()
        if wanted and wanted & _values(front, field)
    )


def similar_cases(db: Session, profile: Profile, limit: int = LIMIT) -> list[Item]:
    """The published public cases of the profile's kind that match best (ties: newest)."""
    case_type = next(t for t in CASE_TYPES if t.kind == profile.kind)
    rows = db.exec(
        select(Item).where(
            Item.type == case_type.key, Item.status == "published", Item.visibility == "public"
        )
    ).all()
    scored = [(score(profile, row.front), row) for row in rows]
    scored = [(points, row) for points, row in scored if points >= 3]
    scored.sort(key=lambda pair: (-pair[0], -int(pair[1].front.get("year") or 0), pair[1].slug))
    return [row for _, row in scored[:limit]]
