"""Measure the ledger page (/ledger/) end to end through django.test.Client, on the generated data set.

    DJANGO_SETTINGS_MODULE=config.settings.dev [DATABASE_URL=postgres://...] \
        .venv/bin/python bench/ledger_page.py [-n 30] [--warmup 3] [--case NAME ...] [--explain] [--profile NAME]

For each case: log the user in (force_login), send `--warmup` requests, then time `-n` requests
(perf_counter around Client.get: middleware, session, view, queries, template rendering), then send
one more inside CaptureQueriesContext to count its SQL queries and their time. Prints a table and
writes bench/out/ledger_page-<vendor>.json. Runs with DEBUG off (RECTIFY_DEBUG=0 unless set), as in
production. Target: p95 ≤ 150 ms per page.

--explain writes the plan of every query slower than 5 ms to bench/out/explain-<vendor>.txt
(EXPLAIN QUERY PLAN on SQLite, EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL).
--profile NAME runs that case's timed requests under cProfile and writes bench/out/profile-<NAME>-<vendor>.txt.
"""

import argparse
import cProfile
import datetime
import hashlib
import json
import os
import platform
import pstats
import re
import statistics
import sys
import time
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _env

TARGET_P95_MS = 150
EXPLAIN_OVER_MS = 5.0


def build_cases() -> list[dict]:
    """The users and URLs to measure (names are stable: the JSON and --case use them)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from generate import SEARCH_WORD

    from rectify.orgunits.models import OrgUnit

    User = get_user_model()
    region = OrgUnit.objects.filter(kind="region").order_by("pk").first()
    national = User.objects.get(username="bench_national")
    prefecture_office = User.objects.get(username="bench_office_001")
    liaison = User.objects.get(username="bench_liaison_001_1")
    past = (timezone.localdate() - datetime.timedelta(days=365)).isoformat()
    return [
        {"name": "national", "user": national, "url": "/ledger/"},
        {"name": "national_behind", "user": national, "url": "/ledger/?flag=behind"},
        {"name": "national_search", "user": national, "url": f"/ledger/?q={SEARCH_WORD}"},
        {"name": "national_unit", "user": national, "url": f"/ledger/?unit={region.pk}"},
        {"name": "prefecture_office", "user": prefecture_office, "url": "/ledger/"},
        {"name": "county_liaison", "user": liaison, "url": "/ledger/"},
        {"name": "national_page100", "user": national, "url": "/ledger/?page=100"},
        # a year ago: every task as it stood then, from its progress history (ledger/as_of.py)
        {"name": "national_past", "user": national, "url": f"/ledger/?as_of={past}"},
        {"name": "national_past_behind", "user": national, "url": f"/ledger/?as_of={past}&flag=behind"},
        {"name": "national_past_state", "user": national, "url": f"/ledger/?as_of={past}&state=in_progress"},
        {"name": "prefecture_past", "user": prefecture_office, "url": f"/ledger/?as_of={past}"},
    ]


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (p95 of 30 samples is the 29th smallest)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


def explain(sql: str, params) -> str:
    from django.db import connection

    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS) "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, params)
        rows = cursor.fetchall()
    if connection.vendor == "sqlite":
        return "\n".join(f"{row[0]:>4} {row[1]:>4} {row[3]}" for row in rows)
    return "\n".join(row[0] for row in rows)


def run_case(case: dict, n: int, warmup: int, want_explain: bool, profile: bool) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(case["user"])
    for _ in range(warmup):
        response = client.get(case["url"])
        assert response.status_code == 200, (case["name"], response.status_code)

    profiler = cProfile.Profile() if profile else None
    times, cpu = [], []
    for _ in range(n):
        if profiler:
            profiler.enable()
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(case["url"])
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        if profiler:
            profiler.disable()
        assert response.status_code == 200, (case["name"], response.status_code)

    with CaptureQueriesContext(connection) as captured:
        response = client.get(case["url"])
    html = response.content.decode()
    headline = re.search(r"共(\d+)项整改任务", html)
    shown = re.search(r"（(\d+)项）</span>", html)  # the paginator's count of the filtered list
    queries = [{"ms": round(float(q["time"]) * 1000, 2), "sql": q["sql"]} for q in captured.captured_queries]
    result = {
        "name": case["name"],
        "user": case["user"].username,
        "url": case["url"],
        "n": n,
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 95), 1),
        "max_ms": round(max(times), 1),
        "mean_ms": round(statistics.fmean(times), 1),
        "cpu_p50_ms": round(statistics.median(cpu), 1),
        "queries": len(queries),
        "sql_ms": round(sum(q["ms"] for q in queries), 1),
        "tasks_counted": int(headline.group(1)) if headline else 0,
        "tasks_listed": int(shown.group(1)) if shown else None,
        "html_kb": round(len(response.content) / 1024, 1),
        "slowest_queries": sorted(queries, key=lambda q: -q["ms"])[:5],
    }
    if want_explain:
        result["plans"] = []
        executed = []  # (sql, params, ms) of one more request, to EXPLAIN with the same parameters
        with connection.execute_wrapper(_recording_wrapper(executed)):
            client.get(case["url"])
        for sql, params, ms in executed:
            if ms >= EXPLAIN_OVER_MS:
                result["plans"].append({"ms": round(ms, 1), "sql": sql, "plan": explain(sql, params)})
    if profiler:
        stream = StringIO()
        pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(45)
        path = _env.OUT_DIR / f"profile-{case['name']}-{connection.vendor}.txt"
        path.write_text(stream.getvalue())
        result["profile"] = str(path.relative_to(_env.ROOT))
    return result


def _recording_wrapper(executed: list):
    def wrapper(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            executed.append((sql, params, (time.perf_counter() - started) * 1000))

    return wrapper


def code_fingerprint() -> dict:
    """Which version of the application was measured (the tree changes under the benchmark): a hash of
    rectify/ and config/ sources and templates, and the newest modification time among them."""
    files = sorted(
        p
        for top in ("rectify", "config")
        for p in (_env.ROOT / top).rglob("*")
        if p.suffix in {".py", ".html"} and "__pycache__" not in p.parts
    )
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(_env.ROOT)).encode())
        digest.update(path.read_bytes())
    newest = max(path.stat().st_mtime for path in files)
    return {
        "sha256_12": digest.hexdigest()[:12],
        "newest_source_mtime": datetime.datetime.fromtimestamp(newest, datetime.UTC).isoformat(
            timespec="seconds"
        ),
    }


def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=30, help="timed requests per case")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--case", action="append", help="run only these cases (repeatable)")
    parser.add_argument("--explain", action="store_true", help="write the plans of the slow queries")
    parser.add_argument("--profile", metavar="NAME", help="cProfile the timed requests of this case")
    args = parser.parse_args()

    os.environ.setdefault("RECTIFY_DEBUG", "0")
    _env.setup_django()
    import django
    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    from rectify.ledger.models import Task

    if not Task.objects.exists():
        sys.exit("no data: run bench/generate.py first")
    cases = [c for c in build_cases() if not args.case or c["name"] in args.case]
    database = _env.database_label()
    code = code_fingerprint()  # the modules just imported are those of this moment
    print(
        f"{database}, {Task.objects.count():,} tasks, DEBUG={settings.DEBUG}, n={args.n}, warm-up {args.warmup}, "
        f"code {code['sha256_12']} ({code['newest_source_mtime']})"
    )

    load_before = os.getloadavg()
    results = []
    header = (
        f"{'case':<18} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'cpu p50':>7} {'queries':>7} {'SQL ms':>7} "
        f"{'tasks':>6} {'listed':>6} {'KB':>6}  "
    )
    print(header + "p95 ≤ 150?")
    for case in cases:
        r = run_case(case, args.n, args.warmup, args.explain, args.profile == case["name"])
        results.append(r)
        ok = "ok" if r["p95_ms"] <= TARGET_P95_MS else "MISS"
        print(
            f"{r['name']:<18} {r['p50_ms']:>7.1f} {r['p95_ms']:>7.1f} {r['max_ms']:>7.1f} {r['cpu_p50_ms']:>7.1f} "
            f"{r['queries']:>7} "
            f"{r['sql_ms']:>7.1f} {r['tasks_counted']:>6} {r['tasks_listed'] or '':>6} {r['html_kb']:>6.0f}  {ok}",
            flush=True,
        )

    report = {
        "vendor": connection.vendor,
        "database": database,
        "database_size_mb": round(_env.database_size_bytes() / 1024 / 1024, 1),
        "tasks": Task.objects.count(),
        "measured_at": timezone.now().isoformat(timespec="seconds"),
        "as_of": timezone.localdate().isoformat(),
        "machine": machine(),
        "code": code,
        "load_average_before_after": [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
        "django": django.get_version(),
        "debug": settings.DEBUG,
        "n": args.n,
        "warmup": args.warmup,
        "target_p95_ms": TARGET_P95_MS,
        "cases": results,
    }
    suffix = "" if not args.case else "-partial"
    path = _env.OUT_DIR / f"ledger_page-{connection.vendor}{suffix}.json"
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str))
    if args.explain:
        plans = _env.OUT_DIR / f"explain-{connection.vendor}.txt"
        with plans.open("w") as out:
            for r in results:
                for p in r.get("plans", []):
                    out.write(f"=== {r['name']} · {p['ms']} ms\n{p['sql']}\n--- plan\n{p['plan']}\n\n")
        print(f"plans: {plans.relative_to(_env.ROOT)}")
    print(f"written {path.relative_to(_env.ROOT)}")


if __name__ == "__main__":
    main()
