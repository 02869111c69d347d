"""What one edit in the agenda editor did: a Dutch sentence for the status region, and the
block and control the keyboard focus goes to once the list is drawn again."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

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


def _total(after: list[Block], planned: int) -> str:
    """The total time against the planned duration, as the line above the blocks says it."""
    total = sum(block.minutes for block in after)
    sentence = f"Totaal: {total} van {planned} minuten"
    if total > planned:
        return f"{sentence}; de agenda is {total - planned} minuten te lang."
    if total < planned:
        return f"{sentence}; er is nog {planned - total} minuten over."
    return f"{sentence}."


def describe(
    action: str, index: int, before: list[Block], after: list[Block], planned: int, slug: str = ""
) -> Change:
    """The change an edit that succeeded made; `index` and `slug` are the ones it was given,
    `before` and `after` the blocks (as numbered for showing) before and after it, `planned`
    the meeting's duration. An edit that changes the total time also says the new total."""
    if action in ("omhoog", "omlaag"):
        return _moved(action, index, after)
    if action == "verwijder":
        change = Change(
            f"Blok ‘{before[index].title}’ is verwijderd. De agenda heeft nu"
            f" {plural(len(after), 'blok', 'blokken')}.",
            min(index, len(after) - 1),
            HEADING,
        )
    elif action == "minuten":
        block = after[index]
        change = Change(f"Blok ‘{block.title}’ duurt nu {block.minutes} minuten.", index, "minuten")
    elif action == "wissel":
        message = f"‘{before[index].title}’ is gewisseld voor ‘{after[index].title}’."
        change = Change(message, index, HEADING)
    elif action == "voegtoe":
        place = next(i for i, block in enumerate(after) if block.slug == slug)
        message = (
            f"Blok ‘{after[place].title}’ is toegevoegd op plaats {place + 1} van {len(after)}."
        )
        change = Change(message, place, HEADING)
    elif action == "verdeel":
        change = Change("De tijd is opnieuw verdeeld.", None, TOTAL)
    else:
        raise ValueError(f"unknown edit: {action}")
    return replace(change, message=f"{change.message} {_total(after, planned)}")
