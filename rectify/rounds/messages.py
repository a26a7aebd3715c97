"""The messages dispatch rounds send (消息提醒), each named by the audit code of its event.

    rounds.round.open              round opened: to each unit's liaisons, with the due date
    rounds.submission.return       submission returned: to the unit's liaisons, with the comment
    rounds.submission.confirm_wait submitted, waiting for a leader's confirmation: to the unit's leaders
    rounds.submission.due_soon     (scheduled) due in DUE_SOON_DAYS days and not yet submitted: a reminder
    rounds.submission.missing      (scheduled) past the due date and not submitted: a reminder, daily
    rounds.round.remind            the office's "提醒未报单位": to the liaisons of the units not yet
                                   submitted, at once (the office asked now: not held for a digest)

Each function computes the recipients and calls `notifications.notify` in the caller's transaction, so
a message exists exactly when the change that causes it commits. Reminders are `digest=True`: at most
one digest per person per day gathers them (notifications.delivery).
"""

from datetime import date, timedelta

from django.urls import reverse

from rectify.notifications.services import notify
from rectify.orgunits.models import Role
from rectify.orgunits.people import people_holding
from rectify.rounds.lifecycle import SubmissionState
from rectify.rounds.models import DispatchRound, RoundState, Submission

DUE_SOON_DAYS = 3
NOT_IN = (SubmissionState.NOT_STARTED, SubmissionState.DRAFT, SubmissionState.RETURNED)


people_of = people_holding  # the unit's liaisons or leaders


def _url(submission: Submission) -> str:
    return reverse("rounds:submission", args=[submission.pk]) if _has_pages() else ""


def _has_pages() -> bool:
    from django.urls import NoReverseMatch

    try:
        reverse("rounds:submission", args=[1])
    except NoReverseMatch:
        return False
    return True


def round_opened(dispatch_round: DispatchRound) -> None:
    """To the liaisons of every unit with a submission in the round."""
    inspection = dispatch_round.inspection
    for submission in dispatch_round.submissions.select_related("unit"):
        notify(
            recipients=people_of(submission.unit, Role.LIAISON),
            event="rounds.round.open",
            subject=f"{inspection.name}·{dispatch_round.period}调度已开启",
            body=(
                f"{submission.unit.name}：请于{dispatch_round.due_on:%Y年%-m月%-d日}前报送"
                f"截至{dispatch_round.as_of:%Y年%-m月%-d日}的整改进展。"
            ),
            url=_url(submission),
            obj=submission,
        )


def submission_returned(submission: Submission) -> None:
    """To the liaisons of the unit: why it came back."""
    notify(
        recipients=people_of(submission.unit, Role.LIAISON),
        event="rounds.submission.return",
        subject=f"{submission.round.period}调度报送被退回",
        body=f"退回意见：{submission.returned_comment}。请修改后重新报送。",
        url=_url(submission),
        obj=submission,
    )


def confirmation_waiting(submission: Submission) -> None:
    """To the unit's leaders, when the round asks for a leader's confirmation before the office."""
    notify(
        recipients=people_of(submission.unit, Role.LEADER),
        event="rounds.submission.confirm_wait",
        subject=f"{submission.unit.name}{submission.round.period}调度报送待您审核",
        body="本单位联络员已报送，请审核后提交整改办。",
        url=_url(submission),
        obj=submission,
    )


def missing_reminded(dispatch_round: DispatchRound) -> list:
    """The office reminds the units of `dispatch_round` that have not submitted: one message to each of
    their liaisons. Returns the people told (each once)."""
    told = {}
    waiting = dispatch_round.submissions.filter(state__in=NOT_IN).select_related("unit")
    for submission in waiting.order_by("unit__path"):
        people = list(people_of(submission.unit, Role.LIAISON))
        notify(
            recipients=people,
            event="rounds.round.remind",
            subject=f"请尽快报送{dispatch_round.period}调度",
            body=(
                f"{submission.unit.name}的报送尚未提交，截止日期{dispatch_round.due_on:%Y年%-m月%-d日}"
                f"（{dispatch_round.inspection.name}）。"
            ),
            url=_url(submission),
            obj=submission,
        )
        told.update({person.pk: person for person in people})
    return list(told.values())


def reminders(today: date) -> str:
    """The scheduled reminders of the day: due soon, and missing after the due date (digested)."""
    open_rounds = DispatchRound.objects.filter(state=RoundState.OPEN)
    waiting = Submission.objects.filter(round__in=open_rounds, state__in=NOT_IN).select_related(
        "round", "unit"
    )
    soon = missing = 0
    for submission in waiting.filter(round__due_on=today + timedelta(days=DUE_SOON_DAYS)):
        soon += len(
            notify(
                recipients=people_of(submission.unit, Role.LIAISON),
                event="rounds.submission.due_soon",
                subject=f"{submission.round.period}调度报送{DUE_SOON_DAYS}天后截止",
                body=f"{submission.unit.name}的报送尚未提交，截止日期{submission.round.due_on:%Y年%-m月%-d日}。",
                url=_url(submission),
                obj=submission,
                digest=True,
            )
        )
    for submission in waiting.filter(round__due_on__lt=today):
        missing += len(
            notify(
                recipients=people_of(submission.unit, Role.LIAISON),
                event="rounds.submission.missing",
                subject=f"{submission.round.period}调度报送已逾期",
                body=(
                    f"{submission.unit.name}的报送已过截止日期{submission.round.due_on:%Y年%-m月%-d日}，"
                    "请尽快报送（逾期报送将被记录）。"
                ),
                url=_url(submission),
                obj=submission,
                digest=True,
            )
        )
    return f"临期提醒{soon}条，逾期提醒{missing}条"
