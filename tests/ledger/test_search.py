"""The ledger's text search (ledger/search.py): kept current by the services, answered by the full-text
index on SQLite and PostgreSQL, the same answers as reading every task's text."""

import unicodedata
from unittest import mock

import pytest
from django.utils import timezone

from rectify.ledger import bulk, search, services
from rectify.ledger.models import Task, TaskSearch
from rectify.ledger.search_text import search_row
from rectify.ledger.selectors import LedgerFilters, ledger_tasks

WORDS = [
    "焦化",
    "烟气",
    "用水",
    "计量",
    "统计数据",
    "扬尘",
    "尘土",
    "扬尘土",
    "水",
    "pm2.5",
    "ＰＭ２．５",
    "焦化 用水",
    "县市 超标",
    "100%",  # LIKE's wildcards and escape, taken literally
    "0%",
    "%",
    "_",
    "pm_2",
    "\\",
    "率1",
]


def found(user, text) -> set[int]:
    return set(
        ledger_tasks(user, LedgerFilters(text=text), timezone.localdate()).values_list("number", flat=True)
    )


def folded(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def by_reading_everything(text) -> set[int]:
    """The answer without any index: every word (NFKC, case-folded) a substring of the task's texts or
    its findings'."""
    words = folded(text).split()
    numbers = set()
    for task in Task.objects.prefetch_related("findings"):
        texts = [task.title, task.target, task.progress_text, task.progress_detail, task.responsible_person]
        haystack = " ".join(folded(t) for t in [*texts, *(f.text for f in task.findings.all())] if t)
        haystack = " ".join(haystack.split())
        if all(word in haystack for word in words):
            numbers.add(task.number)
    return numbers


@pytest.fixture
def texts(world):
    services.task_report_progress(
        actor=world.liaison,
        task=world.task_a,
        progress=40,
        progress_text="已完成PM2.5监测设施安装，扬尘，尘土清运",
    )
    # texts that LIKE's wildcards would match if they were not taken literally
    services.task_report_progress(
        actor=world.other_liaison, task=world.task_b, progress=10, progress_text="完成10处核查，pmx2"
    )
    return world


@pytest.mark.parametrize("text", WORDS)
def test_search_finds_what_reading_every_task_finds(texts, text):
    assert found(texts.office, text) == by_reading_everything(text)


def test_the_answers_do_not_depend_on_the_index(texts):
    with_index = {text: found(texts.office, text) for text in WORDS}
    with mock.patch.object(search, "_indexed_q", return_value=None):
        assert {text: found(texts.office, text) for text in WORDS} == with_index


def test_the_words_found(texts):
    assert found(texts.office, "焦化") == {1}  # finding 1's text, through task 1
    assert found(texts.office, "统计数据") == {2, 3}  # finding 2 is covered by tasks 2 and 3
    assert found(texts.office, "扬尘") == {1}
    assert found(texts.office, "扬尘土") == set()  # 扬尘，尘土: not one word
    assert found(texts.office, "ＰＭ２．５") == {1}
    assert found(texts.office, "焦化 用水") == set()  # every word must occur
    assert found(texts.liaison, "统计数据") == {2}  # and only among the tasks the user sees


def test_search_rows_follow_every_change(world):
    services.finding_update(actor=world.office, finding=world.finding2, text="督察发现，地下水超采问题突出。")
    assert found(world.office, "超采") == {2, 3}
    assert found(world.office, "统计数据") == set()
    services.task_update(actor=world.office, task=world.task_c, title="计量设施与在线监控")
    assert found(world.office, "在线监控") == {3}
    services.task_record_report(
        actor=world.office,
        task=world.task_b,
        as_of=timezone.localdate(),
        source="报告",
        progress_text="完成核查整改",
    )
    assert found(world.office, "核查整改") == {2}
    created = bulk.tasks_bulk_create(
        actor=world.office,
        inspection=world.inspection,
        rows=[{"number": 9, "title": "河道采砂整治", "lead_unit": world.dept, "findings": [world.finding]}],
        as_of=timezone.localdate(),
        source="台账.xlsx",
    )
    assert found(world.office, "采砂") == {9}
    for task in Task.objects.prefetch_related("findings"):
        texts = [task.title, task.target, task.progress_text, task.progress_detail, task.responsible_person]
        expected = search_row([*texts, *(f.text for f in task.findings.order_by("number"))])
        row = TaskSearch.objects.get(task=task)
        assert (row.text, row.grams) == (expected["text"], expected["grams"]), task
    assert created[9].pk in set(TaskSearch.objects.values_list("task_id", flat=True))


def test_a_deleted_task_leaves_the_index(world):
    world.task_c.delete()
    assert found(world.office, "计量") == set()
    assert not TaskSearch.objects.filter(task_id=world.task_c.pk).exists()


def test_the_full_text_index_answers_chinese_words(db):
    assert search._indexed_q(("焦化",)) is not None  # FTS5 on SQLite, GIN on PostgreSQL


def test_the_ledger_page_pages_through_search_results_with_their_counts(world, client):
    for n in range(10, 40):  # 30 more tasks on finding 1 (焦化): overdue, then on schedule for odd numbers
        services.task_create(
            actor=world.office,
            inspection=world.inspection,
            findings=[world.finding],
            lead_unit=world.dept,
            number=n,
            title=f"焦化整治{n}",
            deadline_raw="2023年底前" if n % 2 == 0 else "长期坚持",
        )
    client.force_login(world.office)
    first = client.get("/ledger/?q=焦化")
    counts = first.context["counts"]
    assert sum(counts.values()) == 31 and counts["overdue"] == 16 and counts["on_schedule"] == 15
    assert [t.number for t in first.context["page"].object_list] == [1, *range(10, 34)]
    second = client.get("/ledger/?q=焦化&page=2").context["page"]
    assert [t.number for t in second.object_list] == list(range(34, 40))
    assert all(t.flag for t in second.object_list)  # listed rows carry their flag
    overdue = client.get("/ledger/?q=焦化&flag=overdue").context["page"]
    assert overdue.paginator.count == 16
    assert [t.number for t in overdue.object_list] == [1, *range(10, 40, 2)]
    assert client.get("/ledger/?q=焦化&flag=ahead").context["page"].paginator.count == 0
