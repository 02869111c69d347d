"""What the agenda editor tells after an edit: where the keyboard focus goes and the Dutch
sentence for the status region; and the keys that keep a block's controls' ids when it moves."""

from __future__ import annotations

import pytest

from backend.agenda.changes import HEADING, TOTAL, block_keys, describe
from backend.agenda.model import Block
from backend.agenda.saved import move, remove, set_minutes


def blocks() -> list[Block]:
    return [
        Block("opening", "Opening", 5),
        Block("dilemma", "Dilemma 1: Het etentje", 20, slug="etentje"),
        Block("dilemma", "Dilemma 2: De nevenfunctie", 20, slug="nevenfunctie"),
        Block("good_practice", "Goede praktijk: Het register", 10, slug="register"),
        Block("agreements", "Afspraken", 10),
        Block("closing", "Afsluiting", 5),
    ]


def test_keys_stay_with_a_block_when_it_moves_and_are_unique():
    before = blocks()
    after = move(before, 2, -1)
    assert block_keys(before) == [
        "opening",
        "etentje",
        "nevenfunctie",
        "register",
        "agreements",
        "closing",
    ]
    assert block_keys(after)[1:3] == ["nevenfunctie", "etentje"]
    twice = [Block("reflection", "Reflectie", 5), Block("reflection", "Nog eens", 5)]
    assert block_keys(twice) == ["reflection", "reflection-2"]


@pytest.mark.parametrize(
    ("action", "index", "place", "control"),
    [
        ("omhoog", 2, 1, "omhoog"),  # in the middle: the same button
        ("omlaag", 1, 2, "omlaag"),
        ("omhoog", 1, 0, "omlaag"),  # at the top "Omhoog" is disabled: the other button
        ("omlaag", 4, 5, "omhoog"),  # at the end "Omlaag" is disabled
    ],
)
def test_a_moved_block_keeps_the_focus_on_a_button_that_still_works(action, index, place, control):
    before = blocks()
    after = move(before, index, -1 if action == "omhoog" else 1)
    change = describe(action, index, before, after, 70)
    assert (change.index, change.control) == (place, control)
    assert after[change.index] is before[index]
    assert change.message == (
        f"Blok ‘{before[index].title}’ staat nu op plaats {place + 1} van {len(after)}."
    )


def test_removing_puts_the_focus_on_the_next_block_or_the_last_one():
    before = blocks()
    change = describe("verwijder", 2, before, remove(before, 2), 70)
    assert (change.index, change.control) == (2, HEADING)
    assert change.message == (
        "Blok ‘Dilemma 2: De nevenfunctie’ is verwijderd. De agenda heeft nu 5 blokken."
        " Totaal: 50 van 70 minuten; er is nog 20 minuten over."
    )
    last = describe("verwijder", 5, before, remove(before, 5), 70)
    assert (last.index, last.control) == (4, HEADING)
    one_left = describe("verwijder", 1, before[:2], remove(before[:2], 1), 5)
    assert one_left.message.endswith("De agenda heeft nu 1 blok. Totaal: 5 van 5 minuten.")


def test_minutes_swap_add_and_even_out_say_what_they_did():
    before = blocks()
    minutes = describe("minuten", 1, before, set_minutes(before, 1, "25"), 70)
    assert (minutes.index, minutes.control) == (1, "minuten")
    assert minutes.message == (
        "Blok ‘Dilemma 1: Het etentje’ duurt nu 25 minuten."
        " Totaal: 75 van 70 minuten; de agenda is 5 minuten te lang."
    )

    swapped = [*before[:2], Block("dilemma", "Dilemma 2: Het cadeau", 20, slug="cadeau")]
    swapped += before[3:]
    swap = describe("wissel", 2, before, swapped, 70)
    assert (swap.index, swap.control) == (2, HEADING)
    assert swap.message == (
        "‘Dilemma 2: De nevenfunctie’ is gewisseld voor ‘Dilemma 2: Het cadeau’."
        " Totaal: 70 van 70 minuten."
    )

    added = [*before[:3], Block("dilemma", "Dilemma 3: Het cadeau", 15, slug="cadeau")]
    added += before[3:]
    add = describe("voegtoe", -1, before, added, 70, "cadeau")
    assert (add.index, add.control) == (3, HEADING)
    assert add.message == (
        "Blok ‘Dilemma 3: Het cadeau’ is toegevoegd op plaats 4 van 7."
        " Totaal: 85 van 70 minuten; de agenda is 15 minuten te lang."
    )

    even = describe("verdeel", -1, before, before, 70)
    assert (even.index, even.control) == (None, TOTAL)
    assert even.message == "De tijd is opnieuw verdeeld. Totaal: 70 van 70 minuten."
    with pytest.raises(ValueError):
        describe("sloop", 0, before, before, 70)
