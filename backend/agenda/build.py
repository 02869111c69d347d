"""Assembling an agenda: timed blocks that add up exactly, with the reason for each choice.

Deterministic: the same request (including its `seed`) gives the same agenda.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import Session

from backend import vocabulary
from backend.agenda.model import (
    ADDRESSED,
    KNOWLEDGE,
    SUBGROUP_FROM,
    Agenda,
    AgendaRequest,
    Block,
)
from backend.catalog.facets import FacetIndex, facet_index
from backend.catalog.queries import items_by_id
from backend.content.types import CONTENT_TYPES
from backend.models import Item

MINUTES_PER_DILEMMA = 18
MIN_DILEMMA_MINUTES = 10

KNOWLEDGE_TEXT = {
    ("persoonlijk-belang", "gemeente"): (
        "Wanneer doe je niet mee? Een raadslid neemt niet deel aan de beraadslaging en stemming"
        " over een zaak die hem rechtstreeks of middellijk persoonlijk aangaat of waarbij hij als"
        " vertegenwoordiger betrokken is (artikel 28 Gemeentewet; voor het college artikel 58)."
        " Gewoon lidmaatschap van een grote vereniging is meestal niet genoeg, een bestuursfunctie"
        " of een financieel belang meestal wel."
    ),
    ("persoonlijk-belang", "provincie"): (
        "Wanneer doe je niet mee? De Provinciewet kent voor Statenleden dezelfde regel als"
        " artikel 28 Gemeentewet: niet deelnemen aan beraadslaging en stemming over een zaak die"
        " je rechtstreeks of middellijk persoonlijk aangaat. Daarnaast vraagt artikel 2:4 Awb dat"
        " het bestuur zonder vooringenomenheid besluit."
    ),
    ("persoonlijk-belang", "waterschap"): (
        "Wanneer doe je niet mee? Artikel 2:4 Awb vraagt dat het waterschapsbestuur zonder"
        " vooringenomenheid besluit en waakt tegen invloed van persoonlijke belangen; de"
        " gedragscode van het waterschap werkt dat uit. Gewoon lid zijn van een grote groep is"
        " meestal geen persoonlijk belang, een bestuursfunctie of financieel belang meestal wel."
    ),
    ("geheimhouding", "gemeente"): (
        "Sinds 1 april 2023 regelen de artikelen 87 tot en met 89 van de Gemeentewet de"
        " geheimhouding: raad, college, burgemeester en commissies leggen haar op met een"
        " motivering, alleen op grond van een belang uit artikel 5.1 lid 1 of 2 van de Woo."
        " Bekrachtiging door de raad bestaat niet meer; de geheimhouding duurt tot het orgaan dat"
        " haar oplegde (voor stukken aan de raad: de raad) haar opheft. Schending is strafbaar"
        " (artikel 272 Wetboek van Strafrecht)."
    ),
    ("geheimhouding", "provincie"): (
        "Provinciale Staten, Gedeputeerde Staten, de commissaris van de Koning en commissies"
        " kunnen geheimhouding opleggen op grond van een belang uit artikel 5.1 van de Woo"
        " (artikel 84 Provinciewet); voor informatie aan Provinciale Staten duurt zij tot de"
        " Staten haar opheffen (artikel 86). Schending is strafbaar (artikel 272 Wetboek van"
        " Strafrecht)."
    ),
    ("geheimhouding", "waterschap"): (
        "Ook het waterschapsbestuur kan geheimhouding opleggen, volgens de regels die voor het"
        " waterschap gelden en het reglement van orde. Wie een geheim schendt dat hij uit hoofde"
        " van zijn ambt moet bewaren, is strafbaar (artikel 272 Wetboek van Strafrecht)."
    ),
}


def _fixed_minutes(request: AgendaRequest) -> dict[str, int]:
    duration = request.minutes
    # Most of the time goes to discussing dilemmas; the frame around them stays short.
    minutes = {
        "opening": 3 if duration < 45 else 5,
        "framing": 5 if duration <= 120 else 10,
        "reflection": 0 if duration < 45 else (5 if duration <= 120 else 10),
        "agreements": 5 if duration < 75 else 10,
        "closing": 2 if duration < 45 else 5,
        "knowledge": 0,
        "good_practice": 0,
    }
    if request.knowledge:
        minutes["knowledge"] = 10 if duration <= 120 else 15
    if request.good_practice and duration >= 60:
        minutes["good_practice"] = 10 if duration <= 120 else 15
    return minutes


@dataclass(frozen=True)
class Candidate:
    """A published item as the builder sees it: its id and tags, from the facet index,
    so choosing among thousands of items never loads their text."""

    id: int
    tags: dict[str, frozenset[str]]

    def of(self, facet: str) -> frozenset[str]:
        return self.tags.get(facet, frozenset())

    @property
    def difficulty(self) -> int:
        return int(min(self.of("difficulty"), default="1"))


def candidates(db: Session, type_key: str, level: str | None) -> list[Candidate]:
    index = facet_index(db)
    key = ("agenda-candidates", type_key, level)
    if key not in index.derived:
        index.derived[key] = _collect_candidates(index, type_key, level)
    found: list[Candidate] = index.derived[key]
    return found


def _collect_candidates(index: FacetIndex, type_key: str, level: str | None) -> list[Candidate]:
    ids = index.by_type.get(type_key, set())
    if level:
        ids = ids & index.postings.get(("levels", level), set())
    candidates = []
    for item_id in sorted(ids):
        tags: dict[str, set[str]] = {}
        for facet, value in index.tags_of.get(item_id, []):
            tags.setdefault(facet, set()).add(value)
        candidates.append(Candidate(item_id, {k: frozenset(v) for k, v in tags.items()}))
    return candidates


def _capitalized(text: str) -> str:
    """The text with a capital first letter (the rest as it is: 'de commissaris van de Koning')."""
    return text[:1].upper() + text[1:]


def _labels(vocab: vocabulary.Vocabulary, values: Iterable[str]) -> str:
    return ", ".join(vocab.label_of(value).lower() for value in values)


def _pick_dilemmas(
    db: Session, request: AgendaRequest, count: int, notices: list[str]
) -> list[tuple[Item, str]]:
    rng = random.Random(request.seed)
    pool = candidates(db, "dilemma", request.level)
    if not pool:
        pool = candidates(db, "dilemma", None)
        notices.append(
            f"Er zijn geen dilemma's voor {request.level}; de agenda gebruikt dilemma's van"
            " andere bestuurslagen."
        )
    tiebreak = {candidate.id: rng.random() for candidate in pool}
    wanted_themes = set(request.themes)
    if wanted_themes:
        matching = [c for c in pool if wanted_themes & c.of("themes")]
        if len(matching) < count:
            found = (
                "is er 1 dilemma" if len(matching) == 1 else f"zijn er {len(matching)} dilemma's"
            )
            notices.append(
                f"Voor de gekozen thema's ({_labels(vocabulary.THEMES, request.themes)}) {found}"
                f" voor deze bestuurslaag; er waren er {count} nodig. De agenda is aangevuld met"
                " de best passende dilemma's over andere thema's."
            )
    fits = {candidate.id: _fit(candidate, request) for candidate in pool}
    chosen: list[Candidate] = []
    seen_themes: dict[str, int] = {}
    remaining = list(pool)
    while remaining and len(chosen) < count:
        best = max(
            remaining,
            key=lambda c: (
                fits[c.id] - 2 * sum(seen_themes.get(t, 0) for t in c.of("themes")),
                tiebreak[c.id],
            ),
        )
        remaining.remove(best)
        chosen.append(best)
        for theme in best.of("themes"):
            seen_themes[theme] = seen_themes.get(theme, 0) + 1
    if len(chosen) < count:
        notices.append(f"De collectie heeft maar {len(chosen)} passende dilemma's; minder rondes.")
    chosen.sort(key=lambda c: c.difficulty)
    items = items_by_id(db, [c.id for c in chosen])
    return [(item, _reason(item, request)) for item in items]


def _fit(candidate: Candidate, request: AgendaRequest) -> int:
    """How well a dilemma fits: chosen themes weigh more than chosen roles."""
    themes = len(set(request.themes) & candidate.of("themes"))
    return 3 * themes + 2 * len(set(request.roles) & candidate.of("roles"))


def dilemma_candidates(
    db: Session,
    request: AgendaRequest,
    exclude: set[str] | frozenset[str] = frozenset(),
    limit: int = 25,
) -> list[Item]:
    """Dilemmas for the request's level, best fitting first (deterministic per seed)."""
    rng = random.Random(request.seed)
    index = facet_index(db)
    excluded = {index.id_of_slug[slug] for slug in exclude if slug in index.id_of_slug}
    pool = [c for c in candidates(db, "dilemma", request.level) if c.id not in excluded]
    tiebreak = {c.id: rng.random() for c in pool}
    ranked = sorted(pool, key=lambda c: (-_fit(c, request), tiebreak[c.id]))
    return items_by_id(db, [c.id for c in ranked[:limit]])


def _reason(item: Item, request: AgendaRequest) -> str:
    parts = []
    themes = [t for t in item.front["themes"] if t in request.themes]
    if themes:
        parts.append(f"past bij het thema {_labels(vocabulary.THEMES, themes)}")
    roles = [r for r in item.front["roles"] if r in request.roles]
    if roles:
        parts.append(f"gaat over {_labels(vocabulary.ROLES, roles)}")
    parts.append(f"geschikt voor de {vocabulary.LEVELS.label_of(request.level).lower()}")
    parts.append(
        f"moeilijkheid: {vocabulary.DIFFICULTIES.label_of(str(item.front['difficulty'])).lower()}"
    )
    return "Gekozen omdat het " + "; ".join(parts) + "."


def _pick_good_practice(db: Session, request: AgendaRequest) -> tuple[Item, str] | None:
    approach = "repressief" if request.phase == "na-integriteitskwestie" else "preventief"
    pool = candidates(db, "good_practice", request.level)
    if not pool:
        return None
    rng = random.Random(request.seed + 7)
    tiebreak = {c.id: rng.random() for c in pool}

    def fit(candidate: Candidate) -> int:
        return 2 * (request.phase in candidate.of("term_phase")) + (
            approach in candidate.of("approach")
        )

    # The best few by their tags; among those, prefer one in which the chair takes part.
    shortlist = sorted(pool, key=lambda c: (-fit(c), tiebreak[c.id]))[:10]
    chair_role = vocabulary.level_facts(request.level).chair
    items = items_by_id(db, [c.id for c in shortlist])
    best_fit = fit(shortlist[0])
    best = next(
        (
            item
            for item, c in zip(items, shortlist, strict=True)
            if fit(c) == best_fit and chair_role in item.front["actors"]
        ),
        items[0],
    )
    phase = vocabulary.TERM_PHASES.label_of(request.phase).lower()
    return best, f"Gekozen omdat het een {approach} voorbeeld is dat past bij de fase ‘{phase}’."


def build_agenda(db: Session, request: AgendaRequest) -> Agenda:
    """The agenda for a request; its minutes add up to exactly request.minutes."""
    notices: list[str] = []
    fixed = _fixed_minutes(request)
    if request.good_practice and not fixed["good_practice"]:
        notices.append("Voor een goede praktijk is de bijeenkomst te kort (minder dan 60 minuten).")
    practice = _pick_good_practice(db, request) if fixed["good_practice"] else None
    if fixed["good_practice"] and practice is None:
        notices.append(
            "Er is geen goede praktijk voor deze bestuurslaag; die tijd gaat naar dilemma's."
        )
        fixed["good_practice"] = 0
    dilemma_minutes = request.minutes - sum(fixed.values())
    count = max(1, round(dilemma_minutes / MINUTES_PER_DILEMMA))
    dilemmas = _pick_dilemmas(db, request, count, notices)
    facts = vocabulary.level_facts(request.level)
    subgroups = request.group_size >= SUBGROUP_FROM
    blocks = [
        Block(
            "opening",
            "Opening en welkom",
            fixed["opening"],
            description=f"Welkom aan {ADDRESSED[request.audience]}: doel van de bijeenkomst en de"
            " spelregels (vertrouwelijk, iedereen mag twijfelen, geen goed of fout vooraf).",
        ),
        Block(
            "framing",
            "De zorgplicht voor bestuurlijke integriteit",
            fixed["framing"],
            description=f"{_capitalized(facts.chair_name)} licht toe waarom integriteit op de"
            f" agenda staat: de zorgplicht uit {facts.duty_of_care_source}.",
        ),
    ]
    if fixed["knowledge"]:
        blocks.append(
            Block(
                "knowledge",
                f"Kennisblok: {KNOWLEDGE[request.knowledge].lower()}",
                fixed["knowledge"],
                description=KNOWLEDGE_TEXT[(request.knowledge, request.level)],
            )
        )
    share, extra = divmod(max(dilemma_minutes, 0), max(1, len(dilemmas)))
    for number, (item, reason) in enumerate(dilemmas, start=1):
        form = "eerst in groepjes van 4 tot 6, daarna plenair" if subgroups else "plenair"
        blocks.append(
            Block(
                "dilemma",
                f"Dilemma {number}: {item.title}",
                share + (1 if number <= extra else 0),
                reason=reason,
                description=item.summary,
                slug=item.slug,
                url=CONTENT_TYPES["dilemma"].url(item.slug),
                form=form,
            )
        )
    if practice:
        item, reason = practice
        blocks.append(
            Block(
                "good_practice",
                f"Goede praktijk: {item.title}",
                fixed["good_practice"],
                reason=reason,
                description=item.summary,
                slug=item.slug,
                url=CONTENT_TYPES["good_practice"].url(item.slug),
            )
        )
    if fixed["reflection"]:
        blocks.append(
            Block(
                "reflection",
                "Reflectie",
                fixed["reflection"],
                description="Wat viel op? Waar dachten we verschillend over, en waarom?",
            )
        )
    blocks.append(
        Block(
            "agreements",
            "Afspraken",
            fixed["agreements"],
            description="Welke afspraken maken we met elkaar, en wie zorgt voor de opvolging?",
        )
    )
    blocks.append(
        Block(
            "closing",
            "Afsluiting",
            fixed["closing"],
            description="Korte terugblik en de volgende integriteitsbijeenkomst in de agenda.",
        )
    )
    if not dilemmas:
        notices.append(
            "Er zijn geen dilemma's beschikbaar; de tijd is verdeeld over de andere onderdelen."
        )
        blocks[-2].minutes += dilemma_minutes
    return Agenda(request, [b for b in blocks if b.minutes > 0], notices)
