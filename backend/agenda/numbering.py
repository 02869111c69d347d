"""Dilemma numbers that follow the order of the agenda, wherever the agenda is shown."""

from __future__ import annotations

import re
from typing import Any

# "Dilemma 2: …" as the builder numbers its rounds, or "Dilemma: …" for one added by hand.
_DILEMMA_NUMBER = re.compile(r"^Dilemma(?: \d+)?: ")


def numbered(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Number the dilemma rounds in the order they are held, so "Dilemma 1" is always the
    first dilemma, also after blocks were moved (titles without the prefix stay as they are)."""
    number = 0
    result = []
    for block in blocks:
        match = _DILEMMA_NUMBER.match(block["title"])
        if block["kind"] in ("dilemma", "dilemma-vervallen") and match:
            number += 1
            block = {**block, "title": f"Dilemma {number}: {block['title'][match.end() :]}"}
        result.append(block)
    return result
