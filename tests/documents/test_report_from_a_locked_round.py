"""The report "from round N" is the round's snapshot: findings, their texts and the tasks' 整改时限 as
they were at the lock. Nothing done to the ledger afterwards changes it (review of issue 10, defect 3)."""

from dataclasses import astuple
from datetime import date

from rectify.documents.report_data import report_content, report_snapshot
from rectify.ledger import services as ledger
from rectify.ledger.models import Task
from rectify.rounds import services
from rectify.rounds.models import Submission


def _attachment(w, dispatch_round):
    """The report from the round as the document shows it: every finding's label, text, 整改时限,
    整改进展情况 and measures, and the opening's figures."""
    content = report_content(report_snapshot(w.inspection, date(2000, 1, 1), round=dispatch_round), None)
    return [astuple(f) for f in content.findings], content.opening


def _locked_round(w):
    r = services.round_open(
        actor=w.office, inspection=w.inspection, period="2023年10月", as_of=date(2023, 10, 31),
        due_on=date(2099, 1, 1),
    )  # fmt: skip
    submission = Submission.objects.get(round=r, unit=w.county_a)
    lines = {
        line.task_id: {"progress_text": "10月石河县进展", "percent": 40} for line in submission.lines.all()
    }
    services.submission_save_draft(actor=w.liaison, submission=submission, lines=lines)
    services.submission_submit(actor=w.liaison, submission=submission)
    services.submission_accept(actor=w.office, submission=submission)
    return services.round_lock(actor=w.office, dispatch_round=r)


def test_the_report_from_a_round_shows_what_the_round_recorded(world):
    w = world
    findings, opening = _attachment(w, _locked_round(w))
    assert [f[:4] for f in findings] == [
        ("一", "督察发现，焦化企业烟气长期超标排放。", "2023年底前", "10月石河县进展"),
        ("二", "督察发现，部分县市用水统计数据不实。", "2024年6月底前；立行立改，长期坚持", "尚未启动"),
    ]
    assert "3项整改任务" in opening


def test_a_finding_added_after_the_lock_does_not_enter_the_report_from_that_round(world):
    w = world
    r = _locked_round(w)
    before = _attachment(w, r)
    new_finding = ledger.finding_create(
        actor=w.office, inspection=w.inspection, number=3, label="三", text="督察发现，后来补录的问题。"
    )
    ledger.task_create(
        actor=w.office,
        inspection=w.inspection,
        findings=[new_finding],
        lead_unit=w.county_b,
        number=4,
        title="后来补录的任务",
        deadline_raw="2024年底前",
    )
    assert _attachment(w, r) == before


def test_a_deadline_edited_after_the_lock_does_not_change_the_report_from_that_round(world):
    w = world
    r = _locked_round(w)
    before = _attachment(w, r)
    ledger.task_update(actor=w.office, task=Task.objects.get(pk=w.task_c.pk), deadline_raw="2025年底前")
    ledger.task_update(actor=w.office, task=Task.objects.get(pk=w.task_a.pk), deadline_raw="2025年底前")
    assert _attachment(w, r) == before


def test_a_finding_text_or_a_tasks_findings_edited_after_the_lock_do_not_change_the_report(world):
    w = world
    r = _locked_round(w)
    before = _attachment(w, r)
    ledger.finding_update(actor=w.office, finding=w.finding, text="督察发现，改写过的问题描述。")
    ledger.task_update(actor=w.office, task=Task.objects.get(pk=w.task_c.pk), findings=[w.finding])
    assert _attachment(w, r) == before
