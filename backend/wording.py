"""Dutch wording that depends on a number: one place for singular and plural."""

from __future__ import annotations


def plural(count: int, singular: str, many: str) -> str:
    """'1 veld klopt' or '2 velden kloppen': the count with the words that agree with it.

    Pass the whole phrase that agrees with the number, noun and verb together
    (`plural(n, "veld klopt", "velden kloppen")`), since Dutch verbs agree too. Used as
    the `plural` template filter: `{{ n | plural("resultaat", "resultaten") }}`.
    """
    return f"{count} {singular if count == 1 else many}"
