"""Assembling an agenda: timed blocks that add up exactly, with the reason for each choice.

Deterministic: the same request (including its `seed`) gives the same agenda.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import Session

from backend import vocabulary
from backend.agenda.handouts import handout_of
from backend.agenda.knowledge import KNOWLEDGE_TEXT
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


def _the_level(level: str) -> str:
    """'de gemeente', 'de provincie', 'het waterschap'."""
    article = "het" if level == "waterschap" else "de"
    return f"{article} {vocabulary.LEVELS.label_of(level).lower()}"


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
    chosen = _swapped(chosen, pool, request, fits, tiebreak, notices)
    items = items_by_id(db, [c.id for c in chosen])
    return [(item, _reason(item, request)) for item in items]


def _swapped(
    chosen: list[Candidate],
    pool: list[Candidate],
    request: AgendaRequest,
    fits: dict[int, int],
    tiebreak: dict[int, float],
    notices: list[str],
) -> list[Candidate]:
    """The dilemmas with those named in `request.swaps` replaced, each in its own place.

    The n-th mention of a number shows the n-th best other dilemma for that place (best fit
    to the request first, then one that shares a theme with the one it replaces); past the
    last alternative the original comes back, so "ander dilemma" never runs dry.
    """
    wanted = Counter(request.swaps)
    missing = sorted(number for number in wanted if number > len(chosen))
    if missing:
        numbers = " en ".join(str(number) for number in missing)
        notices.append(f"Deze agenda heeft geen dilemma {numbers}; die wissel is overgeslagen.")
    result = list(chosen)
    in_agenda = {candidate.id for candidate in chosen}
    for number in sorted(n for n in wanted if n <= len(chosen)):
        original = chosen[number - 1]
        alternatives = sorted(
            (candidate for candidate in pool if candidate.id not in in_agenda),
            key=lambda c: (
                -fits[c.id],
                -len(original.of("themes") & c.of("themes")),
                tiebreak[c.id],
            ),
        )
        if not alternatives:
            notices.append(f"Er is geen ander passend dilemma om dilemma {number} te vervangen.")
            continue
        cycle = [original, *alternatives]
        result[number - 1] = cycle[wanted[number] % len(cycle)]
        in_agenda.add(result[number - 1].id)
    return result


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
    """Why this dilemma, in one Dutch sentence: what it shares with the request."""
    parts = []
    themes = [t for t in item.front["themes"] if t in request.themes]
    if themes:
        parts.append(f"past bij het thema {_labels(vocabulary.THEMES, themes)}")
    roles = [r for r in item.front["roles"] if r in request.roles]
    if roles:
        parts.append(f"gaat over {_labels(vocabulary.ROLES, roles)}")
    parts.append(f"geschikt is voor {_the_level(request.level)}")
    difficulty = vocabulary.DIFFICULTIES.label_of(str(item.front["difficulty"])).lower()
    return f"Gekozen omdat het {_listed(parts)}; moeilijkheid: {difficulty}."


def _listed(parts: list[str]) -> str:
    """'a', 'a en b', 'a, b en c'."""
    return ", ".join(parts[:-1]) + " en " + parts[-1] if len(parts) > 1 else parts[0]


def _pick_good_practice(
    db: Session, request: AgendaRequest, notices: list[str]
) -> tuple[Item, str] | None:
    """The good practice that best fits the themes, phase and level asked for; a notice
    says so when none of this level is about the chosen themes."""
    approach = "repressief" if request.phase == "na-integriteitskwestie" else "preventief"
    pool = candidates(db, "good_practice", request.level)
    if not pool:
        return None
    rng = random.Random(request.seed + 7)
    tiebreak = {c.id: rng.random() for c in pool}
    wanted_themes = set(request.themes)

    def fit(candidate: Candidate) -> int:
        return (
            3 * len(wanted_themes & candidate.of("themes"))
            + 2 * (request.phase in candidate.of("term_phase"))
            + (approach in candidate.of("approach"))
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
    themes = [t for t in best.front["themes"] if t in wanted_themes]
    if wanted_themes and not themes:
        notices.append(
            f"Er is geen goede praktijk voor {_the_level(request.level)} over de gekozen thema's"
            f" ({_labels(vocabulary.THEMES, request.themes)}). De agenda bespreekt een voorbeeld"
            f" over {_labels(vocabulary.THEMES, best.front['themes'])}."
        )
    return best, _practice_reason(best, request, approach, themes)


def _practice_reason(item: Item, request: AgendaRequest, approach: str, themes: list[str]) -> str:
    """Why this good practice: only what it really shares with the request."""
    parts = []
    if themes:
        parts.append(f"past bij het thema {_labels(vocabulary.THEMES, themes)}")
    parts.append(f"geschikt is voor {_the_level(request.level)}")
    if approach in item.front["approach"]:
        parts.append(f"een {approach} voorbeeld is")
    if request.phase in item.front["term_phase"]:
        phase = vocabulary.TERM_PHASES.label_of(request.phase).lower()
        parts.append(f"past bij de fase ‘{phase}’")
    return f"Gekozen omdat het {_listed(parts)}."


def build_agenda(db: Session, request: AgendaRequest) -> Agenda:
    """The agenda for a request; its minutes add up to exactly request.minutes."""
    notices: list[str] = []
    fixed = _fixed_minutes(request)
    if request.good_practice and not fixed["good_practice"]:
        notices.append("Voor een goede praktijk is de bijeenkomst te kort (minder dan 60 minuten).")
    practice = _pick_good_practice(db, request, notices) if fixed["good_practice"] else None
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
    handouts = {item.slug: handout_of(item) for item, _ in dilemmas}
    return Agenda(request, [b for b in blocks if b.minutes > 0], notices, handouts)
