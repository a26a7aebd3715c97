"""`core.bulk_insert.insert_rows` (COPY on PostgreSQL, executemany on SQLite) stores every kind of value
a round writes exactly as the ORM would: text with tabs, newlines, backslashes and Chinese, None and
empty text, decimals, booleans, JSON, and dates in the audit log."""

from datetime import date
from decimal import Decimal

import pytest

from rectify.audit.models import AuditEvent
from rectify.audit.services import audit_record_many
from rectify.core.bulk_insert import insert_rows
from rectify.ledger.models import Task
from rectify.rounds.models import RoundTaskSnapshot
from rounds_pages import open_round

AWKWARD = "第一行\t制表\n第二行 \\N 反斜杠\\ “引号” 'x' ,;|"


def test_rows_read_back_as_written(world):
    r = open_round(world)
    columns = [
        "round", "task", "number", "title", "state", "progress", "progress_text", "progress_detail",
        "schedule_flag", "accepted", "line_progress_text", "problems", "next_plan", "quantity_done",
        "quantity_unit", "measures",
    ]  # fmt: skip
    rows = [
        (r.pk, world.task_a.pk, 1, AWKWARD, "in_progress", 40, "", "", "on_track", True, AWKWARD,
         "", "\\", Decimal("12.50"), "公里", [[1, AWKWARD], [2, ""]]),
        (r.pk, world.task_b.pk, 2, "任务二", "not_started", 0, "\n", "", "", False, "", "", "",
         None, "", []),
    ]  # fmt: skip
    assert insert_rows(RoundTaskSnapshot, columns, iter(rows)) == 2
    stored = list(RoundTaskSnapshot.objects.filter(round=r).order_by("number").values_list(*columns))
    assert [tuple(row[1:]) for row in stored] == [row[1:] for row in rows]


def test_a_row_of_the_wrong_length_is_refused(world):
    r = open_round(world)
    with pytest.raises(ValueError, match="3 values for 2 columns"):
        insert_rows(RoundTaskSnapshot, ["round", "task"], [(r.pk, world.task_a.pk, 1)])


def test_audit_events_in_bulk_keep_dates_and_json(world):
    audit_record_many(
        actor=world.office,
        action="批量测试",
        items=[("rounds.submission", 7, AWKWARD, {"as_of": [None, date(2023, 10, 31)], "n": [1, 2]})],
        code="rounds.round.open",
    )
    event = AuditEvent.objects.get(action="批量测试")
    assert (event.object_repr, event.changes) == (AWKWARD, {"as_of": [None, "2023-10-31"], "n": [1, 2]})
    assert event.actor == world.office and event.at is not None


def test_rows_whose_generator_queries_the_database_are_written(world):
    """Locking a round computes each snapshot row while reading tasks: the rows' generator queries the
    database. (On PostgreSQL, a query on the connection during an open COPY would wait for ever.)"""
    r = open_round(world)

    def rows():
        for task in Task.objects.filter(inspection=world.inspection).order_by("number"):
            title = Task.objects.get(pk=task.pk).title  # a query while the rows are being written
            yield (
                r.pk,
                task.pk,
                task.number,
                title,
                task.state,
                0,
                "",
                "",
                "",
                False,
                "",
                "",
                "",
                None,
                "",
                [],
            )

    columns = [
        "round", "task", "number", "title", "state", "progress", "progress_text", "progress_detail",
        "schedule_flag", "accepted", "line_progress_text", "problems", "next_plan", "quantity_done",
        "quantity_unit", "measures",
    ]  # fmt: skip
    assert insert_rows(RoundTaskSnapshot, columns, rows()) == 3
    assert list(
        RoundTaskSnapshot.objects.filter(round=r).order_by("number").values_list("title", flat=True)
    ) == [
        "焦化企业烟气治理",
        "用水统计核查",
        "用水计量设施建设",
    ]


def test_a_field_left_out_gets_its_default_not_null(db):
    """A field added to a model after a caller was written (a unit's code, a user's must_change_password)
    is filled with its default, on SQLite and PostgreSQL alike."""
    from rectify.accounts.models import User
    from rectify.core.bulk_insert import insert_rows
    from rectify.orgunits.models import OrgUnit

    insert_rows(
        OrgUnit, ["name", "kind", "path", "depth"], [("甲县", "county", "/", 0), ("乙县", "county", "/", 0)]
    )
    assert list(OrgUnit.objects.order_by("name").values_list("name", "code", "short_name")) == [
        ("乙县", "", ""),
        ("甲县", "", ""),
    ]
    insert_rows(User, ["username", "password"], [("bulk_a", "!")])
    person = User.objects.get(username="bulk_a")
    assert (person.must_change_password, person.is_active, person.full_name) == (False, True, "")
