"""Two saves at once from the same read of a task's edit form (issue 8, 3.1), run as its own process on a
real database: SQLite as a file under RECTIFY_VAR_DIR (the suite's SQLite is in memory, where two
connections cannot contend as they do in use), or the PostgreSQL database of DATABASE_URL (made afresh).

A's transaction claims the task and holds it for half a second; B saves from the same version meanwhile
(SQLite: B waits for the database's write lock; PostgreSQL: for the row lock). Prints one JSON line:
what each save ended in, how long B waited, and the task afterwards.

    .venv/bin/python tests/load/stale_saves.py
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
    os.environ.setdefault("RECTIFY_VAR_DIR", tempfile.mkdtemp(prefix="rectify-stale-"))


def main() -> None:
    import django

    django.setup()
    import import_workbook as bench  # a fresh database and a prefecture with its office
    from django.db import connection, transaction

    from rectify.ledger import services
    from rectify.ledger.models import Task
    from rectify.ledger.versions import EditConflict
    from rectify.orgunits.models import OrgUnit

    bench.fresh_database()
    pref, office = bench.make_prefecture()
    inspection = services.inspection_create(actor=office, unit=pref, name="督察", kind="central")
    finding = services.finding_create(actor=office, inspection=inspection, number=1, text="督察发现的问题。")
    task = services.task_create(
        actor=office,
        inspection=inspection,
        findings=[finding],
        lead_unit=OrgUnit.objects.get(name="云岭市"),
        number=1,
        title="原标题",
    )
    read = Task.objects.get(pk=task.pk).version
    a_claimed, outcome = threading.Event(), {"database": connection.vendor}

    def save_a():
        try:
            with transaction.atomic():
                services.task_update(
                    actor=office, task=Task.objects.get(pk=task.pk), title="A的标题", expected_version=read
                )
                a_claimed.set()
                time.sleep(0.5)  # B starts its save while A still holds the task
            outcome["a"] = "saved"
        except Exception as error:
            outcome["a"] = f"{type(error).__name__}: {error}"
        finally:
            a_claimed.set()
            connection.close()

    def save_b():
        a_claimed.wait(5)
        started = time.monotonic()
        try:
            services.task_update(
                actor=office, task=Task.objects.get(pk=task.pk), target="B的目标", expected_version=read
            )
            outcome["b"] = "saved"
        except EditConflict as conflict:
            outcome["b"] = [[c.label, c.now] for c in conflict.changes]
        except Exception as error:
            outcome["b"] = f"{type(error).__name__}: {error}"
        finally:
            outcome["b_waited"] = round(time.monotonic() - started, 2)
            connection.close()

    threads = [threading.Thread(target=save_a), threading.Thread(target=save_b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    after = Task.objects.get(pk=task.pk)
    outcome["task"] = [after.title, after.target, after.version - read]
    print(json.dumps(outcome, ensure_ascii=False))


if __name__ == "__main__":
    main()
