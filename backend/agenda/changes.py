"""What one edit in the agenda editor did: a Dutch sentence for the status region, and the
block and control the keyboard focus goes to once the list is drawn again."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from backend.agenda.model import Block
from backend.wording import plural

HEADING = "kop"  # the block's heading
TOTAL = "totaal"  # the line with the total time, above the blocks


@dataclass(frozen=True)
class Change:
    """An edit as the editor reports it."""

    message: str  # Dutch, for the polite status region
    index: int | None  # the block (in the changed agenda) that gets the focus; None: the total
    control: str  # "omhoog", "omlaag", "minuten", HEADING or TOTAL


def block_keys(blocks: list[Block]) -> list[str]:
    """A key per block that stays with the block when it moves (its slug, else its kind, with
    a number for a second one of the same), so each control keeps its id across a redraw."""
    seen: Counter[str] = Counter()
    keys = []
    for block in blocks:
        key = block.slug or block.kind.replace("_", "-")
        seen[key] += 1
        keys.append(key if seen[key] == 1 else f"{key}-{seen[key]}")
    return keys


def _moved(action: str, index: int, after: list[Block]) -> Change:
    """Focus on the same button, or on the other one once the block reached the top or end
    (a disabled button cannot hold the focus)."""
    place = index - 1 if action == "omhoog" else index + 1
    control = action
    if place == 0 and action == "omhoog":
        control = "omlaag"
    elif place == len(after) - 1 and action == "omlaag":
        control = "omhoog"
    message = f"Blok ‘{after[place].title}’ staat nu op plaats {place + 1} van {len(after)}."
    return Change(message, place, control)


def describe(
    action: str, index: int, before: list[Block], after: list[Block], slug: str = ""
) -> Change:
    """The change an edit that succeeded made; `index` and `slug` are the ones it was given,
    `before` and `after` the blocks (as numbered for showing) before and after it."""
    if action in ("omhoog", "omlaag"):
        return _moved(action, index, after)
    if action == "verwijder":
        message = (
            f"Blok ‘{before[index].title}’ is verwijderd. De agenda heeft nu"
            f" {plural(len(after), 'blok', 'blokken')}."
        )
        return Change(message, min(index, len(after) - 1), HEADING)
    if action == "minuten":
        block = after[index]
        return Change(f"Blok ‘{block.title}’ duurt nu {block.minutes} minuten.", index, "minuten")
    if action == "wissel":
        message = f"‘{before[index].title}’ is gewisseld voor ‘{after[index].title}’."
        return Change(message, index, HEADING)
    if action == "voegtoe":
        place = next(i for i, block in enumerate(after) if block.slug == slug)
        message = (
            f"Blok ‘{after[place].title}’ is toegevoegd op plaats {place + 1} van {len(after)}."
        )
        return Change(message, place, HEADING)
    if action == "verdeel":
        total = sum(block.minutes for block in after)
        return Change(f"De tijd is verdeeld: de agenda duurt nu {total} minuten.", None, TOTAL)
    raise ValueError(f"unknown edit: {action}")
