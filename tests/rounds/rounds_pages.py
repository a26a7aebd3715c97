"""What the rounds page tests share: a round opened on the test world, logged-in clients, the people
of the permission matrix, and everything a refused write must leave as it was."""

from datetime import UTC, date, datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from rectify.audit.models import AuditEvent
from rectify.orgunits.models import Role
from rectify.orgunits.services import role_assign
from rectify.rounds import services
from rectify.rounds.models import (
    DispatchRound,
    Evidence,
    MeasureLine,
    RoundSchedule,
    Submission,
    SubmissionLine,
)
from support import make_user


def open_round(w, period="2023年10月", due_on=date(2099, 1, 1)):
    return services.round_open(
        actor=w.office, inspection=w.inspection, period=period, as_of=date(2023, 10, 31), due_on=due_on
    )


def at(day: date, hour: int = 2) -> datetime:
    """A moment of `day` (02:00 UTC, 10:00 in Asia/Shanghai), for a service's clock."""
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC)


def fill_and_submit(actor, submission, text="本期完成设备安装", percent=50, **extra):
    """Every line of the submission filled with the same words, then submitted."""
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


def submission_of(dispatch_round, unit) -> Submission:
    return Submission.objects.get(round=dispatch_round, unit=unit)


def unit_leader(w):
    """A leader of 石河县 (who confirms its submissions), made once per world."""
    if not hasattr(w, "county_leader"):
        w.county_leader = make_user("county_leader", full_name="石河县长")
        role_assign(user=w.county_leader, role=Role.LEADER, unit=w.county_a)
    return w.county_leader


def people(w) -> dict:
    """The permission matrix's rows: who, by name."""
    return {
        "anonymous": None,
        "other_liaison": w.other_liaison,
        "liaison": w.liaison,
        "leader": unit_leader(w),
        "office": w.office,
        "other_office": w.other_office,
    }


def pdf(name="佐证.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 evidence", content_type="application/pdf")


def everything() -> tuple:
    """Every row a rounds page could write, as plain values: a refused write must leave it equal."""
    return (
        list(DispatchRound.objects.order_by("pk").values_list("pk", "state", "due_on")),
        list(
            Submission.objects.order_by("pk").values_list(
                "pk", "state", "version", "late", "returned_comment", "submit_count"
            )
        ),
        list(SubmissionLine.objects.order_by("pk").values_list("pk", "progress_text", "percent", "problems")),
        list(MeasureLine.objects.order_by("pk").values_list("pk", "progress_text")),
        list(Evidence.objects.order_by("pk").values_list("pk", "original_name")),
        list(RoundSchedule.objects.order_by("pk").values_list("pk", "cadence", "day", "leader_confirmation")),
        AuditEvent.objects.count(),
    )
