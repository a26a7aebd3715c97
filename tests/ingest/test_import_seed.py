"""The seed report (a real prefecture's published progress report) imported into a ledger, twice."""

from io import StringIO

from django.core.management import call_command

from rectify.audit.models import AuditEvent
from rectify.ledger.lifecycle import TaskState
from rectify.ledger.models import Finding, Measure, Task
from support import seed_prefecture_office, shared_file

NAME = "第二轮中央生态环境保护督察"
# Measures per finding as printed in the seed's attachment (finding 十一 has a paragraph, no numbered measures)
MEASURES = [4, 3, 2, 2, 3, 4, 2, 8, 2, 5, 0, 3, 2, 2, 4, 2, 3, 3]


def test_the_seed_imports_into_an_empty_ledger_and_reimports_as_no_change(db, django_user_model):
    seed = shared_file("seeds/changji-2023-rectification-report.txt")
    seed_prefecture_office(django_user_model, "cj_office")

    out = StringIO()
    call_command(
        "import", str(seed), "--inspection", NAME, "--user", "cj_office", stdout=out, stderr=StringIO()
    )
    assert "→ 昌吉州·第二轮中央生态环境保护督察" in out.getvalue()  # the unit, found from the signature

    assert Finding.objects.count() == 18
    tasks = list(Task.objects.order_by("number").prefetch_related("measures"))
    assert len(tasks) == 18
    assert [t.measures.count() for t in tasks] == MEASURES
    assert Measure.objects.count() == sum(MEASURES)
    first, fourth, eleventh = tasks[0], tasks[3], tasks[10]
    assert (first.deadline_raw, first.state, first.is_long_term) == (
        "立行立改，长期坚持",
        TaskState.SELF_REPORTED,
        True,
    )
    assert first.progress_text == "已完成，长期坚持"
    assert (fourth.deadline_raw, str(fourth.due_on), fourth.state) == (
        "2024年6月底",
        "2024-06-30",
        TaskState.IN_PROGRESS,
    )
    assert eleventh.progress_detail.startswith("新疆大黄山鸿基焦化有限责任公司已完成整改")
    assert sum(t.state == TaskState.SELF_REPORTED for t in tasks) == 10
    assert all(
        t.progress_on.isoformat() == "2023-10-31" for t in tasks
    )  # 截至10月底, in a report of 2023-12-25

    events = AuditEvent.objects.count()
    out = StringIO()
    call_command(
        "import", str(seed), "--inspection", NAME, "--user", "cj_office", stdout=out, stderr=StringIO()
    )
    assert "没有变化" in out.getvalue()
    assert AuditEvent.objects.count() == events
    assert Task.objects.count() == 18
