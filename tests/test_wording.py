"""Dutch words that agree with a number."""

from __future__ import annotations

from backend.wording import plural


def test_one_takes_the_singular_and_every_other_number_the_plural():
    assert plural(1, "veld klopt", "velden kloppen") == "1 veld klopt"
    assert plural(2, "veld klopt", "velden kloppen") == "2 velden kloppen"
    assert plural(0, "resultaat", "resultaten") == "0 resultaten"
