"""What the review's tests share: a round opened on the test world (tests/conftest.py: `world`), filled,
submitted and accepted through the services."""

from datetime import UTC, date, datetime

from django.test import Client

from rectify.rounds import services
from rectify.rounds.models import Submission


def at(day: date, hour: int = 2):
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC)  # 10:00 in Asia/Shanghai


def open_round(w, period="2023年10月", as_of=date(2023, 10, 31), due_on=date(2099, 1, 1)):
    return services.round_open(
        actor=w.office, inspection=w.inspection, period=period, as_of=as_of, due_on=due_on
    )


def submission_of(dispatch_round, unit) -> Submission:
    return Submission.objects.get(round=dispatch_round, unit=unit)


def fill_and_submit(actor, submission, text="本期完成设备安装", percent=50, **extra):
    lines = {
        line.task_id: {"progress_text": text, "percent": percent, **extra} for line in submission.lines.all()
    }
    services.submission_save_draft(actor=actor, submission=submission, lines=lines)
    return services.submission_submit(actor=actor, submission=submission)


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
