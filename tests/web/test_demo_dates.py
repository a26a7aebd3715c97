"""The demo reads like a real month's work: each step dated when it happened, none after the load, the
late submissions exactly those submitted after their due date, and the pages show the same dates."""

import re
from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from rectify.audit.models import AuditEvent
from rectify.core.calendar import official_calendar
from rectify.demo.loader import load_demo
from rectify.demo.rounds import opening_day
from rectify.ledger.models import TaskProgress
from rectify.notifications.models import Message
from rectify.rounds.models import DispatchRound, Submission
from rectify.rounds.selectors import round_board


@pytest.fixture
def demo(db):
    before = timezone.now()
    load_demo()
    return before, timezone.now()


def _local(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def test_late_submissions_are_exactly_those_submitted_after_the_due_date_and_the_board_agrees(demo, client):
    submitted = list(Submission.objects.exclude(submitted_at=None).select_related("round", "unit"))
    after_due = {s.pk for s in submitted if timezone.localdate(s.submitted_at) > s.round.due_on}
    assert {s.pk for s in Submission.objects.filter(late=True)} == after_due
    assert len(after_due) == 2 and len(submitted) - len(after_due) > 20  # one late unit in each locked round

    assert client.login(username="office", password="rectify")
    for dispatch_round in DispatchRound.objects.order_by("number"):
        late_here = sum(1 for s in submitted if s.round_id == dispatch_round.pk and s.pk in after_due)
        assert round_board(dispatch_round).counts["late"] == late_here
        page = client.get(f"/rounds/{dispatch_round.pk}/").content.decode()
        assert f"逾期报送{late_here}。" in page
        for s in submitted:
            if s.round_id == dispatch_round.pk:
                assert f"报送于{_local(s.submitted_at)}" in page  # the board shows the stored time


def test_every_step_is_dated_in_order_and_none_after_the_load(demo):
    _before, after = demo
    for round_ in DispatchRound.objects.all():
        assert round_.opened_at.date() < round_.as_of  # opened before its month ended
        for s in round_.submissions.exclude(submitted_at=None):
            assert round_.opened_at < s.submitted_at
            if s.accepted_at:
                assert s.submitted_at < s.accepted_at
            if s.returned_at and s.state == "returned":
                assert s.submitted_at < s.returned_at
            if round_.locked_at:
                assert (s.accepted_at or s.submitted_at) < round_.locked_at
    stamps = [
        *Message.objects.values_list("created_at", flat=True),
        *AuditEvent.objects.values_list("at", flat=True),
        *TaskProgress.objects.values_list("reported_at", flat=True),
        *DispatchRound.objects.values_list("opened_at", flat=True),
        *Submission.objects.exclude(submitted_at=None).values_list("submitted_at", flat=True),
    ]
    assert max(stamps) <= after
    # People act on working days (the rounds' steps; the ledger's own changes stand as of today).
    calendar = official_calendar()
    days = {
        timezone.localdate(s.submitted_at)
        for s in Submission.objects.filter(round__state="locked", submitted_at__isnull=False)
    }
    assert days and all(calendar.is_working_day(d) for d in days)


def test_messages_are_dated_when_their_event_happened_and_the_pages_show_those_dates(demo, client):
    messages = Message.objects.all()
    assert messages.values("created_at").distinct().count() > 10
    round_type = ContentType.objects.get_for_model(Submission)
    for message in messages.filter(event="rounds.round.open").select_related("object_type"):
        submission = Submission.objects.select_related("round").get(pk=message.object_id)
        assert message.object_type == round_type and message.created_at == submission.round.opened_at
    returns = messages.filter(event="rounds.submission.return")
    assert returns.count() == 3
    for message in returns:
        [event] = AuditEvent.objects.filter(code="rounds.submission.return", object_id=message.object_id)
        assert message.created_at == event.at
    first_event = AuditEvent.objects.order_by("at").first()
    assigned = messages.filter(event="ledger.task.assigned").order_by("created_at").first()
    assert (
        assigned.created_at.date()
        == first_event.at.date()
        < DispatchRound.objects.order_by("number")[0].opened_at.date()
    )

    open_return = returns.get(object_id=str(Submission.objects.get(state="returned").pk))
    assert client.login(username="liaison", password="rectify")
    listing = client.get("/messages/").content.decode()
    shown = timezone.localtime(open_return.created_at)
    assert f"{shown.month}月{shown.day}日 {shown:%H:%M}" in listing
    desk = client.get("/desk/").content.decode()
    assert re.search(rf"{shown:%m-%d %H:%M}", desk)


def test_the_rounds_open_on_working_days_counted_from_the_load_date(db):
    calendar = official_calendar()
    # 2026: 中秋 on Friday 25 September, so September's round opens on Thursday the 24th.
    assert opening_day(calendar, date(2026, 12, 1), 3) == date(2026, 9, 24)
    assert opening_day(calendar, date(2026, 12, 1), 1) == date(2026, 11, 27)
    assert opening_day(calendar, date(2027, 1, 15), 1) == date(2026, 12, 28)
