"""A notice, list or table imported into an existing inspection updates the task it names (by
省序号, 市序号, 序号 or its words) and appends its progress; it never adds a finding; a row about no
finding of the ledger is a warning in the preview; a notice cannot start an inspection."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from genre_fields import fixture_text

from rectify.ingest import services as ingest
from rectify.ingest.draft import DraftFinding, DraftKind, DraftTask, LedgerDraft
from rectify.ingest.report import parse_document
from rectify.ingest.report_draft import draft_from_report
from rectify.ledger.lifecycle import TaskState
from rectify.ledger.models import Finding, Measure, Task, TaskProgress

NAME = "省第三生态环境保护督察"

LEDGER = (  # (number, 省序号, 市序号, text): the findings the fixtures speak of, worded as a feedback would
    (3, None, None, "石河县工业固体废物堆存场所防扬散措施不到位，部分场所露天堆放。"),
    (7, 28, None, "柳原市城区部分建筑工地扬尘管控不到位，渣土运输车辆未密闭，道路积尘明显。"),
    (9, 31, None, "东泉市部分燃煤锅炉未按期完成超低排放改造。"),
    (12, None, 15, "石河县工业园区污水处理厂进水浓度长期偏低，配套管网建设滞后，雨污混流。"),
)


@pytest.fixture
def ledger(world):
    draft = LedgerDraft(
        kind=DraftKind.REPORT,
        source="整改方案.txt",
        as_of=date(2023, 6, 30),
        document_date=date(2023, 6, 30),
        findings=tuple(
            DraftFinding(number=n, label=str(n), text=t, provincial_seq=p, city_seq=c)
            for n, p, c, t in LEDGER
        ),
        tasks=tuple(
            DraftTask(
                number=None,
                finding_numbers=(n,),
                title=t[:12],
                deadline_raw="2024年底前",
                state="in_progress",
            )
            for n, _, _, t in LEDGER
        ),
    )
    ingest.ledger_import_apply(actor=world.office, unit=world.pref, inspection_name=NAME, draft=draft)
    return {f.number: f.tasks.get() for f in Finding.objects.filter(inspection__name=NAME)}


def draft_of(name: str, text: str | None = None) -> LedgerDraft:
    return draft_from_report(parse_document(text if text is not None else fixture_text(name)), source=name)


def counts():
    return (
        Finding.objects.filter(inspection__name=NAME).count(),
        Task.objects.filter(inspection__name=NAME).count(),
        Measure.objects.filter(task__inspection__name=NAME).count(),
    )


def test_a_completion_notice_updates_the_task_its_provincial_number_names(world, ledger):
    draft = draft_of("completion_notice_formal.txt")
    plan = ingest.ledger_import_plan(unit=world.pref, inspection_name=NAME, draft=draft)
    assert plan.errors == []
    assert [(m.source, m.target, m.how, m.matched) for m in plan.matches] == [
        ("序号7（省序号28）", f"任务{ledger[7].number}「{ledger[7].title}」", "按省序号", True)
    ]
    assert [(c.kind, c.subject) for c in plan.changes] == [
        ("task", f"任务{ledger[7].number}"),  # its deadline: 2024年6月底前 (the ledger said 2024年底前)
        ("state", f"任务{ledger[7].number}"),
        ("progress", f"任务{ledger[7].number}"),
    ]
    before = counts()
    ingest.ledger_import_apply(actor=world.office, unit=world.pref, inspection_name=NAME, draft=draft)
    assert counts() == before  # no finding, task or measure added
    task = Task.objects.get(pk=ledger[7].pk)
    assert (task.state, task.progress, task.progress_text) == (TaskState.SELF_REPORTED, 100, "已完成整改")
    latest = task.progress_reports.order_by("-as_of", "-pk").first()
    assert (latest.as_of, latest.source, latest.status_text) == (
        date(2024, 6, 3),
        "completion_notice_formal.txt",
        "已完成整改",
    )
    assert "全市412辆渣土车已全部完成密闭改装" in task.progress_detail
    assert "公示期：7天（2024年6月3日至2024年6月9日）" in task.progress_detail
    assert "整改完成时间：2024年5月20日" in task.progress_detail
    other = Task.objects.get(pk=ledger[9].pk)
    assert other.state == TaskState.IN_PROGRESS  # only the task it names

    again = ingest.ledger_import_apply(actor=world.office, unit=world.pref, inspection_name=NAME, draft=draft)
    assert again.is_empty


def test_an_acceptance_notice_moves_the_task_on_to_accepted_with_its_dates(world, ledger):
    draft = draft_of("acceptance_notice_formal.txt")
    ingest.ledger_import_apply(actor=world.office, unit=world.pref, inspection_name=NAME, draft=draft)
    task = Task.objects.get(pk=ledger[9].pk)
    assert task.state == TaskState.ACCEPTED
    assert "自行验收：2023年11月20日" in task.progress_detail
    assert "通过验收：2023年12月12日" in task.progress_detail
    assert task.progress_reports.filter(
        source="acceptance_notice_formal.txt", as_of=date(2023, 12, 12)
    ).exists()


def test_a_sign_off_notice_by_city_number_after_acceptance_puts_the_task_in_public_notice(world, ledger):
    ingest.ledger_import_apply(
        actor=world.office, unit=world.pref, inspection_name=NAME, draft=draft_of("completion_notice_web.txt")
    )
    task = Task.objects.get(pk=ledger[12].pk)
    assert task.state == TaskState.PUBLIC_NOTICE
    assert task.progress_text == "通过州级验收，验收销号公示"


def test_a_notice_without_a_number_is_matched_by_its_words(world, ledger):
    text = (
        "关于“石河县工业园区污水处理厂进水浓度长期偏低、配套管网建设滞后”问题整改验收情况的公告\n"
        "该问题于2023年11月2日完成自行验收，11月10日提交州级验收，11月30日通过验收。\n"
    )
    draft = draft_of("无编号公告.txt", text)
    plan = ingest.ledger_import_plan(unit=world.pref, inspection_name=NAME, draft=draft)
    ((row),) = plan.matches
    assert (row.source, row.target, row.matched) == (
        "未编号",
        f"任务{ledger[12].number}「{ledger[12].title}」",
        True,
    )
    assert row.how.startswith("按文字（文字重合度")
    before = counts()
    ingest.ledger_import_apply(actor=world.office, unit=world.pref, inspection_name=NAME, draft=draft)
    assert counts() == before
    assert Task.objects.get(pk=ledger[12].pk).state == TaskState.ACCEPTED


def test_a_list_updates_what_it_matches_and_warns_of_the_rest_without_adding_a_finding(world, ledger):
    draft = draft_of("progress_list_formal.txt")
    plan = ingest.ledger_import_plan(unit=world.pref, inspection_name=NAME, draft=draft)
    assert plan.errors == []
    assert [(m.source, m.matched) for m in plan.matches] == [
        ("序号一", False),
        ("序号二", False),
        ("序号三", True),
    ]
    unmatched = [w for w in plan.warnings if "找不到对应的反馈问题" in w]
    assert len(unmatched) == 2 and "东泉市城市黑臭水体整治不彻底" in unmatched[1]
    assert plan.counts()["new_finding"] == plan.counts()["new_task"] == plan.counts()["new_measure"] == 0
    before = counts()
    ingest.ledger_import_apply(actor=world.office, unit=world.pref, inspection_name=NAME, draft=draft)
    assert counts() == before
    task = Task.objects.get(pk=ledger[3].pk)
    assert (task.state, task.progress_text) == (TaskState.SELF_REPORTED, "已完成")
    assert "1. 对全县11处堆存场所实施全封闭改造。" in task.progress_detail


def test_a_disclosure_table_row_by_provincial_number(world, ledger):
    text = (
        "问题序号 | 具体内容 | 整改目标 | 整改措施 | 完成情况 | 责任单位 | 完成时限\n"
        "省序号31 | 东泉市部分燃煤锅炉未按期完成超低排放改造 | 全部完成改造 | 1.完成改造3台 | 正在推进，达到序时进度 | 东泉市生态环境局 | 2024年底前\n"
        "省序号99 | 某地某问题 | 某目标 | 1.某措施 | 已完成 | 某局 | 2024年底前\n"
    )
    draft = draft_of("公开表.txt", text)
    plan = ingest.ledger_import_plan(unit=world.pref, inspection_name=NAME, draft=draft)
    assert [(m.source, m.matched) for m in plan.matches] == [("省序号31", True), ("省序号99", False)]
    ingest.ledger_import_apply(actor=world.office, unit=world.pref, inspection_name=NAME, draft=draft)
    task = Task.objects.get(pk=ledger[9].pk)
    assert task.progress_text == "正在推进，达到序时进度"
    assert Finding.objects.filter(inspection__name=NAME).count() == len(LEDGER)


def test_a_notice_cannot_start_an_inspection(world):
    draft = draft_of("completion_notice_formal.txt")
    plan = ingest.ledger_import_plan(unit=world.pref, inspection_name="没有的督察", draft=draft)
    assert plan.errors and "只更新已有督察中的整改任务" in plan.errors[0]
    with pytest.raises(ValidationError):
        ingest.ledger_import_apply(
            actor=world.office, unit=world.pref, inspection_name="没有的督察", draft=draft
        )


def test_a_news_item_or_a_template_changes_nothing(world, ledger):
    before = (counts(), TaskProgress.objects.count())
    for name in ("news_formal.txt", "template_blank.txt"):
        plan = ingest.ledger_import_apply(
            actor=world.office, unit=world.pref, inspection_name=NAME, draft=draft_of(name)
        )
        assert plan.is_empty
    assert (counts(), TaskProgress.objects.count()) == before


def test_the_parse_command_names_the_genre_and_the_notice_s_dates():
    from io import StringIO

    from django.core.management import call_command
    from genre_fields import FIXTURES

    out = StringIO()
    call_command("parse", str(FIXTURES / "acceptance_notice_web.txt"), stdout=out)
    text = out.getvalue()
    assert "文体：整改验收公告" in text
    assert "自行验收2024-01-10，提交验收2024-01-18，通过验收2024-02-26，公示期10个工作日" in text
