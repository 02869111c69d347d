"""Legal consistency rules for content: mistakes an independent review found, made uncheckable.

Each rule reads one item (its front matter and its text, line by line) and returns findings in
Dutch that name the line and the rule. The rules implement points of
shared/legal-reference.md (corrected 2026-11-30); what a rule cannot judge is in the review
checklist of docs/content-format.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from backend.content.legal_reading import (
    NOT_THE_COUNCIL,
    POPULATION,
    SEATS_AFTER_POPULATION,
    SEATS_STATED,
    VOTES,
    body_lines,
    first_line,
    population_range,
    sentences,
    to_int,
)
from backend.content.validate import ItemRecord

# Gemeentewet art. 8: (largest population of the bracket, seats). Above the last: 45.
COUNCIL_SIZES: tuple[tuple[int, int], ...] = (
    (3_000, 9),
    (6_000, 11),
    (10_000, 13),
    (15_000, 15),
    (20_000, 17),
    (25_000, 19),
    (30_000, 21),
    (35_000, 23),
    (40_000, 25),
    (45_000, 27),
    (50_000, 29),
    (60_000, 31),
    (70_000, 33),
    (80_000, 35),
    (100_000, 37),
    (200_000, 39),
)
LARGEST_COUNCIL = 45


@dataclass(frozen=True)
class LegalFinding:
    """One breach of a legal consistency rule, at a line of the item's file."""

    rule: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"[{self.rule}] {self.message}"


def council_size(inhabitants: int) -> int:
    """The number of council seats for a population (Gemeentewet art. 8)."""
    for largest, seats in COUNCIL_SIZES:
        if inhabitants <= largest:
            return seats
    return LARGEST_COUNCIL


def _is_current(record: ItemRecord) -> bool:
    """Whether an item describes the law as it stands (not a case from before 2023)."""
    regime = record.front.get("regime")
    if regime is not None:
        return bool(regime == "sinds-2023")
    year = record.front.get("year")
    return year is None or year >= 2023


# --- the rules -------------------------------------------------------------------------------


def rule_council_size(record: ItemRecord, lines: list[str]) -> list[LegalFinding]:
    """Inhabitants and council seats fit Gemeentewet art. 8; votes never exceed the seats."""
    findings: list[LegalFinding] = []
    sizes: list[int] = []
    for number, line in enumerate(body_lines(lines), start=1):
        for match in POPULATION.finditer(line):
            low, high = population_range(
                match.group("qual"), int(re.sub(r"\D", "", match.group("n")))
            )
            allowed = sorted({council_size(low), council_size(high)})
            after = SEATS_AFTER_POPULATION.match(line[match.end() :])
            if after and NOT_THE_COUNCIL.search(after.group(0)):
                after = None
            if after:
                seats = to_int(next(group for group in after.groups() if group))
                sizes.append(seats)
                if seats not in allowed:
                    findings.append(
                        LegalFinding(
                            "raadsomvang",
                            number,
                            f"{match.group(0).strip()} past bij een raad van"
                            f" {' of '.join(map(str, allowed))} leden (Gemeentewet art. 8),"
                            f" niet bij {seats}. Pas het aantal inwoners of raadsleden aan.",
                        )
                    )
            elif "provincie" not in line.lower() and "waterschap" not in line.lower():
                sizes.append(max(allowed))
        for match in SEATS_STATED.finditer(line):
            token = next(group for group in match.groups() if group)
            sizes.append(to_int(token))
    if not sizes:
        return findings
    seats = max(sizes)
    for number, line in enumerate(body_lines(lines), start=1):
        for match in VOTES.finditer(line):
            votes = [to_int(group) for group in match.groups() if group]
            if sum(votes) > seats:
                findings.append(
                    LegalFinding(
                        "stemmen",
                        number,
                        f"'{match.group(0).strip()}' telt {sum(votes)} stemmen, maar de raad in"
                        f" dit item heeft {seats} zetels (Gemeentewet art. 8). Er kunnen nooit"
                        " meer stemmen zijn dan zetels.",
                    )
                )
    return findings


_AWB_24 = re.compile(r"\b2:4\b")
_MEMBER_CONTEXT = re.compile(
    r"raadsle(?:d|den)|statenle(?:d|den)|\bleden van de raad|\blid van de raad|meestem|"
    r"beraadslaging|stemming|\bstemt\b|\bstemmen\b|commissielid",
    re.IGNORECASE,
)
_EXCLUSION = re.compile(
    r"niet (?:meer |langer )?van toepassing|geldt[^.]{0,60}niet(?: meer| langer)?\b|"
    r"niet (?:meer|langer) (?:voor|op|bij)|buiten toepassing|uitgezonderd|uitgesloten|"
    r"geen rol meer|sinds (?:1 januari )?2023[^.]{0,80}niet",
    re.IGNORECASE,
)
_PREPARATION_CONTEXT = re.compile(
    r"ambten|ambtelijk|voorbereid|adviescommissie|selectiecommissie|adviseur|college|"
    r"burgemeester|bestuursorgaan|gedeputeerde staten|dagelijks bestuur|medewerker",
    re.IGNORECASE,
)


def rule_awb_2_4(record: ItemRecord, lines: list[str]) -> list[LegalFinding]:
    """Awb 2:4 is never a rule for members' deliberation and vote without the 2023 exclusion."""
    mentions = [s for s in sentences(body_lines(lines)) if _AWB_24.search(s.text)]
    if any(_EXCLUSION.search(s.text) for s in mentions):
        return []
    for sentence in mentions:
        if _MEMBER_CONTEXT.search(sentence.text) and not _PREPARATION_CONTEXT.search(sentence.text):
            return [
                LegalFinding(
                    "awb-2-4",
                    sentence.line,
                    "Awb art. 2:4 wordt genoemd bij de deelname van leden aan beraadslaging of"
                    " stemming, maar de tekst zegt nergens dat dit artikel daarop sinds"
                    " 1 januari 2023 niet van toepassing is (Gemeentewet en Provinciewet"
                    " art. 28 lid 2). Verwijs voor leden alleen naar art. 28, of noem de"
                    " uitsluiting.",
                )
            ]
    refs = record.front.get("legal_refs") or []
    if "awb-2-4" in refs and not any(_PREPARATION_CONTEXT.search(s.text) for s in mentions):
        return [
            LegalFinding(
                "awb-2-4",
                first_line(lines, "legal_refs"),
                "legal_refs noemt awb-2-4, maar de tekst legt niet uit waarvoor: Awb art. 2:4"
                " geldt voor de voorbereiding door ambtenaren en commissies, niet voor de"
                " beraadslaging en stemming van leden. Noem de voorbereiding of haal awb-2-4"
                " weg.",
            )
        ]
    return []


_ARTICLE_15 = re.compile(r"\bart(?:ikel|\.)\s*15\b", re.IGNORECASE)
_TRANSACTION = re.compile(
    r"\b(?:ver)?pacht\w*|\b(?:ver)?huur\w*|\bhuren\b|\bgehuurd\b|\b(?:aan|ver)koop\w*|"
    r"\bkoopt\b|\bkopen\b|\bgekocht\b|\bkocht\b|\bverwerv\w*",
    re.IGNORECASE,
)
_PROPERTY = re.compile(
    r"\bgrond\w*|kavel|\bpercee?l\w*|\bpand\w*|schuur|onroerend|weiland|landbouwgrond|"
    r"\bgebouw\w*|\bwoning\w*|\bland\b",
    re.IGNORECASE,
)


def rule_onderhands(record: ItemRecord, lines: list[str]) -> list[LegalFinding]:
    """Art. 15 bans buying, renting and leasing from the municipality only when onderhands."""
    body = body_lines(lines)
    text = "\n".join(body)
    cites = "gemeentewet-15" in (record.front.get("legal_refs") or [])
    if not (cites or _ARTICLE_15.search(text)) or re.search("onderhand", text, re.IGNORECASE):
        return []
    for sentence in sentences(body):
        if _TRANSACTION.search(sentence.text) and _PROPERTY.search(sentence.text):
            return [
                LegalFinding(
                    "onderhands",
                    sentence.line,
                    "het item gaat over art. 15 Gemeentewet en over kopen, huren of pachten van"
                    " onroerend goed, maar zegt nergens 'onderhands'. Art. 15 lid 1 onder d"
                    " verbiedt alleen onderhandse aankoop, huur en pacht; een openbare toewijzing"
                    " met gelijke kansen valt erbuiten. Benoem welke route het is.",
                )
            ]
    return []


_CONFIRMATION = re.compile(r"bekrachtig", re.IGNORECASE)
_ABOLISHED = re.compile(
    r"afgeschaft|vervallen|vervalt|verdwenen|bestaat niet meer|niet meer|geen\b[^.]{0,40}meer|"
    r"\boud(?:e)?\b|vroeger|(?:tot|voor|vóór|sinds) 1 april 2023|destijds|toen\b|"
    r"van vóór|was het",
    re.IGNORECASE,
)


def rule_confirmation(record: ItemRecord, lines: list[str]) -> list[LegalFinding]:
    """Confirmation of secrecy by the council exists only before 1 April 2023."""
    if not _is_current(record):
        return []
    if "bekrachtiging" in (record.front.get("secrecy_issues") or []):
        return [
            LegalFinding(
                "bekrachtiging",
                first_line(lines, "secrecy_issues"),
                "'bekrachtiging' past niet bij een casus onder het stelsel sinds 1 april 2023:"
                " de bekrachtiging door de raad is toen afgeschaft.",
            )
        ]
    for number, line in enumerate(body_lines(lines), start=1):
        if _CONFIRMATION.search(line) and not _ABOLISHED.search(line):
            return [
                LegalFinding(
                    "bekrachtiging",
                    number,
                    "bekrachtiging van geheimhouding wordt als geldende regel genoemd. Sinds"
                    " 1 april 2023 bestaat die niet meer: de raad kan geheimhouding opheffen of"
                    " laten bestaan. Noem haar alleen als afgeschaft of bij een zaak van vóór"
                    " die datum.",
                )
            ]
    return []


def rule_law_fits_level(record: ItemRecord, lines: list[str]) -> list[LegalFinding]:
    """A cited article's law must fit the item's level of government."""
    levels = set(record.front.get("levels") or [])
    refs = record.front.get("legal_refs") or []
    wrong = []
    for ref in refs:
        if ref.startswith("waterschapswet") and "waterschap" not in levels:
            wrong.append(ref)
        elif ref.startswith("gemeentewet") and "gemeente" not in levels:
            # Gedeputeerde Staten grant exemptions from art. 15; the CdK acts under Pw 182.
            province_about_municipality = "provincie" in levels and (
                ref == "gemeentewet-15" or "provinciewet-182" in refs
            )
            if not province_about_municipality:
                wrong.append(ref)
        elif (
            ref.startswith("provinciewet")
            and "provincie" not in levels
            and not (ref == "provinciewet-182" and "gemeente" in levels)
        ):
            wrong.append(ref)
    if not wrong:
        return []
    return [
        LegalFinding(
            "wet-en-bestuurslaag",
            first_line(lines, "legal_refs"),
            f"{', '.join(wrong)} past niet bij bestuurslaag {', '.join(sorted(levels))}: een"
            " artikel uit de Gemeentewet, Provinciewet of Waterschapswet hoort bij een item over"
            " die bestuurslaag. Voeg de bestuurslaag toe of kies het artikel van de eigen wet.",
        )
    ]


_RISK_DUTY = re.compile(
    r"risicoanalyse[^.]{0,60}\b(?:is|zijn|wordt|worden) (?:wettelijk )?verplicht", re.IGNORECASE
)


def rule_risk_analysis(record: ItemRecord, lines: list[str]) -> list[LegalFinding]:
    """An integrity risk analysis is good practice, not a legal duty (bill 36 892)."""
    for sentence in sentences(body_lines(lines)):
        if _RISK_DUTY.search(sentence.text):
            return [
                LegalFinding(
                    "risicoanalyse",
                    sentence.line,
                    "een integriteitsrisicoanalyse wordt als verplichting genoemd. Die plicht"
                    " staat in een wetsvoorstel (Kamerstuk 36 892) dat niet in werking is;"
                    " beschrijf haar als goede praktijk.",
                )
            ]
    return []


Rule = Callable[[ItemRecord, list[str]], list[LegalFinding]]
RULES: tuple[Rule, ...] = (
    rule_council_size,
    rule_awb_2_4,
    rule_onderhands,
    rule_confirmation,
    rule_law_fits_level,
    rule_risk_analysis,
)


def check_legal(record: ItemRecord, text: str) -> list[LegalFinding]:
    """Every legal consistency finding for an item, given its file text."""
    lines = text.splitlines()
    return [finding for rule in RULES for finding in rule(record, lines)]
