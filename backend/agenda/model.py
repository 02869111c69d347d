"""What a session agenda is made of, and the request it is built from."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from backend import vocabulary
from backend.errors import Invalid

AUDIENCES = {
    "raad": ("Gemeenteraad", "gemeente"),
    "college": ("College van B en W", "gemeente"),
    "provinciale-staten": ("Provinciale Staten", "provincie"),
    "gedeputeerde-staten": ("Gedeputeerde Staten", "provincie"),
    "algemeen-bestuur": ("Algemeen bestuur waterschap", "waterschap"),
    "presidium": ("Presidium of fractievoorzitters", None),
    "gemengd": ("Gemengd gezelschap", None),
}
# How the opening addresses the audience.
ADDRESSED = {
    "raad": "de leden van de gemeenteraad",
    "college": "de leden van het college",
    "provinciale-staten": "de leden van Provinciale Staten",
    "gedeputeerde-staten": "de leden van Gedeputeerde Staten",
    "algemeen-bestuur": "de leden van het algemeen bestuur",
    "presidium": "de leden van het presidium en de fractievoorzitters",
    "gemengd": "alle deelnemers",
}
MIN_MINUTES, MAX_MINUTES = 30, 240
MIN_GROUP, MAX_GROUP = 2, 120
MAX_SWAPS = 30  # `wissel` values in one request
MAX_LOCATION = 200
MAX_VARIANT = 9999
SUBGROUP_FROM = 16  # larger groups discuss dilemmas in sub-groups first


class AgendaError(Invalid):
    """A request that cannot be turned into an agenda; messages are Dutch, one per field."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(" ".join(errors.values()))
        self.errors = errors


@dataclass(frozen=True)
class AgendaRequest:
    """What the mayor or griffier asks for."""

    audience: str
    level: str
    day: date
    start: time
    minutes: int
    group_size: int
    themes: tuple[str, ...] = ()
    phase: str = "midden-periode"
    roles: tuple[str, ...] = ()
    good_practice: bool = True
    knowledge: str = ""  # "", "persoonlijk-belang" or "geheimhouding"
    seed: int = 1
    # Dilemma numbers (1-based) to replace by another fitting dilemma, once per mention:
    # (2, 2) shows the second alternative for dilemma 2. From the `wissel` parameter.
    swaps: tuple[int, ...] = ()
    location: str = ""  # where the meeting is held (calendar LOCATION); may be empty

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.day, self.start)

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)


@dataclass
class Block:
    """One timed part of the agenda."""

    # opening | framing | knowledge | dilemma | good_practice | reflection | agreements | closing
    kind: str
    title: str
    minutes: int
    reason: str = ""
    description: str = ""
    slug: str | None = None
    url: str | None = None
    form: str = "plenair"


@dataclass(frozen=True)
class Handout:
    """What participants read of a dilemma, and what only the facilitator reads."""

    situation: str
    question: str
    options: tuple[tuple[str, str], ...]  # (key, text); empty for an open question
    considerations: str
    explanation: str


@dataclass
class Agenda:
    request: AgendaRequest
    blocks: list[Block]
    notices: list[str] = field(default_factory=list)
    handouts: dict[str, Handout] = field(default_factory=dict)  # per dilemma slug

    @property
    def total_minutes(self) -> int:
        return sum(block.minutes for block in self.blocks)

    def schedule(self) -> list[tuple[datetime, Block]]:
        """Each block with its start time."""
        moment, rows = self.request.starts_at, []
        for block in self.blocks:
            rows.append((moment, block))
            moment += timedelta(minutes=block.minutes)
        return rows


MAX_YEARS_AHEAD = 10
KNOWLEDGE = {"persoonlijk-belang": "Persoonlijk belang", "geheimhouding": "Geheimhouding"}


def parse_request(params: dict[str, list[str]], today: date) -> AgendaRequest:
    """Validate the builder form; raise AgendaError with a Dutch message per wrong field."""
    errors: dict[str, str] = {}

    def one(name: str, default: str = "") -> str:
        return (params.get(name) or [default])[0].strip()

    def number(name: str, low: int, high: int, label: str, default: str) -> int:
        raw = one(name, default)
        if not re.fullmatch(r"\d{1,4}", raw) or not low <= int(raw) <= high:
            errors[name] = f"{label} moet een heel getal van {low} tot en met {high} zijn."
            return low
        return int(raw)

    audience = one("publiek", "raad")
    if audience not in AUDIENCES:
        errors["publiek"] = f"Kies een publiek uit: {', '.join(AUDIENCES)}."
    level = one("bestuurslaag") or (AUDIENCES.get(audience, (None, None))[1] or "gemeente")
    if level not in vocabulary.LEVELS:
        errors["bestuurslaag"] = "Kies gemeente, provincie of waterschap."
    try:
        day = date.fromisoformat(one("datum", today.isoformat()))
        if day < today:
            errors["datum"] = "De datum ligt in het verleden; kies vandaag of later."
        elif day.year > today.year + MAX_YEARS_AHEAD:
            day = today
            errors["datum"] = (
                f"De datum ligt te ver vooruit; kies een datum binnen {MAX_YEARS_AHEAD} jaar."
            )
    except ValueError:
        day = today
        errors["datum"] = "Vul een datum in als jjjj-mm-dd, bijvoorbeeld 2027-03-15."
    try:
        start = time.fromisoformat(one("begintijd", "19:30"))
    except ValueError:
        start = time(19, 30)
        errors["begintijd"] = "Vul een begintijd in als uu:mm, bijvoorbeeld 19:30."
    minutes = number("duur", MIN_MINUTES, MAX_MINUTES, "De duur in minuten", "90")
    group = number("groepsgrootte", MIN_GROUP, MAX_GROUP, "Het aantal deelnemers", "25")
    themes = tuple(dict.fromkeys(v for v in params.get("thema", []) if v))
    unknown = [t for t in themes if t not in vocabulary.THEMES]
    if unknown:
        errors["thema"] = f"Onbekend thema: {', '.join(unknown)[:80]}."
    roles = tuple(dict.fromkeys(v for v in params.get("rol", []) if v))
    if any(r not in vocabulary.ROLES for r in roles):
        errors["rol"] = "Onbekende rol gekozen."
    phase = one("fase", "midden-periode")
    if phase not in vocabulary.TERM_PHASES:
        errors["fase"] = "Kies een fase in de bestuursperiode uit de lijst."
    knowledge = one("kennisblok")
    if knowledge and knowledge not in KNOWLEDGE:
        errors["kennisblok"] = "Kies een kennisblok uit de lijst, of geen."
    seed = number("variant", 1, MAX_VARIANT, "De variant", "1")
    swaps = _swaps(params.get("wissel", []), errors)
    location = "".join(c for c in " ".join(one("locatie").split()) if c.isprintable())
    if len(location) > MAX_LOCATION:
        errors["locatie"] = f"De locatie mag hoogstens {MAX_LOCATION} tekens lang zijn."
    if errors:
        raise AgendaError(errors)
    return AgendaRequest(
        audience=audience,
        level=level,
        day=day,
        start=start,
        minutes=minutes,
        group_size=group,
        themes=themes,
        phase=phase,
        roles=roles,
        good_practice=one("goede_praktijk", "ja") == "ja",
        knowledge=knowledge,
        seed=seed,
        swaps=swaps,
        location=location,
    )


def _swaps(values: list[str], errors: dict[str, str]) -> tuple[int, ...]:
    """The `wissel` values: dilemma numbers from 1 to 20, at most MAX_SWAPS of them."""
    values = [value.strip() for value in values if value.strip()]
    if len(values) > MAX_SWAPS or not all(re.fullmatch(r"([1-9]|1\d|20)", v) for v in values):
        errors["wissel"] = (
            "De link om een dilemma te wisselen klopt niet. Stel de agenda opnieuw samen of"
            " kies ‘andere samenstelling’."
        )
        return ()
    return tuple(int(value) for value in values)
