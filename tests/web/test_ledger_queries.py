"""The ledger page runs a constant number of queries however many rows it shows (no N+1)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from rectify.ledger import services
from rectify.ledger.flags import flags_refresh_day


def add_tasks(world, count, start):
    for n in range(start, start + count):
        task = services.task_create(
            actor=world.office,
            inspection=world.inspection,
            findings=[world.finding, world.finding2],
            lead_unit=world.county_a,
            cooperating_units=[world.county_b],
            number=n,
            title=f"任务{n}",
            deadline_raw="2025年底前完成主体工程，2026年底前全面完成",
            lead_leader=world.leader,
        )
        services.measure_create(actor=world.office, task=task, number=1, text="措施")


def queries_for(client, user, url="/ledger/"):
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_ledger_queries_do_not_grow_with_rows(world, client):
    flags_refresh_day()  # stored flags fresh: otherwise the first read runs the day's refresh (test settings)
    queries_for(
        client, world.liaison, "/ledger/?q=任务"
    )  # once per process, search asks whether SQLite has FTS5
    small = queries_for(client, world.office)
    small_search = queries_for(client, world.liaison, "/ledger/?q=焦化 烟气")
    add_tasks(world, 20, start=10)
    assert queries_for(client, world.office) == small
    assert queries_for(client, world.liaison, "/ledger/?q=焦化 烟气") == small_search


def test_task_page_queries_do_not_grow_with_measures(world, client):
    client.force_login(world.office)
    url = f"/ledger/tasks/{world.task_a.pk}/"
    before = queries_for(client, world.office, url)
    for n in range(2, 12):
        services.measure_create(
            actor=world.office, task=world.task_a, number=n, text=f"措施{n}", responsible_unit=world.county_a
        )
    assert queries_for(client, world.office, url) == before
