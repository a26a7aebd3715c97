"""The demo's dispatch rounds: two locked months and the last month still open, with a realistic mix of
submissions (accepted, submitted, returned with a comment and resubmitted, late, draft, missing).

Everything goes through `rounds.services`, each step at the moment it happens (`DemoClock`): a round
opens on the last working day at least three days before its month ends and is due five working days
later; units submit on different working days and hours up to the due date, the late unit two working
days after it; the office returns a weak report the next working morning and accepts a submission the
working day after it; it locks four working days after the due date. In the open round, everything
happened on the working days between its opening and yesterday. So the submissions' times, the late
flags (a submission is late exactly when submitted after its due date), the messages, the audit events
and the snapshots' as-of dates read like a real month's work, all before the moment of the load.
Locking a past round does not overwrite the ledger's later progress (the demo ledger's progress is
dated today): the services skip it and say so in the lock's audit event; the snapshots then show each
task as it stands.
"""

from datetime import date, timedelta

from rectify.core.calendar import official_calendar
from rectify.demo import content
from rectify.demo.clock import DemoClock
from rectify.rounds import services
from rectify.rounds.lifecycle import WRITABLE_STATES
from rectify.rounds.models import Submission

OPENS_BEFORE_MONTH_END = 3  # days
DUE_WORKING_DAYS = 5


def month_back(today: date, months: int) -> tuple[date, date]:
    """First and last day of the month `months` before today's."""
    first = today.replace(day=1)
    for _ in range(months):
        first = (first - timedelta(days=1)).replace(day=1)
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return first, last


def working_day_on_or_before(calendar, day: date) -> date:
    """`day`, or the last working day before it (people act on working days)."""
    return day if calendar.is_working_day(day) else calendar.add_working_days(day, -1).date


def opening_day(calendar, today: date, months_back: int) -> date:
    """The day the round of the month `months_back` before today's opens: the last working day on or
    before three days before that month ends."""
    last = month_back(today, months_back)[1]
    return working_day_on_or_before(calendar, last - timedelta(days=OPENS_BEFORE_MONTH_END))


def _lines(submission, k: int, text: str | None = None) -> dict:
    return {
        line.task_id: {
            "progress_text": text or content.ROUND_PROGRESS[k % 3],
            "problems": content.ROUND_PROBLEMS[k % 3],
            "next_plan": content.ROUND_NEXT[k % 3],
        }
        for line in submission.lines.all()
    }


def load_rounds(*, office, inspection, liaisons: dict, units: dict, today: date, clock: DemoClock) -> int:
    """Open three monthly rounds (three, two and one month back), fill and lock the first two.
    `liaisons`: unit key -> the liaison user. Returns the number of rounds."""
    calendar = official_calendar()
    workday = calendar.add_working_days
    by_unit = {units[key].pk: (key, user) for key, user in liaisons.items()}
    for back, k in ((3, 0), (2, 1), (1, 2)):
        last = month_back(today, back)[1]
        opened_on = opening_day(calendar, today, back)
        locked = back > 1
        with clock.at(opened_on, 9):
            dispatch_round = services.round_open(
                actor=office,
                inspection=inspection,
                period=f"{last.year}年{last.month}月",
                as_of=last,
                due_working_days=DUE_WORKING_DAYS if locked else None,
                due_on=None if locked else workday(today, 3).date,
            )
        due = dispatch_round.due_on
        # The open round's working days so far, its opening day and today excluded (today's hours may
        # not have come yet); every day when fewer than three are working days.
        days_so_far = [opened_on + timedelta(days=d) for d in range(1, (today - opened_on).days)]
        open_days = [d for d in days_so_far if calendar.is_working_day(d)]
        if len(open_days) < 3:
            open_days = days_so_far  # a round opened just before a weekend: the units work through it
        submissions = Submission.objects.filter(round=dispatch_round).select_related("unit", "round")
        for n, submission in enumerate(submissions.order_by("unit__sort_order")):
            key, liaison = by_unit.get(submission.unit_id, (None, None))
            if liaison is None or key in content.ROUND_MISSING:
                continue  # no liaison reports for it: missing
            if not locked:
                day = open_days[n % len(open_days)]
            elif key in content.ROUND_LATE:
                day = workday(due, 2).date  # two working days late
            elif key in content.ROUND_RETURNED:
                day = workday(due, -2).date  # returned the next working day, resubmitted that day: on time
            else:
                day = max(workday(due, -(n % 4)).date, workday(opened_on, 1).date)
            hour = 9 + (n * 5) % 8  # 9:00 … 16:00
            if not locked and n % 3 == 2 and key not in content.ROUND_RETURNED:
                with clock.at(day, hour):
                    services.submission_save_draft(
                        actor=liaison, submission=submission, lines=_lines(submission, k)
                    )
                continue  # still a draft in the open round
            with clock.at(day, hour, 20):
                services.submission_save_draft(
                    actor=liaison, submission=submission, lines=_lines(submission, k)
                )
            with clock.at(day, hour, 40):
                services.submission_submit(actor=liaison, submission=submission)
            if key in content.ROUND_RETURNED:
                if not locked:
                    with clock.at(day, 17):
                        services.submission_return(
                            actor=office, submission=submission, comment=content.ROUND_RETURN_COMMENT
                        )
                    continue  # the open round: returned, waiting for the unit
                day = workday(day, 1).date
                with clock.at(day, 10):
                    services.submission_return(
                        actor=office, submission=submission, comment=content.ROUND_RETURN_COMMENT
                    )
                with clock.at(day, 16):
                    services.submission_save_draft(
                        actor=liaison,
                        submission=submission,
                        lines=_lines(submission, k, content.ROUND_RESUBMIT_TEXT),
                    )
                    services.submission_submit(actor=liaison, submission=submission)
            if locked or n % 2 == 0:
                accepted_on = workday(day, 1).date
                if not locked and accepted_on >= today:
                    accepted_on = day  # the open round: the same evening, not a day still to come
                with clock.at(accepted_on, 17 if accepted_on == day else 11):
                    services.submission_accept(
                        actor=office, submission=Submission.objects.get(pk=submission.pk)
                    )
        if locked:
            with clock.at(workday(due, 4).date, 18):
                services.round_lock(actor=office, dispatch_round=dispatch_round)
    assert (
        not Submission.objects.filter(round__inspection=inspection, round__state="open")
        .exclude(state__in=[*WRITABLE_STATES, "submitted", "accepted"])
        .exists()
    )
    return 3
