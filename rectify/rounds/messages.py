"""The messages dispatch rounds send (消息提醒), each named by the audit code of its event.

    rounds.round.open              round opened: to each unit's liaisons, with the due date
    rounds.submission.return       submission returned: to the unit's liaisons, with the comment
    rounds.submission.confirm_wait submitted, waiting for a leader's confirmation: to the unit's leaders
                                   (but the submitter); to the office when the unit has none
    rounds.submission.due_soon     (scheduled) due within DUE_SOON_DAYS days and not yet submitted: a
                                   reminder, once per submission and due date (a missed daily run does
                                   not skip it: the next run sends it)
    rounds.submission.missing      (scheduled) past the due date and not submitted: a reminder, once a day
    rounds.round.remind            the office's "提醒未报单位": to the liaisons of the units not yet
                                   submitted, at once (the office asked now: not held for a digest);
                                   at most once an hour per round (services.REMIND_INTERVAL)

Each function computes the recipients and calls `notifications.notify` in the caller's transaction, so
a message exists exactly when the change that causes it commits. Reminders are `digest=True`: at most
one digest per person per day gathers them (notifications.delivery); each carries a key
(`notifications.once_key`), so the daily command run twice on a day reminds no one twice.
"""

from datetime import date, timedelta

from django.urls import reverse

from rectify.notifications.services import Notice, notify, notify_many, once_key
from rectify.orgunits.models import Role
from rectify.orgunits.people import people_holding, people_holding_each
from rectify.rounds.lifecycle import SubmissionState
from rectify.rounds.models import DispatchRound, RoundState, Submission

DUE_SOON_DAYS = 3
NOT_IN = (SubmissionState.NOT_STARTED, SubmissionState.DRAFT, SubmissionState.RETURNED)


people_of = people_holding  # the unit's liaisons or leaders


def _url(submission: Submission) -> str:
    return reverse("rounds:submission", args=[submission.pk])


def _liaisons_told(submissions, event: str, words, *, digest: bool = False, once=None) -> list:
    """One message per submission to its unit's liaisons, `words(submission)` giving (subject, body) and
    `once(submission)` a reminder's key; the recipients in one query and the messages in one batch,
    however many units. Returns the messages."""
    submissions = list(submissions)
    liaisons = people_holding_each([s.unit for s in submissions], Role.LIAISON)
    notices = []
    for submission in submissions:
        subject, body = words(submission)
        key = once(submission) if once else ""
        notices.append(Notice(liaisons[submission.unit_id], subject, body, _url(submission), submission, key))
    return notify_many(event=event, notices=notices, digest=digest)


def _day(value: date) -> str:
    return f"{value:%Y}年{value.month}月{value.day}日"


def round_opened(dispatch_round: DispatchRound) -> None:
    """To the liaisons of every unit with a submission in the round."""
    inspection = dispatch_round.inspection
    _liaisons_told(
        dispatch_round.submissions.select_related("unit"),
        "rounds.round.open",
        lambda s: (
            f"{inspection.name}·{dispatch_round.period}调度已开启",
            f"{s.unit.name}：请于{_day(dispatch_round.due_on)}前报送截至{_day(dispatch_round.as_of)}的整改进展。",
        ),
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


def confirming_leaders(unit, *, submitted_by) -> list:
    """The people who may confirm `unit`'s submission: its leaders but the one who submitted it."""
    return [p for p in people_of(unit, Role.LEADER) if p.pk != getattr(submitted_by, "pk", None)]


def confirmation_waiting(submission: Submission) -> None:
    """When the round asks for a leader's confirmation before the office: to the unit's leaders (but
    the submitter); when it has no leader who may confirm (`without_leader`), to the office instead."""
    if submission.without_leader:
        notify(
            recipients=people_of(submission.round.inspection.unit, Role.OFFICE),
            event="rounds.submission.confirm_wait",
            subject=f"{submission.unit.name}{submission.round.period}调度报送待整改办审核",
            body="本单位无审核领导（没有可审核的领导账号），报送直接提交整改办，请审核。",
            url=_url(submission),
            obj=submission,
        )
        return
    notify(
        recipients=confirming_leaders(submission.unit, submitted_by=submission.submitted_by),
        event="rounds.submission.confirm_wait",
        subject=f"{submission.unit.name}{submission.round.period}调度报送待您审核",
        body="本单位联络员已报送，请审核后提交整改办。",
        url=_url(submission),
        obj=submission,
    )


def missing_reminded(dispatch_round: DispatchRound) -> list:
    """The office reminds the units of `dispatch_round` that have not submitted: one message to each of
    their liaisons. Returns the people told (each once)."""
    waiting = (
        dispatch_round.submissions.filter(state__in=NOT_IN).select_related("unit").order_by("unit__path")
    )
    sent = _liaisons_told(
        waiting,
        "rounds.round.remind",
        lambda s: (
            f"请尽快报送{dispatch_round.period}调度",
            f"{s.unit.name}的报送尚未提交，截止日期{_day(dispatch_round.due_on)}（{dispatch_round.inspection.name}）。",
        ),
    )
    return list({m.recipient_id: m.recipient for m in sent}.values())


def _due_in(today: date, due_on: date) -> str:
    days = (due_on - today).days
    return "今天截止" if days == 0 else f"{days}天后截止"


def reminders(today: date) -> str:
    """The scheduled reminders of the day (digested): due within DUE_SOON_DAYS days, once per submission
    and due date; missing after the due date, once a day. Run twice on a day, the second run sends none."""
    open_rounds = DispatchRound.objects.filter(state=RoundState.OPEN)
    waiting = Submission.objects.filter(round__in=open_rounds, state__in=NOT_IN).select_related(
        "round", "unit"
    )
    soon = _liaisons_told(
        waiting.filter(round__due_on__gte=today, round__due_on__lte=today + timedelta(days=DUE_SOON_DAYS)),
        "rounds.submission.due_soon",
        lambda s: (
            f"{s.round.period}调度报送{_due_in(today, s.round.due_on)}",
            f"{s.unit.name}的报送尚未提交，截止日期{_day(s.round.due_on)}。",
        ),
        digest=True,
        once=lambda s: once_key("rounds.submission.due_soon", s, s.round.due_on),
    )
    missing = _liaisons_told(
        waiting.filter(round__due_on__lt=today),
        "rounds.submission.missing",
        lambda s: (
            f"{s.round.period}调度报送已逾期",
            f"{s.unit.name}的报送已过截止日期{_day(s.round.due_on)}，请尽快报送（逾期报送将被记录）。",
        ),
        digest=True,
        once=lambda s: once_key("rounds.submission.missing", s, today),
    )
    return f"临期提醒{len(soon)}条，逾期提醒{len(missing)}条"
