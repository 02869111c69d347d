"""The personal-data guard: find personal data in a text before it can be published.

Detectors: e-mail addresses, Dutch phone numbers, BSN (checked with the elfproef), IBAN
(checked with the ISO 7064 mod-97 checksum), postcode with house number, Dutch licence
plates and links to social-media profiles. Each hit has a stable fingerprint, so an
editor can mark it as fictional once and it stays marked while the text is unchanged.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class PersonalDataHit:
    """One piece of possible personal data in a text."""

    kind: str
    label: str
    text: str
    start: int
    end: int
    where: str = ""

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(f"{self.kind}:{self.text}".encode()).hexdigest()[:16]


EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}", re.IGNORECASE)
# A trunk or country prefix followed by exactly nine digits, with optional separators:
# 06-12345678, 06 12 34 56 78, +31 6 1234 5678, 010-1234567, 0031 (0)20 123 4567.
PHONE = re.compile(r"(?<![\w+])(?:\+31|0031|0)[\s-]?(?:\(0\)[\s-]?)?[1-9](?:[\s-]?\d){8}(?!\d)")
NINE_DIGITS = re.compile(r"(?<![\d.,-])(\d{4}\.?\d{2}\.?\d{3}|\d{9})(?![\d.,-]\d)")
IBAN = re.compile(r"\b([A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,3})?)\b")
POSTCODE_HOUSE = re.compile(
    r"\b[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}\b[\s,]+\d{1,5}(?:\s?[a-zA-Z])?\b"
    r"|\b[A-Z][a-zé'’-]+(?:straat|laan|weg|plein|dijk|kade|gracht|singel|dreef|hof|steeg)\s\d{1,5}[a-z]?\b"
    r"[\s,]+[1-9]\d{3}\s?[A-Z]{2}\b"
)
PLATE = re.compile(
    r"\b(?:[A-Z]{2}-\d{2}-\d{2}|\d{2}-\d{2}-[A-Z]{2}|\d{2}-[A-Z]{2}-\d{2}|[A-Z]{2}-\d{2}-[A-Z]{2}"
    r"|[A-Z]{2}-[A-Z]{2}-\d{2}|\d{2}-[A-Z]{2}-[A-Z]{2}|\d{2}-[A-Z]{3}-\d|\d-[A-Z]{3}-\d{2}"
    r"|[A-Z]{2}-\d{3}-[A-Z]|[A-Z]-\d{3}-[A-Z]{2}|[A-Z]{3}-\d{2}-[A-Z]|\d-[A-Z]{2}-\d{3}"
    r"|[A-Z]-\d{2}-[A-Z]{3}|\d{3}-[A-Z]{2}-\d)\b"
)
SOCIAL = re.compile(
    r"(?:https?://)?(?:www\.)?(?:twitter\.com|x\.com|facebook\.com|fb\.com|instagram\.com"
    r"|linkedin\.com/in|tiktok\.com/@|threads\.net/@|bsky\.app/profile|mastodon\.\w+/@)"
    r"/?[\w.@%-]*[\w@%-]",
    re.IGNORECASE,
)

LABELS = {
    "email": "e-mailadres",
    "phone": "telefoonnummer",
    "bsn": "burgerservicenummer (BSN)",
    "iban": "rekeningnummer (IBAN)",
    "address": "postcode met huisnummer",
    "plate": "kenteken",
    "social": "profiel op sociale media",
}


def is_valid_bsn(digits: str) -> bool:
    """The elfproef: 9×d1 + 8×d2 + … + 2×d8 − 1×d9 is divisible by 11 (and not zero)."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    total -= int(digits[8])
    return total % 11 == 0


def is_valid_iban(iban: str) -> bool:
    """The mod-97 check of ISO 13616 (country code and check digits moved to the end)."""
    compact = iban.replace(" ", "").upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{8,30}", compact):
        return False
    rearranged = compact[4:] + compact[:4]
    number = "".join(str(int(char, 36)) for char in rearranged)
    return int(number) % 97 == 1


def scan(text: str, where: str = "") -> list[PersonalDataHit]:
    """Every possible piece of personal data in text, in order of appearance."""
    hits: list[PersonalDataHit] = []

    def add(kind: str, match: re.Match[str], group: int = 0) -> None:
        hits.append(
            PersonalDataHit(
                kind, LABELS[kind], match.group(group), match.start(group), match.end(group), where
            )
        )

    for match in SOCIAL.finditer(text):
        add("social", match)
    for match in EMAIL.finditer(text):
        add("email", match)
    # Account-number shapes hide the digits inside them from the phone and BSN detectors,
    # also when the checksum fails (a mistyped IBAN is not a phone number).
    iban_spans = [match.span(1) for match in IBAN.finditer(text)]
    for match in IBAN.finditer(text):
        if is_valid_iban(match.group(1)):
            add("iban", match, 1)

    def inside_iban(match: re.Match[str]) -> bool:
        return any(start <= match.start() and match.end() <= end for start, end in iban_spans)

    for match in PHONE.finditer(text):
        if not inside_iban(match):
            add("phone", match)
    for match in NINE_DIGITS.finditer(text):
        if not inside_iban(match) and is_valid_bsn(match.group(1).replace(".", "")):
            add("bsn", match, 1)
    for match in POSTCODE_HOUSE.finditer(text):
        add("address", match)
    for match in PLATE.finditer(text):
        add("plate", match)
    return _without_overlaps(hits)


def _without_overlaps(hits: list[PersonalDataHit]) -> list[PersonalDataHit]:
    """Keep the first detector's hit where two overlap (e.g. a phone inside an IBAN)."""
    kept: list[PersonalDataHit] = []
    for hit in hits:
        if not any(hit.start < other.end and other.start < hit.end for other in kept):
            kept.append(hit)
    return sorted(kept, key=lambda hit: hit.start)
