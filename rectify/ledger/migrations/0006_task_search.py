"""The ledger's search rows (TaskSearch) and their full-text index: FTS5 on SQLite, GIN on PostgreSQL.

The index DDL is the database's own; see rectify/ledger/search.py for the queries that use it.
"""

import django.db.models.deletion
from django.db import OperationalError, migrations, models

from rectify.ledger.search_text import search_row

FTS = "ledger_tasksearch_fts"
SQLITE_INDEX = [
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(grams, content='ledger_tasksearch', content_rowid='task_id')",
    f"""CREATE TRIGGER ledger_tasksearch_ai AFTER INSERT ON ledger_tasksearch BEGIN
        INSERT INTO {FTS}(rowid, grams) VALUES (new.task_id, new.grams); END""",
    f"""CREATE TRIGGER ledger_tasksearch_ad AFTER DELETE ON ledger_tasksearch BEGIN
        INSERT INTO {FTS}({FTS}, rowid, grams) VALUES ('delete', old.task_id, old.grams); END""",
    f"""CREATE TRIGGER ledger_tasksearch_au AFTER UPDATE ON ledger_tasksearch BEGIN
        INSERT INTO {FTS}({FTS}, rowid, grams) VALUES ('delete', old.task_id, old.grams);
        INSERT INTO {FTS}(rowid, grams) VALUES (new.task_id, new.grams); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS ledger_tasksearch_ai",
    "DROP TRIGGER IF EXISTS ledger_tasksearch_ad",
    "DROP TRIGGER IF EXISTS ledger_tasksearch_au",
    f"DROP TABLE IF EXISTS {FTS}",
]
# A stored tsvector, not an index on the expression: a phrase query rechecks every row the index
# proposes, and recomputing to_tsvector for each cost a second on 7,700 matches of 50,000 tasks.
POSTGRESQL_INDEX = [
    """ALTER TABLE ledger_tasksearch ADD COLUMN grams_vector tsvector
        GENERATED ALWAYS AS (to_tsvector('simple', grams)) STORED""",
    "CREATE INDEX ledger_tasksearch_grams ON ledger_tasksearch USING gin (grams_vector)",
]
POSTGRESQL_DROP = ["ALTER TABLE ledger_tasksearch DROP COLUMN IF EXISTS grams_vector"]


def _run(schema_editor, statements):
    for sql in statements:
        schema_editor.execute(sql)


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, POSTGRESQL_INDEX)
    elif vendor == "sqlite":
        try:
            _run(schema_editor, SQLITE_INDEX[:1])
        except OperationalError:  # an SQLite built without FTS5: search reads every row instead
            return
        _run(schema_editor, SQLITE_INDEX[1:])


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, POSTGRESQL_DROP if vendor == "postgresql" else SQLITE_DROP if vendor == "sqlite" else [])


def fill(apps, schema_editor):
    """Search rows for the tasks already in the ledger (as ledger.search.search_refresh writes them)."""
    Task, TaskSearch = apps.get_model("ledger", "Task"), apps.get_model("ledger", "TaskSearch")
    parts = {
        pk: list(values)
        for pk, *values in Task.objects.values_list(
            "pk", "title", "target", "progress_text", "progress_detail", "responsible_person"
        )
    }
    links = Task.findings.through.objects.order_by("task_id", "finding__number")
    for task_id, text in links.values_list("task_id", "finding__text"):
        parts[task_id].append(text)
    rows = [TaskSearch(task_id=pk, **search_row(t)) for pk, t in parts.items()]
    TaskSearch.objects.bulk_create(rows, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0005_task_schedule_flag"),
    ]

    operations = [
        migrations.CreateModel(
            name="TaskSearch",
            fields=[
                (
                    "task",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search",
                        serialize=False,
                        to="ledger.task",
                    ),
                ),
                ("text", models.TextField(blank=True)),
                ("grams", models.TextField(blank=True)),
            ],
            options={
                "verbose_name": "任务检索文本",
                "verbose_name_plural": "任务检索文本",
            },
        ),
        migrations.RunPython(create_index, drop_index),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
