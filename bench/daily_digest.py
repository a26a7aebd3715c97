"""The daily run's messages over a national ledger: 7,000 units, 50,000 tasks (target ≤ 60 s).

Self-contained, like round_open.py: migrates the benchmark database, builds inside a transaction a
country of 7,000 units each with a liaison who takes e-mail, 50,000 tasks whose due dates spread over
two years (so on any day some are due in seven days and some passed yesterday), and one open dispatch
round per 1,000 units, due yesterday, that nobody has submitted. Then it times the daily command's
message steps for one day, as `rectify scheduled` runs them:

    ledger.deadline_reminders   tasks due in 7 days / overdue since yesterday (digested reminders)
    rounds.reminders            submissions missing after the due date (digested reminders)
    notifications.digest        one digest per person and channel, its delivery queued

and rolls everything back. Sending the digests is the workers' job (not timed here).

    .venv/bin/python bench/daily_digest.py [--units 7000] [--tasks 50000]
"""

import argparse
import resource
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _env

_env.setup_django()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from rectify.audit.maintenance import audit_maintenance  # noqa: E402
from rectify.core.bulk_insert import insert_rows  # noqa: E402
from rectify.core.scheduled import scheduled_steps  # noqa: E402
from rectify.ledger.models import Inspection, Task  # noqa: E402
from rectify.notifications.models import Delivery, Message  # noqa: E402
from rectify.orgunits.models import OrgUnit, Role, RoleAssignment  # noqa: E402
from rectify.rounds import services as rounds  # noqa: E402

DAY = timezone.localdate() + timedelta(days=1)  # the rounds open today, due today: tomorrow they are missing
STEPS = ("ledger.deadline_reminders", "rounds.reminders", "notifications.digest")


class Rollback(Exception):
    pass


def build(units: int, tasks: int):
    country = OrgUnit.objects.create(name="基准国", kind="region")
    country.path = f"/{country.pk}/"
    country.save()
    insert_rows(
        OrgUnit,
        ["name", "short_name", "code", "kind", "parent", "path", "depth", "sort_order"],
        ((f"基准单位{i}", "", "", "county", country.pk, "", 1, i) for i in range(units)),
    )
    unit_ids = list(OrgUnit.objects.filter(parent=country).order_by("pk").values_list("pk", flat=True))
    OrgUnit.objects.filter(parent=country).update(path=country.path)
    User = get_user_model()
    now = timezone.now()
    insert_rows(
        User,
        ["username", "password", "email", "full_name", "is_active", "is_staff", "is_superuser", "date_joined",
         "first_name", "last_name", "title", "phone"],
        ((f"digest_liaison_{i}", "!", f"liaison{i}@example.gov.cn", f"联络员{i}", True, False, False, now,
          "", "", "", "") for i in range(units)),
    )  # fmt: skip
    user_ids = list(
        User.objects.filter(username__startswith="digest_liaison_")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    insert_rows(
        RoleAssignment,
        ["user", "role", "unit", "include_subtree"],
        ((u, Role.LIAISON, unit, False) for u, unit in zip(user_ids, unit_ids, strict=True)),
    )
    office = User.objects.create_user(username="bench_digest_office", password="x")
    RoleAssignment.objects.create(user=office, role=Role.OFFICE, unit=country, include_subtree=True)
    inspections = []
    per = max(1, tasks // max(1, units // 1000))
    for block in range(max(1, units // 1000)):
        inspection = Inspection.objects.create(name=f"基准督察{block}", kind="central", unit=country)
        inspections.append(inspection)
        start = block * per
        insert_rows(
            Task,
            ["inspection", "number", "title", "target", "deadline_raw", "deadline_kind", "is_long_term",
             "lead_unit", "responsible_person", "responsible_phone", "state", "progress", "progress_text",
             "progress_detail", "schedule_flag", "due_on", "due_day", "created_at", "updated_at", "version"],
            ((inspection.pk, n, f"整改任务{n}", "", "", "date", False, unit_ids[block * 1000 + n % 1000], "",
              "", "in_progress", 30, "正在持续推进", "", "", DAY - timedelta(days=365) + timedelta(days=n % 730),
              None, now, now, 1)
             for n in range(start + 1, start + per + 1)),
        )  # fmt: skip
    return office, inspections


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=7000)
    parser.add_argument("--tasks", type=int, default=50_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    print(f"database: {_env.database_label()}")
    steps = {step.name: step for step in scheduled_steps()}
    try:
        with audit_maintenance(), transaction.atomic():
            started = time.perf_counter()
            office, inspections = build(args.units, args.tasks)
            for inspection in inspections:
                rounds.round_open(
                    actor=office,
                    inspection=inspection,
                    period="2026年11月",
                    as_of=date(2026, 11, 30),
                    due_on=DAY - timedelta(days=1),  # today
                )
            print(f"built {args.units} units, {args.tasks} tasks, {len(inspections)} rounds "
                  f"in {time.perf_counter() - started:.1f} s")  # fmt: skip
            total = 0.0
            for name in STEPS:
                began = time.perf_counter()
                said = steps[name].run(DAY)
                elapsed = time.perf_counter() - began
                total += elapsed
                print(f"  {name}: {elapsed:.2f} s — {said}")
            print(f"messages {Message.objects.count()}, deliveries {Delivery.objects.count()}")
            print(f"the day's message steps: {total:.2f} s (target ≤ 60 s)")
            raise Rollback
    except Rollback:
        pass
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak RSS (whole run, incl. building the data): {rss:.0f} MB; {connection.vendor}")


if __name__ == "__main__":
    main()
