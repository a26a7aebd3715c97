"""Review of issue 10, messages: "reminders go out as at most one digest per person per day". The daily
command runs again on the same day (`./run` runs it at every start; an administrator reruns a failed
timer run): the reminders are written again."""

from datetime import date
from io import StringIO

from django.core.management import call_command

from rectify.notifications.delivery import delivery_content
from rectify.notifications.models import Delivery, Digest, Message
from rectify.rounds import services
from review_support import at, open_round


def test_running_the_daily_command_twice_on_a_day_does_not_remind_twice(world, monkeypatch):
    w = world
    w.liaison.email = "shihe@example.cn"
    w.liaison.save()
    monkeypatch.setattr(services, "now", lambda: at(date(2023, 11, 1)))
    open_round(w, due_on=date(2023, 11, 7))  # nobody submits
    for _ in range(2):
        call_command("scheduled", "--date", "2023-11-08", stdout=StringIO())
    missing = Message.objects.filter(recipient=w.liaison, event="rounds.submission.missing")
    assert missing.count() == 1, [m.subject for m in missing]  # fails: 2, the bell shows both
    call_command("scheduled", "--date", "2023-11-09", stdout=StringIO())
    digest = Digest.objects.get(recipient=w.liaison, channel="email", day=date(2023, 11, 9))
    _subject, text = delivery_content(Delivery.objects.get(digest=digest))
    assert text.count("调度报送已逾期") == 1, text  # the next day's digest repeats the 8th's second copy
