"""Run a load script of this folder in its own process on a real database: a fresh SQLite file under
`tmp_path`, or, when the suite runs on PostgreSQL, a fresh database beside the test's (`<name>_<suffix>`).
The suite's own database cannot show concurrent writers: SQLite's is in memory, and PostgreSQL's test
runs inside one transaction. Returns the JSON the script prints last."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

HERE = Path(__file__).resolve().parent


def run_script(name: str, tmp_path, *, suffix: str, timeout: int = 240) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "RECTIFY_VAR_DIR")}
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("postgresql"):
        user, host, port = database["USER"], database["HOST"] or "127.0.0.1", database["PORT"] or 5432
        env["DATABASE_URL"] = f"postgres://{user}@{host}:{port}/{database['NAME']}_{suffix}"
    else:
        env["RECTIFY_VAR_DIR"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, str(HERE / name)],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])
