"""A working office during a 2,000-row ledger import (issue 8, 3.2), run as its own process on a real
database: SQLite as a file under RECTIFY_VAR_DIR, or the PostgreSQL database of DATABASE_URL (made afresh).

A ledger of 2,000 rows (100 findings, 400 tasks, 1,500 measures) is imported first; then one thread
imports a later workbook of it (`bench/import_workbook.py: later_rows`: about 2,000 changes — every
task's and measure's progress, states, titles, deadlines, findings) and, once the import writes, 12
threads each report progress on their own task through the Django test client and 10 threads log in
through the login page. Prints one JSON line: every response's status and time, every error, the
import's outcome, how long the apply took (`apply_s`) and how long its write transaction held the
database (`write_s`: from the version check that opens it to the commit; the whole apply where the
import has no such check, i.e. before issue 8, 3.2). `--new` imports the first workbook concurrently instead.

    .venv/bin/python tests/load/import_office_load.py            (SQLite file under a temporary folder)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rectify_load .venv/bin/python tests/load/import_office_load.py
"""

import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
if not os.environ.get("DATABASE_URL"):
    os.environ.setdefault("RECTIFY_VAR_DIR", tempfile.mkdtemp(prefix="rectify-load-"))

REPORTS, LOGINS = 12, 10


def setup_world():
    import import_workbook as bench  # the national benchmark's deterministic ledger generator

    bench.fresh_database()
    from django.contrib.auth import get_user_model

    from rectify.ledger import services
    from rectify.orgunits.models import OrgUnit, Role
    from rectify.orgunits.services import role_assign

    pref, office = bench.make_prefecture()
    county = OrgUnit.objects.get(name="云岭市")
    liaison = get_user_model().objects.create_user("load_liaison", password="pw", full_name="云岭市联络员")
    role_assign(user=liaison, role=Role.LIAISON, unit=county)
    inspection = services.inspection_create(
        actor=office, unit=pref, name="第二轮中央生态环境保护督察", kind="central"
    )
    finding = services.finding_create(actor=office, inspection=inspection, number=1, text="督察发现的问题。")
    tasks = [
        services.task_create(
            actor=office,
            inspection=inspection,
            findings=[finding],
            lead_unit=county,
            number=n,
            title=f"整改任务{n}",
            deadline_raw="2026年底前",
        ).pk
        for n in range(1, REPORTS + 1)
    ]
    rows = bench.generate_rows(100, 400, 1500)
    from rectify.documents.ledger_workbook import write_workbook_rows
    from rectify.ingest import services as ingest
    from rectify.ingest.workbook import read_ledger_workbook

    def draft_of(rows, source):
        return read_ledger_workbook(write_workbook_rows(*rows, title="云岭州 整改台账"), source=source)

    first = draft_of(rows, "台账.xlsx")
    if "--new" in sys.argv:
        return pref, office, tasks, first, bench.INSPECTION
    ingest.ledger_import_apply(actor=office, unit=pref, inspection_name=bench.INSPECTION, draft=first)
    return pref, office, tasks, draft_of(bench.later_rows(*rows), "台账（更新）.xlsx"), bench.INSPECTION


def main() -> None:
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host and page contexts, as under pytest
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from rectify.ingest import services as ingest

    pref, office, tasks, draft, name = setup_world()
    result = {"database": connection.vendor, "statuses": [], "errors": [], "import": None}
    started = threading.Event()
    write_began = []
    checked = getattr(ingest, "ledger_versions", None)  # the check that opens the write (3.2)
    if checked is not None:

        def check_and_time(*args, **kwargs):
            write_began.append(time.perf_counter())
            return checked(*args, **kwargs)

        ingest.ledger_versions = check_and_time

    def run_import():
        try:
            began = time.perf_counter()
            ingest.ledger_import_apply(
                actor=office,
                unit=pref,
                inspection_name=name,
                draft=draft,
                on_progress=lambda done, total: started.set(),
            )
            result["import"] = "done"
            result["apply_s"] = time.perf_counter() - began
            result["write_s"] = time.perf_counter() - (write_began[-1] if write_began else began)
            result["plans"] = max(1, len(write_began))
        except Exception as error:
            result["import"] = f"{type(error).__name__}: {error}"
        finally:
            started.set()
            connection.close()

    def report(task_pk, n):
        try:
            client = Client(raise_request_exception=False)
            began = time.perf_counter()
            assert client.login(username="load_liaison", password="pw")
            page = client.get(reverse("ledger:task_detail", args=[task_pk]))
            version = page.context["progress_form"]["version"].value()
            response = client.post(
                reverse("ledger:task_report_progress", args=[task_pk]),
                {"progress": 50, "progress_text": f"第{n}次报送：已完成一半", "version": version},
            )
            seconds = round(time.perf_counter() - began, 2)
            result["statuses"].append(("report", page.status_code, response.status_code, seconds))
        except Exception as error:
            result["errors"].append(f"report {n}: {type(error).__name__}: {error}")
        finally:
            connection.close()

    def login(n):
        try:
            client = Client(raise_request_exception=False)
            began = time.perf_counter()
            response = client.post(reverse("login"), {"username": "wb_office", "password": "bench"})
            seconds = round(time.perf_counter() - began, 2)
            result["statuses"].append(("login", response.status_code, seconds))
        except Exception as error:
            result["errors"].append(f"login {n}: {type(error).__name__}: {error}")
        finally:
            connection.close()

    importer = threading.Thread(target=run_import)
    t0 = time.monotonic()
    importer.start()
    started.wait(60)
    others = [threading.Thread(target=report, args=(pk, n)) for n, pk in enumerate(tasks, 1)]
    others += [threading.Thread(target=login, args=(n,)) for n in range(LOGINS)]
    for thread in others:
        thread.start()
    for thread in [importer, *others]:
        thread.join(300)
    result["seconds"] = time.monotonic() - t0
    from rectify.ledger.models import Inspection, TaskProgress

    result["reports_landed"] = TaskProgress.objects.filter(task_id__in=tasks, source="页面报送").count()
    imported = Inspection.objects.filter(unit=pref, name=name).first()
    result["imported_tasks"] = imported.tasks.count() if imported else 0
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
