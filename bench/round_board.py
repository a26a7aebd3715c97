"""The selectors behind the office's board and a county's form, at province scale (target p95 ≤ 150 ms).

The board and form PAGES are built in another branch; this times the selectors that feed them —
`rounds.selectors.round_board` (1,000 units, 50,000 tasks) and `submission_lines` of a 200-task
submission — so the page figures (selector + template + middleware) come when the pages are merged.
Builds the data as bench/round_open.py does (one unit made to lead 200 tasks), opens a round, times
each selector (3 warm-up calls, then -n timed), reports p50/p95/max and the query count, rolls back.

    .venv/bin/python bench/round_board.py [--units 1000] [--tasks 50000] [-n 30]
"""

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _env

_env.setup_django()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from round_open import Rollback, build  # noqa: E402

from rectify.audit.maintenance import audit_maintenance  # noqa: E402
from rectify.ledger.models import Task  # noqa: E402
from rectify.rounds import services  # noqa: E402
from rectify.rounds.models import Submission  # noqa: E402
from rectify.rounds.selectors import round_board, submission_lines  # noqa: E402


def timed(label: str, call, n: int) -> None:
    for _ in range(3):
        call()
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        result = call()
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * len(samples)) - 1)]
    print(
        f"{label}: p50 {statistics.median(samples):.1f} ms, p95 {p95:.1f} ms, max {samples[-1]:.1f} ms, "
        f"{len(queries)} queries, {len(result) if isinstance(result, list) else len(result.rows)} rows"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--tasks", type=int, default=50_000)
    parser.add_argument("-n", type=int, default=30)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    print(f"database: {_env.database_label()}")
    try:
        with audit_maintenance(), transaction.atomic():
            office, inspection = build(args.units, args.tasks)
            county = Task.objects.filter(inspection=inspection).order_by("number").first().lead_unit_id
            big = Task.objects.filter(inspection=inspection).exclude(lead_unit_id=county).order_by("number")
            Task.objects.filter(pk__in=list(big.values_list("pk", flat=True)[:150])).update(
                lead_unit_id=county
            )
            dispatch_round = services.round_open(
                actor=office,
                inspection=inspection,
                period="2023年10月",
                as_of=date(2023, 10, 31),
                due_working_days=5,
            )
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            submission = Submission.objects.select_related("round").get(round=dispatch_round, unit_id=county)
            print(
                f"built {args.units} units, {args.tasks} tasks; the county's submission: {submission.lines.count()} lines"
            )
            timed("round_board (office's board)", lambda: round_board(dispatch_round), args.n)
            timed("submission_lines (county's form)", lambda: submission_lines(submission), args.n)
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
