"""The submission transition table, walked pair by pair (pure: no database)."""

import pytest

from rectify.rounds.lifecycle import TABLE, SubmissionAction, SubmissionState, confirmation_refusal

S, A = SubmissionState, SubmissionAction
EXPECTED = {
    (S.NOT_STARTED, A.SAVE): (S.DRAFT, {"liaison"}),
    (S.DRAFT, A.SAVE): (S.DRAFT, {"liaison"}),
    (S.RETURNED, A.SAVE): (S.DRAFT, {"liaison"}),
    (S.NOT_STARTED, A.SUBMIT): (S.SUBMITTED, {"liaison"}),
    (S.DRAFT, A.SUBMIT): (S.SUBMITTED, {"liaison"}),
    (S.RETURNED, A.SUBMIT): (S.SUBMITTED, {"liaison"}),
    (S.SUBMITTED, A.CONFIRM): (S.CONFIRMED, {"leader"}),
    (S.SUBMITTED, A.RETURN): (S.RETURNED, {"office", "leader"}),
    (S.CONFIRMED, A.RETURN): (S.RETURNED, {"office"}),
    (S.SUBMITTED, A.ACCEPT): (S.ACCEPTED, {"office"}),
    (S.CONFIRMED, A.ACCEPT): (S.ACCEPTED, {"office"}),
}


@pytest.mark.parametrize("state", list(S))
@pytest.mark.parametrize("action", list(A))
def test_every_state_and_action(state, action):
    found = TABLE.find(state, action)
    expected = EXPECTED.get((state, action))
    if expected is None:
        assert found is None
    else:
        assert (found.target, set(found.by)) == expected


def test_nothing_leaves_accepted_and_the_confirmation_setting_gates_two_steps():
    assert TABLE.allowed(S.ACCEPTED, {"liaison", "leader", "office"}) == []
    assert confirmation_refusal(A.CONFIRM, S.SUBMITTED, requires_confirmation=False)
    assert confirmation_refusal(A.CONFIRM, S.SUBMITTED, requires_confirmation=True) is None
    assert confirmation_refusal(A.ACCEPT, S.SUBMITTED, requires_confirmation=True)
    assert confirmation_refusal(A.ACCEPT, S.CONFIRMED, requires_confirmation=True) is None
    assert confirmation_refusal(A.ACCEPT, S.SUBMITTED, requires_confirmation=False) is None
