"""How long a 2,000-row people list takes: read in the child, planned, applied; then imported again.

    PYTHONPATH=. DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python bench/people_import.py [ROWS]

Runs on a throw-away database (the test settings' SQLite, or DATABASE_URL) with Django's production
password hasher (PBKDF2), so the one-time passwords are hashed as they would be.
"""

import io
import sys
import tempfile
import time
from pathlib import Path

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
setup_test_environment()
from django.test.runner import DiscoverRunner  # noqa: E402

runner = DiscoverRunner(verbosity=0)
old = runner.setup_databases()
try:
    from openpyxl import Workbook

    from rectify.orgunits.models import OrgUnitKind, Role
    from rectify.orgunits.services import orgunit_create, role_assign
    from rectify.people.plan import people_import_plan
    from rectify.people.reading import read_path
    from rectify.people.services import people_import_apply

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    pref = orgunit_create(name="柳原州", kind=OrgUnitKind.PREFECTURE)
    counties = [orgunit_create(name=f"第{i}县", kind=OrgUnitKind.COUNTY, parent=pref) for i in range(20)]
    for c in counties:
        for d in ("生态环境局", "水利局", "住建局"):
            orgunit_create(name=d, kind=OrgUnitKind.DEPARTMENT, parent=c)
    from django.contrib.auth import get_user_model

    office = get_user_model().objects.create_user("office", password="x")
    role_assign(user=office, role=Role.OFFICE, unit=pref, include_subtree=True)
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "单位", "角色", "含下级单位", "职务", "电话", "电子邮箱", "用户名"])
    for i in range(n):
        unit = f"第{i % 20}县/生态环境局" if i % 2 else f"第{i % 20}县"
        sheet.append([f"人员{i}", unit, "单位联络员", "", "科员", f"139{i:08d}", f"p{i}@example.cn", ""])
    out = io.BytesIO()
    book.save(out)
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "people.xlsx"
        path.write_bytes(out.getvalue())
        t = time.perf_counter()
        rows = read_path(path, source=path.name)
        read = time.perf_counter() - t
    t = time.perf_counter()
    plan = people_import_plan(actor=office, rows=rows)
    planned = time.perf_counter() - t
    assert not plan.errors, plan.errors[:3]
    t = time.perf_counter()
    result = people_import_apply(actor=office, rows=rows)
    applied = time.perf_counter() - t
    t = time.perf_counter()
    again = people_import_apply(actor=office, rows=rows)
    reapplied = time.perf_counter() - t
    print(f"{settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}: {n} rows")
    print(f"  read in child {read:.2f}s, preview plan {planned:.2f}s")
    print(
        f"  apply {applied:.2f}s ({len(result.accounts)} accounts), import again {reapplied:.2f}s ({len(again.accounts)} new)"
    )
finally:
    runner.teardown_databases(old)
