"""Today's schedule flag, stored on each task (`Task.schedule_flag`).

A national office's ledger counts 50,000 tasks by flag on every page; computing each flag in SQL for
that costs more than the page may take. So each task carries its flag for today, written by:

* every service that changes what a flag is computed from (state, progress, deadline, milestones,
  the inspection's tolerance and due-soon window): `flags_refresh` at the end of the change;
* the daily job `flags_refresh_job`, because a flag changes with the date alone. It rewrites only the
  tasks whose flag changed, then records the day (`FlagsDay`).

The ledger trusts the stored flags only when the latest run was for today and no task lacks its flag
(`flags_fresh`). Otherwise it computes the flags in SQL (the same rule, `schedule_sql`), slower but
never wrong, and asks for the job.
"""

from datetime import date

from django.core.cache import cache
from django.db import transaction
from django.db.models import Case, F, QuerySet
from django.db.models.lookups import Exact
from django.utils import timezone
from django_tasks import task

from rectify.ledger.models import FlagsDay, Inspection, Task
from rectify.ledger.schedule import ScheduleRule
from rectify.ledger.schedule_sql import schedule_flag_expression


def flags_refresh(tasks: QuerySet[Task] | None = None, *, on: date | None = None) -> int:
    """Store the flag as of `on` (default today) of `tasks` (default all) whose stored flag differs.

    One UPDATE per inspection (its tolerance and due-soon window are constants in it); returns the
    number of tasks whose flag changed. Call it inside the transaction that changed the tasks.
    """
    on = on or timezone.localdate()
    tasks = Task.objects.all() if tasks is None else tasks
    inspections = Inspection.objects.filter(pk__in=tasks.order_by().values("inspection_id")).only(
        "id", "schedule_tolerance", "due_soon_days"
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
    return changed


def flags_refresh_day(on: date | None = None) -> int:
    """Bring every task's flag to `on` (default today), one inspection per transaction, and record the day.

    Returns how many flags changed. Safe to run again, and alongside the services.
    """
    on = on or timezone.localdate()
    changed = 0
    for inspection_id in Inspection.objects.order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            changed += flags_refresh(Task.objects.filter(inspection_id=inspection_id), on=on)
    FlagsDay.objects.update_or_create(day=on, defaults={"changed": changed})
    return changed


def flags_fresh(on: date) -> bool:
    """Whether the stored flags are the flags as of `on`: `on` is today, the latest run was for today
    (a run for another day, e.g. `rectify refresh_flags --date`, leaves them that day's), and no task
    lacks its flag (a row written without a service). Two small queries."""
    latest = FlagsDay.objects.order_by("-refreshed_at", "-pk").values_list("day", flat=True).first()
    return (
        on == timezone.localdate()
        and latest == on
        and not Task.objects.order_by().filter(schedule_flag="").exists()
    )


@task()
def flags_refresh_job() -> int:
    """The daily refresh, also asked for by the first ledger read of a day the job has not yet run."""
    return flags_refresh_day()


def flags_refresh_soon(on: date) -> None:
    """Enqueue the refresh for `on`, at most once an hour."""
    if cache.add(f"ledger:flags-refresh:{on.isoformat()}", True, timeout=3600):
        flags_refresh_job.enqueue()


def flag_expression(as_of: date) -> F | Case:
    """What the ledger annotates as each task's `flag` on `as_of`: the stored flag when fresh, else the
    rule computed in SQL (and, when `as_of` is today, the refresh is asked for)."""
    if flags_fresh(as_of):
        return F("schedule_flag")
    if as_of == timezone.localdate():
        flags_refresh_soon(as_of)
    return schedule_flag_expression(as_of)
