"""Stored codes are English enums; every code has exactly one Dutch label."""

from __future__ import annotations

import pytest

from backend import vocabulary
from backend.accounts import service as account_service
from backend.models.account import ROLE_LABELS, Role
from backend.models.editorial import DRAFT_STATE_LABELS, DraftState
from backend.models.item import ItemStatus
from backend.models.live import LIVE_STATUS_LABELS, ROUND_STATE_LABELS, LiveStatus, RoundState
from backend.web.templating import label


@pytest.mark.parametrize(
    ("codes", "labels", "field"),
    [
        (Role, ROLE_LABELS, "role"),
        (DraftState, DRAFT_STATE_LABELS, "draft_state"),
        (LiveStatus, LIVE_STATUS_LABELS, "live_status"),
        (RoundState, ROUND_STATE_LABELS, "round_state"),
    ],
)
def test_every_code_has_a_dutch_label_and_templates_show_it(codes, labels, field):
    assert set(labels) == set(codes)
    for code in codes:
        assert code.value.isascii() and code.value == code.value.lower()
        assert label(code.value, field) == labels[code]


def test_item_statuses_are_the_terms_of_the_status_vocabulary():
    assert list(vocabulary.STATUSES.slugs) == [status.value for status in ItemStatus]
    assert vocabulary.STATUSES.label_of(ItemStatus.PUBLISHED) == "Gepubliceerd"


def test_account_roles_and_the_roles_of_office_holders_are_different_names():
    assert not hasattr(account_service, "ROLES")
    assert "burgemeester" in vocabulary.ROLES
