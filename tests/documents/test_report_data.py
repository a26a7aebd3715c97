"""The report's figures and attachment from the ledger as of a date, and the consistency check."""

from datetime import date

from rectify.documents.consistency import consistency_check
from rectify.documents.models import ReportNarrative
from rectify.documents.report_data import report_content, report_headline, report_snapshot
from rectify.ledger import services
from rectify.ledger.schedule import ScheduleFlag

AS_OF = date(2023, 10, 31)


def narrative(world, opening, **fields):
    return ReportNarrative.objects.create(
        inspection=world.inspection,
        version=ReportNarrative.objects.count() + 1,
        title="柳原州整改落实情况报告",
        opening=opening,
        edited_by=world.office,
        **fields,
    )


def on_track(world, as_of=AS_OF):
    """Progress reported so that every task stands on schedule on AS_OF."""
    for task, progress in ((world.task_a, 90), (world.task_b, 70), (world.task_c, 50)):
        services.task_record_report(
            actor=world.office,
            task=task,
            as_of=as_of,
            source="月报",
            state="in_progress",
            progress=progress,
            progress_text="正在持续推进",
        )


def test_headline_in_the_seed_words():
    counts = {f.value: 0 for f in ScheduleFlag} | {"completed": 10, "completed_ongoing": 6, "on_schedule": 9}
    assert (
        report_headline(counts, "昌吉州")
        == "督察反馈涉及昌吉州的25项整改任务已完成16项，其余9项整改任务均达到序时进度要求。"
    )
    counts |= {"on_schedule": 6, "behind": 2, "overdue": 1}
    assert report_headline(counts, "昌吉州") == (
        "督察反馈涉及昌吉州的25项整改任务已完成16项，其余9项中6项达到序时进度要求，2项未达到序时进度，1项已超过整改时限。"
    )
    counts |= {"on_schedule": 0, "behind": 0, "overdue": 9}  # all of one kind: said once
    assert (
        report_headline(counts, "昌吉州")
        == "督察反馈涉及昌吉州的25项整改任务已完成16项，其余9项均已超过整改时限。"
    )


def test_state_and_progress_are_taken_as_of_the_date(world):
    services.task_record_report(
        actor=world.office,
        task=world.task_a,
        as_of=date(2023, 6, 30),
        source="六月报告",
        state="in_progress",
        progress=85,
        progress_text="正在持续推进",
    )
    services.task_record_report(
        actor=world.office,
        task=world.task_a,
        as_of=date(2023, 12, 31),
        source="年底报告",
        state="self_reported",
        progress_text="已完成",
    )
    before = report_snapshot(world.inspection, AS_OF)
    task_a = next(t for t in before.tasks if t.task == world.task_a)
    assert (task_a.state, task_a.progress_text, task_a.flag) == (
        "in_progress",
        "正在持续推进",
        ScheduleFlag.ON_SCHEDULE,
    )
    after = report_snapshot(world.inspection, date(2024, 1, 31))
    assert next(t for t in after.tasks if t.task == world.task_a).flag == ScheduleFlag.COMPLETED


def test_attachment_lists_every_finding_with_its_tasks_deadlines_and_measures(world):
    on_track(world)
    services.measure_update(actor=world.office, measure=world.measure, progress_text="脱硫设施已建成投运。")
    content = report_content(report_snapshot(world.inspection, AS_OF), None, signed_on=date(2023, 12, 25))
    first, second = content.findings
    assert (first.label, first.deadline, [m.text for m in first.measures]) == (
        "一",
        "2023年底前",
        ["脱硫设施已建成投运。"],
    )
    assert second.deadline == "2024年6月底前；立行立改，长期坚持"  # finding 二 is split into tasks 2 and 3
    assert content.opening.endswith(
        "督察反馈涉及柳原州的3项整改任务已完成0项，其余3项整改任务均达到序时进度要求。"
    )
    assert content.attachment_title == "柳原州贯彻落实第二轮中央生态环境保护督察报告具体问题整改进展情况"


def test_consistency_check_catches_a_planted_mismatch(world):
    on_track(world)
    wrong = narrative(world, "截至目前，督察反馈的5项整改任务已完成3项，其余2项整改任务均达到序时进度要求。")
    snapshot = report_snapshot(world.inspection, AS_OF)
    problems = consistency_check(report_content(snapshot, wrong), snapshot, previous_as_of=None)
    assert [p.message for p in problems if p.kind == "figure"] == [
        "正文写整改任务总数5项，台账截至2023年10月31日为3项",
        "正文写已完成的整改任务3项，台账截至2023年10月31日为0项",
        "正文写达到序时进度的整改任务2项，台账截至2023年10月31日为3项",
    ]


def test_consistency_check_passes_a_clean_report(world):
    on_track(world)
    clean = narrative(
        world, "截至目前，{headline}", sections=[{"heading": "一、加强组织领导", "body": "（一）压实责任。"}]
    )
    snapshot = report_snapshot(world.inspection, AS_OF)
    assert consistency_check(report_content(snapshot, clean), snapshot, previous_as_of=None) == []


def test_consistency_check_finds_overdue_tasks_reported_on_schedule_and_stale_findings(world):
    services.task_record_report(
        actor=world.office,
        task=world.task_a,
        as_of=date(2023, 9, 30),
        source="九月",
        state="in_progress",
        progress_text="正在持续推进",
    )
    snapshot = report_snapshot(world.inspection, date(2024, 3, 31))  # task 1 was due 2023-12-31
    content = report_content(snapshot, narrative(world, "截至目前，{headline}"))
    problems = consistency_check(content, snapshot, previous_as_of=date(2023, 12, 31))
    assert [p.message for p in problems if p.kind == "overdue"] == [
        "任务1“焦化企业烟气治理”整改时限2023年12月31日已过、尚未完成，报告却写作“正在持续推进”"
    ]
    assert [p.message for p in problems if p.kind == "stale"] == [
        "问题一自上次报告（截至2023年12月31日）以来没有新的进展",
        "问题二自上次报告（截至2023年12月31日）以来没有新的进展",
    ]
