"""The personal-data guard: true and false positives for every detector."""

from __future__ import annotations

import pytest

from backend.editorial.privacy import is_valid_bsn, is_valid_iban, scan


def kinds(text: str) -> list[tuple[str, str]]:
    return [(hit.kind, hit.text) for hit in scan(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mail j.jansen@oosterwaarde.nl gerust.", ("email", "j.jansen@oosterwaarde.nl")),
        ("Bel 06-12345678 na vijven.", ("phone", "06-12345678")),
        ("Bel 06 12 34 56 78.", ("phone", "06 12 34 56 78")),
        ("Bel +31 6 1234 5678.", ("phone", "+31 6 1234 5678")),
        ("Het gemeentehuis: 010-1234567.", ("phone", "010-1234567")),
        ("Zijn BSN is 111222333.", ("bsn", "111222333")),
        ("Zijn BSN is 1112.22.333.", ("bsn", "1112.22.333")),
        ("Maak over naar NL91 ABNA 0417 1643 00.", ("iban", "NL91 ABNA 0417 1643 00")),
        ("Of NL91ABNA0417164300 graag.", ("iban", "NL91ABNA0417164300")),
        ("Zij woont op 1234 AB 56 in het dorp.", ("address", "1234 AB 56")),
        ("Adres: Dorpsstraat 12, 1234 AB Oosterwaarde.", ("address", "Dorpsstraat 12, 1234 AB")),
        ("De auto met kenteken 12-ABC-3 stond er.", ("plate", "12-ABC-3")),
        ("De auto met kenteken AB-12-CD stond er.", ("plate", "AB-12-CD")),
        (
            "Zie https://www.instagram.com/piet.raadslid voor de foto.",
            ("social", "https://www.instagram.com/piet.raadslid"),
        ),
        ("Zie linkedin.com/in/jan-jansen-123.", ("social", "linkedin.com/in/jan-jansen-123")),
        ("Op x.com/wethouderpiet stond het.", ("social", "x.com/wethouderpiet")),
    ],
)
def test_detects_personal_data(text, expected):
    assert expected in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "In 2023 werd artikel 28 van de Gemeentewet gewijzigd.",
        "De gemeente telt 24.000 inwoners en 21 raadsleden.",
        "Het bedrag was 123456789 euro.",  # nine digits, but no valid BSN
        "Rekeningnummer NL91 ABNA 0417 1643 01 klopt niet.",  # IBAN checksum fails
        "Kamerstuk 35 546 en 36 892.",
        "Zie www.oosterwaarde.nl/gemeenteraad voor de stukken.",
        "De vergadering begint om 19.30 uur in zaal 2.",
        "Versie 1.2.3 van het reglement.",
    ],
)
def test_ordinary_text_is_not_flagged(text):
    assert kinds(text) == []


def test_bsn_elfproef():
    assert is_valid_bsn("111222333") and is_valid_bsn("123456782")
    assert (
        not is_valid_bsn("123456789")
        and not is_valid_bsn("000000000")
        and not is_valid_bsn("12345")
    )


def test_iban_checksum():
    assert is_valid_iban("NL91 ABNA 0417 1643 00") and is_valid_iban("DE89370400440532013000")
    assert not is_valid_iban("NL91 ABNA 0417 1643 01") and not is_valid_iban("NL91")


def test_fingerprint_is_stable_and_specific():
    first, second = scan("a@b.nl en a@b.nl en c@d.nl")[0], scan("tekst a@b.nl")[0]
    assert first.fingerprint == second.fingerprint
    assert first.fingerprint != scan("c@d.nl")[0].fingerprint
