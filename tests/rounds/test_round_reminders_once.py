"""The daily reminders are said once: `rectify scheduled` run again on the same day (`./run` runs it at
every start; an administrator reruns a failed timer run) reminds nobody twice, neither in the bell nor in
the next day's digest; the "due soon" reminder is sent once per submission, and a missed daily run does
not skip it."""

from datetime import date, timedelta
from io import StringIO

from django.core.management import call_command

from rectify.notifications.delivery import delivery_content
from rectify.notifications.models import Delivery, Digest, Message
from rectify.rounds import messages, services
from rounds_pages import at, open_round


def test_running_the_daily_command_twice_on_a_day_does_not_remind_twice(world, monkeypatch):
    w = world
    w.liaison.email = "shihe@example.cn"
    w.liaison.save()
    monkeypatch.setattr(services, "now", lambda: at(date(2023, 11, 1)))
    open_round(w, due_on=date(2023, 11, 7))  # nobody submits
    for _ in range(2):
        call_command("scheduled", "--date", "2023-11-08", stdout=StringIO())
    missing = Message.objects.filter(recipient=w.liaison, event="rounds.submission.missing")
    assert missing.count() == 1, [m.subject for m in missing]
    call_command("scheduled", "--date", "2023-11-09", stdout=StringIO())
    assert missing.count() == 2  # the next day is a new reminder
    digest = Digest.objects.get(recipient=w.liaison, channel="email", day=date(2023, 11, 9))
    _subject, text = delivery_content(Delivery.objects.get(digest=digest))
    assert text.count("调度报送已逾期") == 1, text


def test_the_due_soon_reminder_is_sent_once_and_a_missed_day_does_not_skip_it(world, monkeypatch):
    due = date(2023, 11, 7)
    monkeypatch.setattr(services, "now", lambda: at(date(2023, 11, 1)))
    open_round(world, due_on=due)
    soon = Message.objects.filter(event="rounds.submission.due_soon")
    assert messages.reminders(due - timedelta(days=messages.DUE_SOON_DAYS + 1)) == "临期提醒0条，逾期提醒0条"
    # the run of 4 November was missed: the 5th sends it, saying how many days are left
    assert messages.reminders(due - timedelta(days=2)) == "临期提醒2条，逾期提醒0条"
    assert sorted(soon.values_list("recipient__username", "subject")) == [
        ("liaison", "2023年10月调度报送2天后截止"),
        ("liaison_b", "2023年10月调度报送2天后截止"),
    ]
    assert messages.reminders(due - timedelta(days=2)) == "临期提醒0条，逾期提醒0条"  # run again that day
    assert messages.reminders(due) == "临期提醒0条，逾期提醒0条"  # said once
    assert soon.count() == 2
