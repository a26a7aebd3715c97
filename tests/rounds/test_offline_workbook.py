"""Offline forms (离线报送表): export → import round trips, edits applied exactly, cells named in errors,
other-round and stale workbooks refused, all or nothing, 代为提交 recorded in the audit log."""

from datetime import date

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied

from rectify.audit.models import AuditEvent
from rectify.ingest.workbook import WorkbookError
from rectify.ledger.versions import EditConflict
from rectify.rounds import services
from rectify.rounds.lifecycle import SubmissionState
from rectify.rounds.models import MeasureLine, Submission, SubmissionLine
from rectify.rounds.offline_export import submission_workbook
from rectify.rounds.offline_import import offline_plan


def open_round(w, period="2023年10月"):
    return services.round_open(
        actor=w.office,
        inspection=w.inspection,
        period=period,
        as_of=date(2023, 10, 31),
        due_on=date(2099, 1, 1),
    )


def exported(submission, tmp_path, name=None):
    submission = Submission.objects.select_related("round", "unit").get(pk=submission.pk)
    path = tmp_path / (name or f"{submission.unit}.xlsx")
    path.write_bytes(submission_workbook(submission))
    return path


def edit(path, sheet, cells: dict):
    book = openpyxl.load_workbook(path)
    for ref, value in cells.items():
        book[sheet][ref] = value
    book.save(path)
    return path


def row_of(path, task_number, sheet="报送表", column=2):
    ws = openpyxl.load_workbook(path)[sheet]
    return next(r for r in range(4, ws.max_row + 1) if ws.cell(r, column).value == task_number)


def state(submission):
    s = Submission.objects.get(pk=submission.pk)
    lines = list(
        SubmissionLine.objects.filter(submission=s)
        .order_by("pk")
        .values_list("progress_text", "percent", "quantity_done", "quantity_unit", "problems", "next_plan")
    )
    measures = list(MeasureLine.objects.filter(line__submission=s).values_list("measure_id", "progress_text"))
    return s.state, s.version, lines, measures


@pytest.fixture
def filled(world):
    r = open_round(world)
    a = Submission.objects.get(unit=world.county_a)
    services.submission_save_draft(
        actor=world.liaison,
        submission=a,
        lines={
            world.task_a.pk: {
                "progress_text": '=HYPERLINK("http://x","点")\n第二行',
                "percent": 40,
                "quantity_done": "12.5",
                "quantity_unit": "公里",
                "problems": "资金\x0b不足 _x0041_",
            },
            world.task_b.pk: {"progress_text": "+配合核查"},
        },
        measures={world.measure.pk: "@已完成招标"},
    )
    return r, a, Submission.objects.get(unit=world.county_b)


def test_an_untouched_workbook_changes_nothing(world, filled, tmp_path):
    r, a, b = filled
    files = [(exported(s, tmp_path), f"{s.unit}.xlsx") for s in (a, b)]
    before = state(a), state(b), AuditEvent.objects.count()
    plan = offline_plan(r, files)
    assert plan.change_count == 0
    assert services.round_offline_import(actor=world.office, dispatch_round=r, plan=plan) == 0
    assert (state(a), state(b), AuditEvent.objects.count()) == before


def test_formula_like_text_and_control_characters_are_written_as_text(world, filled, tmp_path):
    _r, a, _b = filled
    ws = openpyxl.load_workbook(exported(a, tmp_path))["报送表"]
    cell = ws.cell(row_of(exported(a, tmp_path), 1), 6)
    assert cell.data_type == "s" and cell.quotePrefix
    assert cell.value.startswith("=HYPERLINK")


def test_edits_are_applied_exactly_and_recorded_as_entered_by_the_office(world, filled, tmp_path):
    r, a, b = filled
    path = exported(a, tmp_path)
    row = row_of(path, 1)
    edit(path, "报送表", {f"F{row}": "已完成3台锅炉改造", f"G{row}": "60%", f"H{row}": 20})
    edit(path, "措施进展", {"E4": "设备已进场"})
    untouched_b = state(b)
    lines_before = dict(SubmissionLine.objects.filter(submission=a).values_list("task_id", "next_plan"))
    plan = offline_plan(r, [(path, "石河县.xlsx")])
    assert [(c.task_number, c.what, c.after) for c in plan.submissions[0].changes] == [
        (1, "本期进展", "已完成3台锅炉改造"),
        (1, "完成进度（%）", "60"),
        (1, "完成工程量", "20"),
        (1, "措施1", "设备已进场"),
    ]
    services.round_offline_import(actor=world.office, dispatch_round=r, plan=plan)
    line = SubmissionLine.objects.get(submission=a, task=world.task_a)
    assert (line.progress_text, line.percent, str(line.quantity_done), line.quantity_unit) == (
        "已完成3台锅炉改造",
        60,
        "20.00",
        "公里",
    )
    assert line.problems == "资金\x0b不足 _x0041_"  # an untouched cell keeps its exact text
    assert SubmissionLine.objects.get(submission=a, task=world.task_b).progress_text == "+配合核查"
    assert MeasureLine.objects.get(line=line).progress_text == "设备已进场"
    assert (
        dict(SubmissionLine.objects.filter(submission=a).values_list("task_id", "next_plan")) == lines_before
    )
    assert state(b) == untouched_b
    s = Submission.objects.get(pk=a.pk)
    assert s.state == SubmissionState.DRAFT and s.submitted_at is None
    event = AuditEvent.objects.filter(code="rounds.submission.save").latest("pk")
    assert event.actor == world.office and event.changes["on_behalf"] == [None, True]
    assert "整改办代为录入离线报送表「石河县.xlsx」" in event.reason
    assert AuditEvent.objects.filter(code="rounds.round.offline_import").count() == 1


def test_submitting_on_the_units_behalf_only_when_ticked(world, filled, tmp_path):
    r, a, _b = filled
    path = exported(a, tmp_path)
    plan = offline_plan(r, [(path, "石河县.xlsx")])
    services.round_offline_import(actor=world.office, dispatch_round=r, plan=plan, submit=True)
    s = Submission.objects.get(pk=a.pk)
    assert s.state == SubmissionState.SUBMITTED and s.submitted_by == world.office
    event = AuditEvent.objects.get(code="rounds.submission.submit")
    assert event.changes["on_behalf"] == [None, True] and "代为提交" in event.reason


def test_a_bad_cell_names_its_file_sheet_row_and_column_and_nothing_is_applied(world, filled, tmp_path):
    r, a, b = filled
    good = edit(exported(b, tmp_path), "报送表", {"F4": "北塔县已核查完毕"})
    bad = exported(a, tmp_path)
    row = row_of(bad, 1)
    edit(bad, "报送表", {f"G{row}": "一百", f"H{row}": "-3"})
    edit(bad, "措施进展", {"A4": 99999})
    before = state(a), state(b)
    with pytest.raises(WorkbookError) as caught:
        offline_plan(r, [(good, "北塔县.xlsx"), (bad, "石河县.xlsx")])
    assert caught.value.errors == [
        f"「石河县.xlsx」报送表 第{row}行 “完成进度（%）”：“一百”不是0到100之间的整数",
        f"「石河县.xlsx」报送表 第{row}行 “完成工程量”：“-3”不是不小于0的数字",
        "「石河县.xlsx」措施进展 第4行 “编号”：编号99999不是石河县报送的措施（请勿改动锁定的列）",
    ]
    assert (state(a), state(b)) == before


def test_a_changed_locked_task_number_is_refused(world, filled, tmp_path):
    r, a, _b = filled
    path = exported(a, tmp_path)
    row = row_of(path, 1)
    edit(path, "报送表", {f"B{row}": 7})
    with pytest.raises(WorkbookError, match=f"报送表 第{row}行 “任务序号”：任务序号7与编号对应的任务1不符"):
        offline_plan(r, [(path, "石河县.xlsx")])


def test_a_workbook_of_another_round_is_refused(world, filled, tmp_path):
    r, a, _b = filled
    old = exported(a, tmp_path, "十月.xlsx")
    services.submission_submit(actor=world.liaison, submission=a)
    services.submission_accept(actor=world.office, submission=a)
    services.round_lock(actor=world.office, dispatch_round=r)
    november = open_round(world, "2023年11月")
    with pytest.raises(WorkbookError) as caught:
        offline_plan(november, [(old, "十月.xlsx")])
    assert caught.value.errors == [
        "「十月.xlsx」是2023年10月调度（第1轮）的报送表，不是本轮（2023年11月调度（第2轮））的，不能导入"
    ]
    r.refresh_from_db()
    with pytest.raises(WorkbookError, match="已锁定，不能再导入"):
        offline_plan(r, [(old, "十月.xlsx")])


def test_a_stale_workbook_is_refused(world, filled, tmp_path):
    r, a, _b = filled
    path = edit(exported(a, tmp_path), "报送表", {"F5": "离线填写"})
    services.submission_save_draft(
        actor=world.liaison, submission=a, lines={world.task_a.pk: {"next_plan": "在线"}}
    )
    with pytest.raises(WorkbookError, match="已过期：导出后石河县的报送又有改动（表中为第2版，现为第3版）"):
        offline_plan(r, [(path, "石河县.xlsx")])


def test_a_submission_changed_between_preview_and_confirm_refuses_the_whole_import(world, filled, tmp_path):
    r, a, b = filled
    pa = edit(exported(a, tmp_path), "报送表", {"F4": "改动甲"})
    pb = edit(exported(b, tmp_path), "报送表", {"F4": "改动乙"})
    plan = offline_plan(r, [(pb, "北塔县.xlsx"), (pa, "石河县.xlsx")])
    services.submission_save_draft(
        actor=world.liaison, submission=a, lines={world.task_a.pk: {"next_plan": "在线"}}
    )
    before = state(a), state(b)
    with pytest.raises(EditConflict):
        services.round_offline_import(actor=world.office, dispatch_round=r, plan=plan)
    assert (state(a), state(b)) == before


def test_only_the_office_imports(world, filled, tmp_path):
    r, a, _b = filled
    plan = offline_plan(r, [(edit(exported(a, tmp_path), "报送表", {"F4": "越权"}), "x.xlsx")])
    for actor in (world.liaison, world.leader, world.observer, world.other_office):
        with pytest.raises(PermissionDenied):
            services.round_offline_import(actor=actor, dispatch_round=r, plan=plan)


def test_the_task_columns_are_locked_and_the_unit_columns_unlocked(world, filled, tmp_path):
    _r, a, _b = filled
    book = openpyxl.load_workbook(exported(a, tmp_path))
    ws = book["报送表"]
    assert ws.protection.sheet and book.security.lockStructure
    assert ws.column_dimensions["A"].hidden and book["报送信息"].sheet_state == "hidden"
    locked = [ws.cell(4, c).protection.locked for c in range(1, 12)]
    assert locked == [True] * 5 + [False] * 6


def test_not_an_offline_form_and_a_hostile_file(world, filled, tmp_path):
    r, _a, _b = filled
    other = tmp_path / "台账.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "整改任务"
    book.save(other)
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a workbook")
    with pytest.raises(WorkbookError) as caught:
        offline_plan(r, [(other, "台账.xlsx"), (junk, "junk.xlsx")])
    assert caught.value.errors[0].startswith("「台账.xlsx」不是本系统导出的离线报送表")
    assert "junk.xlsx" in caught.value.errors[1]
