"""Opening a dispatch round for a province: 1,000 responsible units, 50,000 tasks (target ≤ 5 s, ≤ 500 MB).

Self-contained: migrates the benchmark database, builds one province-wide inspection inside a
transaction (units, tasks, one cooperating unit on every third task), opens two rounds with
`rounds.services.round_open` (the second pre-filled from the first), reports time and memory, and
rolls everything back.

    .venv/bin/python bench/round_open.py [--units 1000] [--tasks 50000]
"""

import argparse
import cProfile
import resource
import sys
import time
import tracemalloc
from datetime import date
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
from rectify.ledger.models import Inspection, Task  # noqa: E402
from rectify.notifications.models import Delivery, Message  # noqa: E402
from rectify.orgunits.models import OrgUnit, Role, RoleAssignment  # noqa: E402
from rectify.rounds import services  # noqa: E402
from rectify.rounds.models import SubmissionLine  # noqa: E402


class Rollback(Exception):
    pass


def liaisons(unit_ids: list[int], password: str, *, now) -> None:
    """One liaison with an e-mail address for each unit, a second one for every other unit (1,500 for
    1,000 units): the round-opened message then goes to each of them, with its e-mail delivery."""
    people = [(unit_id, k) for i, unit_id in enumerate(unit_ids) for k in range(1 + (i % 2 == 0))]
    insert_rows(
        get_user_model(),
        ["password", "is_superuser", "username", "first_name", "last_name", "email", "is_staff",
         "is_active", "date_joined", "full_name", "title", "phone"],
        (
            (password, False, f"bench_liaison_{u}_{k}", "", "", f"liaison{u}.{k}@bench.example.cn", False,
             True, now, f"联络员{u}-{k}", "", "")
            for u, k in people
        ),
    )  # fmt: skip
    ids = dict(
        get_user_model().objects.filter(username__startswith="bench_liaison_").values_list("username", "pk")
    )
    insert_rows(
        RoleAssignment,
        ["user", "role", "unit", "include_subtree"],
        ((ids[f"bench_liaison_{u}_{k}"], Role.LIAISON, u, False) for u, k in people),
    )


def build(units: int, tasks: int):
    province = OrgUnit.objects.create(name="基准省", kind="region")
    province.path = f"/{province.pk}/"
    province.save()
    insert_rows(
        OrgUnit,
        ["name", "short_name", "code", "kind", "parent", "path", "depth", "sort_order"],
        ((f"单位{i}", "", "", "department", province.pk, "", 1, i) for i in range(units)),
    )
    unit_ids = list(OrgUnit.objects.filter(parent=province).order_by("pk").values_list("pk", flat=True))
    OrgUnit.objects.filter(parent=province).update(path=province.path)  # prefix is enough for the scope
    office = get_user_model().objects.create_user(username="bench_round_office", password="x")
    liaisons(unit_ids, office.password, now=timezone.now())
    RoleAssignment.objects.create(user=office, role=Role.OFFICE, unit=province, include_subtree=True)
    inspection = Inspection.objects.create(name="基准督察", kind="central", unit=province)
    now = timezone.now()
    insert_rows(
        Task,
        [
            "inspection", "number", "title", "target", "deadline_raw", "deadline_kind", "is_long_term",
            "lead_unit", "responsible_person", "responsible_phone", "state", "progress", "progress_text",
            "progress_detail", "schedule_flag", "created_at", "updated_at", "version",
        ],
        (
            (inspection.pk, n, f"整改任务{n}", "", "2025年底前", "date", False, unit_ids[n % units], "", "",
             "in_progress", 30, "正在持续推进", "", "", now, now, 1)
            for n in range(1, tasks + 1)
        ),
    )  # fmt: skip
    task_ids = list(
        Task.objects.filter(inspection=inspection).order_by("number").values_list("pk", flat=True)
    )
    through = Task.cooperating_units.through
    insert_rows(
        through,
        ["task", "orgunit"],
        ((t, unit_ids[(i + 7) % units]) for i, t in enumerate(task_ids) if i % 3 == 0),
    )
    return office, inspection


def measure(label, call, trace: bool):
    """Time `call`; with `trace`, its Python heap peak instead (tracemalloc slows Python several-fold,
    so the two are measured on different rounds)."""
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    result = call()
    elapsed = time.perf_counter() - started
    if trace:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"{label}: Python heap peak {peak / 1e6:.0f} MB (time under tracemalloc {elapsed:.2f} s)")
    else:
        print(f"{label}: {elapsed:.2f} s")
    return result


def after_commit(label: str) -> None:
    """Run what the opening left for after its commit (enqueueing each queued delivery) and time it: the
    bench's transaction is rolled back, so Django would never run it."""
    pending = list(connection.run_on_commit)
    connection.run_on_commit = []
    started = time.perf_counter()
    for _sids, func, _robust in pending:
        func()
    print(
        f"{label}: after commit, {len(pending)} callback(s) (enqueue deliveries): {time.perf_counter() - started:.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--tasks", type=int, default=50_000)
    parser.add_argument(
        "--profile", metavar="FILE", help="cProfile the second (pre-filled) opening into FILE"
    )
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    print(f"database: {_env.database_label()}")
    try:
        with audit_maintenance(), transaction.atomic():
            office, inspection = build(args.units, args.tasks)
            print(
                f"built {args.units} units, {args.tasks} tasks, {RoleAssignment.objects.filter(role=Role.LIAISON).count()} liaisons"
            )
            for period, trace in (("2023年10月", False), ("2023年11月", False), ("2023年12月", True)):
                profiler = cProfile.Profile() if args.profile and period == "2023年11月" else None
                if profiler:
                    profiler.enable()
                r = measure(
                    f"round_open {period}",
                    lambda p=period: services.round_open(
                        actor=office,
                        inspection=inspection,
                        period=p,
                        as_of=date(2023, 10, 31),
                        due_working_days=5,
                    ),
                    trace,
                )
                if profiler:
                    profiler.disable()
                    profiler.dump_stats(args.profile)
                messages = Message.objects.filter(
                    event="rounds.round.open",
                    object_id__in=[str(pk) for pk in r.submissions.values_list("pk", flat=True)],
                )
                print(
                    f"  {r.submissions.count()} submissions, {SubmissionLine.objects.filter(submission__round=r).count()} lines, "
                    f"{messages.count()} messages, {Delivery.objects.filter(message__in=messages).count()} deliveries"
                )
                after_commit(f"  {period}")
                if period == "2023年10月":  # the units reported: the next rounds pre-fill real lines
                    SubmissionLine.objects.filter(submission__round=r).update(
                        progress_text="本期完成排查整治，已建立长效机制并持续巡查",
                        percent=60,
                        problems="资金到位较慢",
                        next_plan="下月完成验收",
                    )
            raise Rollback
    except Rollback:
        pass
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak RSS (whole run, incl. building the data): {rss:.0f} MB; {connection.vendor}")


if __name__ == "__main__":
    main()
