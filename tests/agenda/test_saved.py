"""Editing operations on an agenda's blocks: each checks its input and changes nothing else."""

from __future__ import annotations

import pytest

from backend.agenda.model import Block
from backend.agenda.saved import (
    AgendaEditError,
    distribute,
    move,
    remove,
    request_from_dict,
    request_to_dict,
    set_minutes,
)
from tests.agenda.test_build import request


def blocks() -> list[Block]:
    return [
        Block("opening", "Opening", 5),
        Block("dilemma", "D1", 20),
        Block("dilemma", "D2", 20),
        Block("agreements", "Afspraken", 10),
        Block("closing", "Afsluiting", 5),
    ]


def test_move_up_and_down_within_bounds():
    assert [b.title for b in move(blocks(), 1, 1)][1:3] == ["D2", "D1"]
    with pytest.raises(AgendaEditError, match="niet verder"):
        move(blocks(), 0, -1)
    with pytest.raises(AgendaEditError, match="bestaat niet"):
        move(blocks(), 9, 1)


def test_remove_and_minutes():
    assert len(remove(blocks(), 1)) == 4
    with pytest.raises(AgendaEditError):
        remove([Block("opening", "Opening", 5)], 0)
    assert set_minutes(blocks(), 1, "25")[1].minutes == 25
    for bad in ("0", "241", "-3", "tien", ""):
        with pytest.raises(AgendaEditError, match="heel getal"):
            set_minutes(blocks(), 1, bad)


def test_distribute_fills_or_trims_the_dilemmas_exactly():
    longer = distribute(blocks(), 75)
    assert sum(b.minutes for b in longer) == 75 and [b.minutes for b in longer][1:3] == [28, 27]
    shorter = distribute(blocks(), 50)
    assert sum(b.minutes for b in shorter) == 50
    with pytest.raises(AgendaEditError, match="langer dan de bijeenkomst"):
        distribute(blocks(), 20)


def test_request_round_trip():
    original = request(themes=("nevenfuncties",), roles=("raadslid",))
    assert request_from_dict(request_to_dict(original)) == original
