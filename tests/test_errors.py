"""Each domain refusal carries the HTTP status of its case and keeps its own attributes."""

from __future__ import annotations

import pytest

from backend.accounts.service import AccountError
from backend.agenda.model import AgendaError
from backend.agenda.saved import AgendaEditError
from backend.catalog.queries import InvalidQuery
from backend.content.store import ImportRefused
from backend.editorial.workflow import (
    ApprovalConflict,
    EditConflict,
    InvalidItem,
    PersonalDataFound,
    WorkflowError,
)
from backend.errors import Conflict, DomainError, Forbidden, Gone, Invalid, NotFound, TooMany
from backend.live.rules import LiveError, LiveReason


@pytest.mark.parametrize(
    ("case", "status"),
    [
        (Invalid, 400),
        (Forbidden, 403),
        (NotFound, 404),
        (Conflict, 409),
        (Gone, 410),
        (TooMany, 429),
    ],
)
def test_each_case_has_its_status_and_message(case, status):
    error = case("Dit bestaat niet.")
    assert isinstance(error, DomainError)
    assert error.status == status and error.message == "Dit bestaat niet."


@pytest.mark.parametrize(
    ("error", "case"),
    [
        (InvalidQuery("Pagina 9 bestaat niet."), Invalid),
        (AgendaError({"minutes": "Kies 30 tot 240 minuten."}), Invalid),
        (AgendaEditError("Dit onderdeel kan niet verder die kant op."), Invalid),
        (AccountError("Onbekende rol.", field="role"), Invalid),
        (ImportRefused([]), Invalid),
        (WorkflowError("Dit item staat niet ter beoordeling."), Invalid),
        (InvalidItem([]), Invalid),
        (PersonalDataFound([]), Invalid),
        (EditConflict(None), Conflict),
        (ApprovalConflict(3, None, None), Conflict),
    ],
)
def test_existing_domain_errors_are_cases_of_the_hierarchy(error, case):
    assert isinstance(error, case)
    assert error.status == case.status


def test_extra_attributes_stay():
    assert AccountError("Te kort.", field="password").field == "password"
    assert AgendaError({"minutes": "Te kort."}).errors == {"minutes": "Te kort."}
    assert isinstance(EditConflict(None), WorkflowError)


@pytest.mark.parametrize(
    ("reason", "status"),
    [
        (LiveReason.NOT_FOUND, 404),
        (LiveReason.FORBIDDEN, 403),
        (LiveReason.INVALID, 409),
        (LiveReason.ENDED, 409),
        (LiveReason.FULL, 409),
        (LiveReason.CLOSED, 403),
    ],
)
def test_a_live_refusal_takes_its_status_from_its_reason(reason, status):
    error = LiveError("Deze sessie is vol.", reason)
    assert isinstance(error, DomainError)
    assert error.status == status and error.reason == reason
    assert LiveError("Kies een onderdeel.").status == 409  # invalid by default
