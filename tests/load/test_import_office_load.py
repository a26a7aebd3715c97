"""A working office during an updating 2,000-row import (issue 8, 3.2), on a real database file.

The test database of the suite is SQLite in memory (or a PostgreSQL test database inside a test's
transaction), where concurrent writers cannot be seen; so the scenario runs in its own process
(import_office_load.py) on a fresh SQLite file, or on a fresh PostgreSQL database beside the test's.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

SCRIPT = Path(__file__).resolve().parent / "import_office_load.py"
ANSWERED_WITHIN = 5  # seconds: SQLite's default wait for the lock, and longer than an office should wait


def run_load(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "RECTIFY_VAR_DIR")}
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("postgresql"):
        user, host, port = database["USER"], database["HOST"] or "127.0.0.1", database["PORT"] or 5432
        env["DATABASE_URL"] = f"postgres://{user}@{host}:{port}/{database['NAME']}_load"
    else:
        env["RECTIFY_VAR_DIR"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, str(SCRIPT)], env=env, capture_output=True, text=True, timeout=240, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_logins_and_progress_reports_during_an_updating_import_all_succeed(tmp_path):
    result = run_load(tmp_path)
    assert result["import"] == "done", result["import"]
    assert result["errors"] == []
    reports = [s for s in result["statuses"] if s[0] == "report"]
    logins = [s for s in result["statuses"] if s[0] == "login"]
    assert [(page, saved) for _, page, saved, _ in reports] == [(200, 302)] * 12
    assert [status for _, status, _ in logins] == [302] * 10
    assert result["reports_landed"] == 12
    slowest = max(s[-1] for s in result["statuses"])
    assert slowest < ANSWERED_WITHIN, result["statuses"]
