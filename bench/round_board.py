"""The office's board and a county's form at province scale (target p95 ≤ 150 ms each), as PAGES.

Builds the data as bench/round_open.py does (1,000 units with their liaisons, 50,000 tasks, one
cooperating unit on every third), makes one county lead 200 tasks with two measures each, opens a round,
fills the county's lines, and marks a realistic mix of states on the board. Then times, each with 3
warm-up calls and -n timed ones:

- the pages, through Django's test Client (URL resolution, every middleware, the view, its selectors
  and the templates), with DEBUG off: the board as the office (the first page of all units, the
  "not submitted" filter's first page, the last page); the county's form as its liaison (its first
  part, each later part the page loads as the liaison scrolls, and all lines at once with ?all=1);
- the selectors alone, for comparison.

Reports p50/p95/max, the query count and the rows; rolls everything back.

    .venv/bin/python bench/round_board.py [--units 1000] [--tasks 50000] [-n 50]
"""

import argparse
import cProfile
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("RECTIFY_DEBUG", "0")  # time the pages as production renders them
import _env

_env.setup_django()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from round_open import Rollback, build  # noqa: E402

from rectify.audit.maintenance import audit_maintenance  # noqa: E402
from rectify.core.bulk_insert import insert_rows  # noqa: E402
from rectify.ledger.models import Measure, Task  # noqa: E402
from rectify.orgunits.models import Role, RoleAssignment  # noqa: E402
from rectify.rounds import services  # noqa: E402
from rectify.rounds.lifecycle import SubmissionState  # noqa: E402
from rectify.rounds.models import Submission, SubmissionLine  # noqa: E402
from rectify.rounds.selectors import BOARD_PAGE_SIZE, round_board, submission_lines  # noqa: E402
from rectify.rounds.views.submission import FORM_PART  # noqa: E402

SHOW_QUERIES = "--queries" in sys.argv


def percentile(samples: list[float], p: float) -> float:
    return samples[min(len(samples) - 1, round(p * len(samples)) - 1)]


def timed(label: str, call, n: int, size) -> dict:
    for _ in range(3):
        call()
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        result = call()
    if SHOW_QUERIES:
        for q in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:3]:
            print(f"    {float(q['time']) * 1000:.1f} ms  {q['sql'][:300]}")
    samples.sort()
    figures = {
        "p50": statistics.median(samples),
        "p95": percentile(samples, 0.95),
        "max": samples[-1],
        "queries": len(queries),
    }
    print(
        f"{label}: p50 {figures['p50']:.1f} ms, p95 {figures['p95']:.1f} ms, max {figures['max']:.1f} ms, "
        f"{figures['queries']} queries, {size(result)}"
    )
    return figures


def page(client: Client, url: str):
    def get():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    return get


def county_of_200(inspection) -> int:
    """Make the unit leading task 1 lead 200 tasks, each with two measures; returns its id."""
    county = Task.objects.filter(inspection=inspection).order_by("number").first().lead_unit_id
    others = Task.objects.filter(inspection=inspection).exclude(lead_unit_id=county).order_by("number")
    Task.objects.filter(pk__in=list(others.values_list("pk", flat=True)[:150])).update(lead_unit_id=county)
    led = list(Task.objects.filter(inspection=inspection, lead_unit_id=county).values_list("pk", flat=True))
    insert_rows(
        Measure,
        ["task", "number", "text", "progress_text", "version"],
        ((t, m, f"整改措施{m}：开展排查并建立台账", "已完成排查", 1) for t in led for m in (1, 2)),
    )
    return county


def mixed_states(dispatch_round) -> None:
    """A board mid-round: a tenth accepted, a tenth submitted, a twentieth returned, a fifth in draft."""
    ids = list(Submission.objects.filter(round=dispatch_round).order_by("pk").values_list("pk", flat=True))
    for share, state in ((10, SubmissionState.ACCEPTED), (10, SubmissionState.SUBMITTED), (20, "returned")):
        chosen = ids[::share][: len(ids) // share]
        Submission.objects.filter(pk__in=chosen, state=SubmissionState.NOT_STARTED).update(state=state)
    Submission.objects.filter(
        round=dispatch_round, state=SubmissionState.NOT_STARTED, pk__in=ids[1::5]
    ).update(state=SubmissionState.DRAFT)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--tasks", type=int, default=50_000)
    parser.add_argument("-n", type=int, default=50)
    parser.add_argument("--queries", action="store_true", help="print each page's three slowest queries")
    parser.add_argument(
        "--profile", metavar="FILE", help="cProfile 10 requests of the form's last part into FILE"
    )
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    print(f"database: {_env.database_label()}")
    try:
        with audit_maintenance(), transaction.atomic():
            office, inspection = build(args.units, args.tasks)
            county = county_of_200(inspection)
            dispatch_round = services.round_open(
                actor=office,
                inspection=inspection,
                period="2023年10月",
                as_of=date(2023, 10, 31),
                due_working_days=5,
            )
            submission = Submission.objects.select_related("round").get(round=dispatch_round, unit_id=county)
            submission.lines.update(
                progress_text="已完成排查整治，建立长效机制",
                percent=60,
                problems="资金到位较慢",
                next_plan="下月验收",
            )
            mixed_states(dispatch_round)
            Submission.objects.filter(pk=submission.pk).update(state=SubmissionState.DRAFT)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            liaison = RoleAssignment.objects.filter(role=Role.LIAISON, unit_id=county).first().user
            lines = SubmissionLine.objects.filter(submission=submission)
            print(
                f"built {args.units} units, {args.tasks} tasks; the county's submission: {lines.count()} lines "
                f"({lines.filter(role='lead').count()} led, 2 measures each); board pages of {BOARD_PAGE_SIZE} units"
            )
            as_office, as_liaison = Client(HTTP_HOST="localhost"), Client(HTTP_HOST="localhost")
            as_office.force_login(office)
            as_liaison.force_login(liaison)
            board_url = f"/rounds/{dispatch_round.pk}/"
            form_url = f"/rounds/submissions/{submission.pk}/"
            if args.profile:
                profiler = cProfile.Profile()
                get = page(as_liaison, f"{form_url}lines/?from=210")
                get()
                profiler.enable()
                for _ in range(10):
                    get()
                profiler.disable()
                profiler.dump_stats(args.profile)
            last = (dispatch_round.submissions.count() + BOARD_PAGE_SIZE - 1) // BOARD_PAGE_SIZE
            html = lambda r: f"{len(r.content) // 1024} KB of HTML"  # noqa: E731
            timed("PAGE board, all units, page 1 (office)", page(as_office, board_url), args.n, html)
            timed(
                "PAGE board, ?state=not_started, page 1 (office)",
                page(as_office, board_url + "?state=not_started"),
                args.n,
                html,
            )
            timed(
                "PAGE board, last page (office)", page(as_office, board_url + f"?page={last}"), args.n, html
            )
            timed("PAGE county's form (liaison)", page(as_liaison, form_url), args.n, html)
            for start in range(FORM_PART, lines.count(), FORM_PART):
                timed(
                    f"PAGE county's form, lines from {start} (htmx part, liaison)",
                    page(as_liaison, f"{form_url}lines/?from={start}"),
                    max(10, args.n // 3),
                    html,
                )
            timed(
                "PAGE county's form, all lines at once (?all=1)",
                page(as_liaison, form_url + "?all=1"),
                max(10, args.n // 3),
                html,
            )
            timed(
                "selector round_board (page 1)",
                lambda: round_board(dispatch_round),
                args.n,
                lambda b: f"{len(b.rows)} rows of {b.total} units",
            )
            timed(
                "selector submission_lines",
                lambda: submission_lines(submission),
                args.n,
                lambda lines: f"{len(lines)} lines",
            )
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
