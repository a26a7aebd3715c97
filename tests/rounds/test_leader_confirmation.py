"""领导审核 (a leader of the unit confirms before the office): a unit with no leader who may confirm is
not stuck, and nobody confirms their own submission."""

import pytest
from django.core.exceptions import ValidationError

from rectify.audit.models import AuditEvent
from rectify.notifications.models import Message
from rectify.orgunits.models import Role
from rectify.orgunits.services import role_assign
from rectify.rounds import services
from rectify.rounds.lifecycle import SubmissionAction, SubmissionState, confirmation_refusal
from rectify.rounds.models import RoundSchedule
from rounds_pages import client_for, open_round, submission_of, unit_leader

OFFLINE = "离线报送表「州生态环境局.xlsx」"


@pytest.fixture
def confirming(world):
    RoundSchedule.objects.create(inspection=world.inspection, leader_confirmation=True, active=False)
    return world


def fill(actor, submission, on_behalf=""):
    lines = {
        line.task_id: {"progress_text": "已安装计量设施30套", "percent": 30}
        for line in submission.lines.all()
    }
    services.submission_save_draft(actor=actor, submission=submission, lines=lines, on_behalf=on_behalf)
    return services.submission_submit(actor=actor, submission=submission, on_behalf=on_behalf)


def test_an_offline_units_form_entered_by_the_office_goes_to_the_office_and_can_be_accepted(confirming):
    """The department has no account at all (that is why it is offline): with 领导审核 on, nobody could
    ever confirm the form the office enters for it. It goes straight to the office, which is told, and
    the log says why."""
    w = confirming
    dept = fill(w.office, submission_of(open_round(w), w.dept), on_behalf=OFFLINE)
    assert dept.state == SubmissionState.SUBMITTED and dept.without_leader
    event = AuditEvent.objects.filter(code="rounds.submission.submit", object_id=str(dept.pk)).get()
    assert event.changes["without_leader"] == [None, True] and "本单位无审核领导" in event.reason
    told = Message.objects.filter(event="rounds.submission.confirm_wait")
    assert [m.recipient for m in told] == [w.office] and "本单位无审核领导" in told[0].body
    services.submission_accept(actor=w.office, submission=dept)
    dept.refresh_from_db()
    assert dept.state == SubmissionState.ACCEPTED


def test_a_unit_with_a_leader_still_waits_for_its_leader(confirming):
    w = confirming
    leader = unit_leader(w)
    a = fill(w.liaison, submission_of(open_round(w), w.county_a))
    assert not a.without_leader
    assert [m.recipient for m in Message.objects.filter(event="rounds.submission.confirm_wait")] == [leader]
    with pytest.raises(ValidationError, match="尚未经本单位领导审核"):
        services.submission_accept(actor=w.office, submission=a)
    page = client_for(w.office).get(f"/rounds/{a.round_id}/").content.decode()
    assert 'data-testid="without-leader"' not in page


def test_nobody_confirms_their_own_submission(confirming):
    """One person holds both roles of the county: liaison and leader. Confirming what they submitted
    themselves would be no confirmation: refused, saying why; another leader of the unit may."""
    w = confirming
    role_assign(user=w.liaison, role=Role.LEADER, unit=w.county_a)
    other = unit_leader(w)
    a = fill(w.liaison, submission_of(open_round(w), w.county_a))
    assert not a.without_leader  # another leader may confirm
    assert [m.recipient for m in Message.objects.filter(event="rounds.submission.confirm_wait")] == [other]
    with pytest.raises(ValidationError, match="您本人提交的，不能由您本人审核"):
        services.submission_confirm(actor=w.liaison, submission=a)
    page = client_for(w.liaison).get(f"/rounds/submissions/{a.pk}/").content.decode()
    assert 'data-testid="confirm"' not in page
    assert 'data-testid="waiting"' not in client_for(w.liaison).get("/desk/").content.decode()
    assert 'data-testid="waiting"' in client_for(other).get("/desk/").content.decode()
    services.submission_confirm(actor=other, submission=a)
    a.refresh_from_db()
    assert a.state == SubmissionState.CONFIRMED and a.confirmed_by == other


def test_the_only_leader_who_submitted_sends_it_to_the_office(confirming):
    """The county's only leader is its liaison too: no one else may confirm, so it goes to the office,
    and the board says why the office may accept it unconfirmed."""
    w = confirming
    role_assign(user=w.liaison, role=Role.LEADER, unit=w.county_a)
    a = fill(w.liaison, submission_of(open_round(w), w.county_a))
    assert a.without_leader
    board = client_for(w.office).get(f"/rounds/{a.round_id}/").content.decode()
    assert "报送时本单位无审核领导，直接报整改办" in board and 'data-testid="accept"' in board
    page = client_for(w.liaison).get(f"/rounds/submissions/{a.pk}/").content.decode()
    assert "报送时本单位无审核领导，直接报整改办审核" in page
    services.submission_accept(actor=w.office, submission=a)


def test_the_rule_refuses_confirming_ones_own_and_lets_a_leaderless_submission_through():
    S, A = SubmissionState, SubmissionAction
    assert confirmation_refusal(A.CONFIRM, S.SUBMITTED, requires_confirmation=True, own_submission=True)
    assert (
        confirmation_refusal(A.ACCEPT, S.SUBMITTED, requires_confirmation=True, without_leader=True) is None
    )
    assert confirmation_refusal(A.ACCEPT, S.SUBMITTED, requires_confirmation=True, without_leader=False)
