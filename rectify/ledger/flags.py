"""Today's schedule flag, stored on each task (`Task.schedule_flag`).

A national office's ledger counts 50,000 tasks by flag on every page; computing each flag in SQL for
that costs more than the page may take. So each task carries its flag for today, written by:

* every service that changes what a flag is computed from (state, progress, deadline, milestones,
  the inspection's tolerance and due-soon window): `flags_refresh` at the end of the change;
* the daily job `flags_refresh_job`, because a flag changes with the date alone. It rewrites only the
  tasks whose flag changed, and records its run (`FlagsRun`).

The ledger trusts the stored flags only when the latest run to start has finished and was for today,
and no task lacks its flag (`flags_fresh`). Otherwise it computes the flags in SQL (the same rule, `schedule_sql`), slower but
never wrong, and asks for the job.
"""

import logging
from datetime import date

from django.core.cache import cache
from django.db import transaction
from django.db.models import Case, F, QuerySet
from django.db.models.lookups import Exact
from django.utils import timezone
from django_tasks import task

from rectify.ledger.models import FlagsRun, Inspection, Task
from rectify.ledger.schedule import ScheduleRule
from rectify.ledger.schedule_sql import schedule_flag_expression

logger = logging.getLogger(__name__)


def flags_refresh(tasks: QuerySet[Task] | None = None, *, on: date | None = None) -> int:
    """Store the flag as of `on` (default today) of `tasks` (default all) whose stored flag differs.

    One UPDATE per inspection (its tolerance and due-soon window are constants in it); returns the
    number of tasks whose flag changed. Call it inside the transaction that changed the tasks. For
    today's flags, should that transaction commit after midnight (a long import), the flags of the
    inspections it touched are written again for the new day.
    """
    today = on is None
    on = on or timezone.localdate()
    tasks = Task.objects.all() if tasks is None else tasks
    inspections = list(
        Inspection.objects.filter(pk__in=tasks.order_by().values("inspection_id")).only(
            "id", "schedule_tolerance", "due_soon_days"
        )
    )
    changed = 0
    for inspection in inspections:
        rule = ScheduleRule(tolerance=inspection.schedule_tolerance, due_soon_days=inspection.due_soon_days)
        flag = schedule_flag_expression(on, rule)
        changed += (
            Task.objects.filter(pk__in=tasks.filter(inspection=inspection).order_by().values("pk"))
            .exclude(Exact(F("schedule_flag"), flag))
            .update(schedule_flag=flag)
        )
    if today and inspections:
        ids = [inspection.pk for inspection in inspections]
        transaction.on_commit(lambda: _after_midnight(ids, on))
    return changed


def _after_midnight(inspection_ids: list[int], computed_on: date) -> None:
    if timezone.localdate() != computed_on:
        with transaction.atomic():
            flags_refresh(Task.objects.filter(inspection_id__in=inspection_ids))


def flags_refresh_day(on: date | None = None) -> int:
    """Bring every task's flag to `on` (default today) and record the run; returns how many changed.

    Each inspection in its own transaction, with the inspection and its tasks locked first: a change to
    the inspection's rule or to one of its tasks then either finishes before (and is read) or waits
    until after (and refreshes the flags itself). Safe to run again, and alongside the services.
    """
    on = on or timezone.localdate()
    run = FlagsRun.objects.create(day=on)  # started, not finished: the ledger stops trusting stored flags
    changed = 0
    for inspection_id in Inspection.objects.order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            list(Inspection.objects.select_for_update().filter(pk=inspection_id).values_list("pk"))
            tasks = Task.objects.filter(inspection_id=inspection_id)
            list(tasks.select_for_update().order_by("pk").values_list("pk"))
            changed += flags_refresh(tasks, on=on)
    run.changed, run.finished_at = changed, timezone.now()
    run.save(update_fields=["changed", "finished_at"])
    return changed


def flags_fresh(on: date) -> bool:
    """Whether the stored flags are the flags as of `on`: `on` is today, the latest run to start was for
    today and has finished (a run in progress, or one for another day as `rectify refresh_flags --date`
    makes, leaves them unknown), and no task lacks its flag (a row written without a service)."""
    if on != timezone.localdate():
        return False
    latest = FlagsRun.objects.order_by("-started_at", "-pk").values_list("day", "finished_at").first()
    if latest is None or latest[0] != on or latest[1] is None:
        return False
    return not Task.objects.order_by().filter(schedule_flag="").exists()


@task()
def flags_refresh_job() -> int:
    """The daily refresh, also asked for by the first ledger read of a day the job has not yet run."""
    return flags_refresh_day()


def flags_refresh_soon(on: date) -> None:
    """Enqueue the refresh for `on`, at most once an hour. A failure to enqueue (the queue's database
    busy) is logged and tried again by a later read: the page it came from is served regardless."""
    key = f"ledger:flags-refresh:{on.isoformat()}"
    if not cache.add(key, True, timeout=3600):
        return
    try:
        flags_refresh_job.enqueue()
    except Exception:
        cache.delete(key)
        logger.exception("could not enqueue the daily flag refresh")


def flag_expression(as_of: date) -> F | Case:
    """What the ledger annotates as each task's `flag` on `as_of`: the stored flag when fresh, else the
    rule computed in SQL (and, when `as_of` is today, the refresh is asked for)."""
    if flags_fresh(as_of):
        return F("schedule_flag")
    if as_of == timezone.localdate():
        flags_refresh_soon(as_of)
    return schedule_flag_expression(as_of)
