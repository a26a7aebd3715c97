"""The demo's dispatch rounds: two locked months and the last month still open, with a realistic mix of
submissions (accepted, submitted, returned with a comment and resubmitted, late, draft, missing).

Everything goes through `rounds.services`, with the services' clock (`services.now`, the one place
meant for setting it) put back to the day each step happens, so that submission, return and lock
times, the late flags and the snapshots' as-of dates are real past dates. Locking a past round does not
overwrite the ledger's later progress (the demo ledger's progress is dated today): the services skip
it and say so in the lock's audit event; the snapshots then show each task as it stands.
"""

from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

from rectify.demo import content
from rectify.rounds import services
from rectify.rounds.lifecycle import WRITABLE_STATES
from rectify.rounds.models import Submission


@contextmanager
def _clock(day: date, hour: int = 10):
    """The rounds services' clock set to `day` at `hour` (Beijing time)."""
    moment = datetime(day.year, day.month, day.day, hour - 8, 0, tzinfo=UTC)
    real = services.now
    services.now = lambda: moment
    try:
        yield
    finally:
        services.now = real


def _month_back(today: date, months: int) -> tuple[date, date]:
    """First and last day of the month `months` before today's."""
    first = today.replace(day=1)
    for _ in range(months):
        first = (first - timedelta(days=1)).replace(day=1)
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return first, last


def _lines(submission, k: int, text: str | None = None) -> dict:
    return {
        line.task_id: {
            "progress_text": text or content.ROUND_PROGRESS[k % 3],
            "problems": content.ROUND_PROBLEMS[k % 3],
            "next_plan": content.ROUND_NEXT[k % 3],
        }
        for line in submission.lines.all()
    }


def load_rounds(*, office, inspection, liaisons: dict, units: dict, today: date) -> int:
    """Open three monthly rounds (three, two and one month back), fill and lock the first two.
    `liaisons`: unit key -> the liaison user. Returns the number of rounds."""
    by_unit = {units[key].pk: (key, user) for key, user in liaisons.items()}
    for back, k in ((3, 0), (2, 1), (1, 2)):
        _first, last = _month_back(today, back)
        opened_on = last - timedelta(days=6)
        locked = back > 1
        with _clock(opened_on, 9):
            dispatch_round = services.round_open(
                actor=office,
                inspection=inspection,
                period=f"{last.year}年{last.month}月",
                as_of=last,
                due_working_days=5 if locked else None,
                due_on=None if locked else max(today + timedelta(days=3), opened_on),
            )
        due = dispatch_round.due_on
        submissions = Submission.objects.filter(round=dispatch_round).select_related("unit", "round")
        for n, submission in enumerate(submissions.order_by("unit__sort_order")):
            key, liaison = by_unit.get(submission.unit_id, (None, None))
            if liaison is None or key in content.ROUND_MISSING:
                continue  # no liaison reports for it: missing
            if not locked and n % 3 == 2 and key not in content.ROUND_RETURNED:
                with _clock(min(due, today) - timedelta(days=1)):
                    services.submission_save_draft(
                        actor=liaison, submission=submission, lines=_lines(submission, k)
                    )
                continue  # still a draft in the open round
            day = due + timedelta(days=2) if key in content.ROUND_LATE else due - timedelta(days=1 + n % 3)
            day = min(day, today)
            with _clock(day, 15):
                services.submission_save_draft(
                    actor=liaison, submission=submission, lines=_lines(submission, k)
                )
                services.submission_submit(actor=liaison, submission=submission)
            if key in content.ROUND_RETURNED:
                with _clock(day, 17):
                    services.submission_return(
                        actor=office, submission=submission, comment=content.ROUND_RETURN_COMMENT
                    )
                if not locked:
                    continue  # the open round: returned, waiting for the unit
                with _clock(day + timedelta(days=1), 11):
                    services.submission_save_draft(
                        actor=liaison,
                        submission=submission,
                        lines=_lines(submission, k, content.ROUND_RESUBMIT_TEXT),
                    )
                    services.submission_submit(actor=liaison, submission=submission)
            if locked or n % 2 == 0:
                with _clock(min(day + timedelta(days=1), today), 16):
                    services.submission_accept(
                        actor=office, submission=Submission.objects.get(pk=submission.pk)
                    )
        if locked:
            with _clock(due + timedelta(days=4), 18):
                services.round_lock(actor=office, dispatch_round=dispatch_round)
    assert (
        not Submission.objects.filter(round__inspection=inspection, round__state="open")
        .exclude(state__in=[*WRITABLE_STATES, "submitted", "accepted"])
        .exists()
    )
    return 3
