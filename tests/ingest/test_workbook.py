"""Reading ledger workbooks: forgiving about form (order, spelling of headers, blank rows, odd numbers and
dates, .xls/.ods), strict about content (every bad cell named by sheet, row and column, nothing written)."""

import base64
import io
import zipfile
import zlib
from dataclasses import replace
from datetime import date, datetime
from xml.sax.saxutils import escape

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from rectify.audit.models import AuditEvent
from rectify.ingest import services as ingest
from rectify.ingest.draft import DraftKind
from rectify.ingest.workbook import WorkbookError, read_ledger_workbook
from rectify.ingest.workbook_columns import FINDINGS, MEASURES, TASKS, normalize_header
from rectify.ledger.lifecycle import TaskState
from rectify.ledger.models import Finding, Inspection, Measure, Task, TaskProgress

NAME = "第三轮中央生态环境保护督察"
STATES = "未启动、推进中、已完成（自评）、申请验收、验收通过、公示中、已销号、重新整改"


def good_sheets() -> dict[str, list[list]]:
    """A small valid ledger of the world's prefecture (sheet title → rows, header first)."""
    return {
        "反馈问题": [
            FINDINGS.headers,
            [1, "一", None, None, "大气污染", "督察发现，焦化企业烟气长期超标排放。"],
            [2, "二", 3, 5, "水资源", "督察发现，部分县市用水统计数据不实。"],
        ],
        "整改任务": [
            TASKS.headers,
            [1, "1", "焦化企业烟气治理", "稳定达标排放", "2023年底前", date(2022, 6, 1), date(2023, 12, 31),
             "李副州长", "石河县", None, None, "张三", "0990-1234567", "推进中", 30, "已完成治理方案", None],
            [2, "1、2", "用水统计核查", None, "2024年6月底前", None, None,
             "赵州长", "北塔县", "石河县、州生态环境局", "州生态环境局", None, None, "未启动", 0, None, None],
        ],
        "整改措施": [
            MEASURES.headers,
            [1, 1, "安装脱硫脱硝设施", "石河县", "设备已招标", date(2024, 6, 30)],
            [1, 2, "在线监测联网", None, None, None],
            [2, 1, "核查用水台账", "北塔县", None, None],
        ],
    }  # fmt: skip


def xlsx(sheets: dict[str, list[list]], *, merge: dict[str, list[str]] | None = None) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
        for cells in (merge or {}).get(title, []):
            ws.merge_cells(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def set_cell(sheets, title: str, row: int, header: str, value):
    """Put `value` in the cell of Excel row `row` under `header` (the header row is row 1)."""
    rows = sheets[title]
    rows[row - 1][rows[0].index(header)] = value
    return sheets


def counts():
    return (
        Inspection.objects.count(),
        Finding.objects.count(),
        Task.objects.count(),
        Measure.objects.count(),
        TaskProgress.objects.count(),
        AuditEvent.objects.count(),
    )


def import_errors(world, data: bytes) -> list[str]:
    """Read and import `data`; the errors that stopped it (the test fails if it went through)."""
    before = counts()
    try:
        draft = read_ledger_workbook(data, source="台账.xlsx")
        ingest.ledger_import_apply(actor=world.office, unit=world.pref, inspection_name=NAME, draft=draft)
    except ValidationError as error:
        assert counts() == before, "a refused import wrote to the database"
        return list(getattr(error, "errors", None) or error.messages)
    pytest.fail("the import went through")


def without_lines(draft):
    return (
        tuple(replace(f, line=None) for f in draft.findings),
        tuple(
            replace(t, line=None, measures=tuple(replace(m, line=None) for m in t.measures))
            for t in draft.tasks
        ),
    )


# -- a valid workbook ----------------------------------------------------------------------------


def test_a_valid_workbook_reads_into_a_draft_with_each_row_named():
    draft = read_ledger_workbook(xlsx(good_sheets()), source="台账.xlsx")
    assert (draft.kind, draft.source, draft.warnings) == (DraftKind.WORKBOOK, "台账.xlsx", ())
    f1, f2 = draft.findings
    assert (f1.number, f1.label, f1.category, f1.provincial_seq, f1.line) == (
        1,
        "一",
        "air",
        None,
        "反馈问题 第2行",
    )
    assert (f2.category, f2.provincial_seq, f2.city_seq) == ("water_resources", 3, 5)
    t1, t2 = draft.tasks
    assert t1.line == "整改任务 第2行" and t2.line == "整改任务 第3行"
    assert (t1.number, t1.finding_numbers, t1.title, t1.deadline_raw, t1.start_on) == (
        1,
        (1,),
        "焦化企业烟气治理",
        "2023年底前",
        date(2022, 6, 1),
    )
    assert (t1.leader, t1.lead_unit, t1.state, t1.progress, t1.progress_text) == (
        "李副州长",
        "石河县",
        TaskState.IN_PROGRESS,
        30,
        "已完成治理方案",
    )
    assert (t2.finding_numbers, t2.cooperating_units, t2.acceptance_unit) == (
        (1, 2),
        ("石河县", "州生态环境局"),
        "州生态环境局",
    )
    assert [(m.number, m.unit, m.progress_on, m.line) for m in t1.measures] == [
        (1, "石河县", date(2024, 6, 30), "整改措施 第2行"),
        (2, None, None, "整改措施 第3行"),
    ]


def test_an_empty_cell_means_empty_not_unknown():
    draft = read_ledger_workbook(xlsx(good_sheets()), source="台账.xlsx")
    t1, t2 = draft.tasks
    assert t1.cooperating_units == ()  # 配合单位 empty: none (not "keep what the ledger has")
    assert t1.acceptance_unit is None
    assert (t2.target, t2.responsible_person, t2.responsible_phone, t2.progress_text) == ("", "", "", "")
    assert t2.measures[0].progress_text == "" and t1.measures[1].progress_text == ""
    sheets = set_cell(good_sheets(), "反馈问题", 2, "类别", None)
    set_cell(sheets, "整改任务", 2, "状态", None)
    set_cell(sheets, "整改任务", 2, "完成进度（%）", None)
    draft = read_ledger_workbook(xlsx(sheets), source="台账.xlsx")
    assert draft.findings[0].category == "other"  # 类别 empty → 其他
    assert (draft.tasks[0].state, draft.tasks[0].progress) == (None, None)  # no "empty" state: not stated


def test_a_valid_workbook_imports_whole_and_reimports_to_nothing(world):
    draft = read_ledger_workbook(xlsx(good_sheets()), source="台账.xlsx")
    plan = ingest.ledger_import_apply(actor=world.office, unit=world.pref, inspection_name=NAME, draft=draft)
    assert plan.counts()["new_task"] == 2 and plan.counts()["new_measure"] == 3
    inspection = Inspection.objects.get(name=NAME)
    task1, task2 = inspection.tasks.order_by("number")
    assert (task1.state, task1.progress, task1.lead_leader, task1.due_on) == (
        TaskState.IN_PROGRESS,
        30,
        world.leader,
        date(2023, 12, 31),
    )
    assert set(task2.cooperating_units.all()) == {world.county_a, world.dept}
    assert task2.acceptance_unit == world.dept
    assert sorted(f.number for f in task2.findings.all()) == [1, 2]
    assert inspection.findings.get(number=2).city_seq == 5
    assert task1.measures.get(number=1).progress_on == date(2024, 6, 30)
    again = ingest.ledger_import_plan(unit=world.pref, inspection_name=NAME, draft=draft)
    assert again.errors == [] and again.is_empty


def test_an_edited_workbook_updates_the_ledger(world):
    ingest.ledger_import_apply(
        actor=world.office,
        unit=world.pref,
        inspection_name=NAME,
        draft=read_ledger_workbook(xlsx(good_sheets()), source="台账.xlsx"),
    )
    sheets = set_cell(good_sheets(), "整改任务", 2, "状态", "已完成（自评）")
    set_cell(sheets, "整改任务", 2, "完成进度（%）", 100)
    set_cell(sheets, "整改任务", 3, "配合单位", None)
    set_cell(sheets, "整改任务", 3, "验收单位", None)
    set_cell(sheets, "整改措施", 4, "最新进展", "已核查完毕")
    set_cell(sheets, "整改措施", 4, "进展日期", date(2024, 9, 30))
    draft = read_ledger_workbook(xlsx(sheets), source="台账-9月.xlsx")
    plan = ingest.ledger_import_plan(unit=world.pref, inspection_name=NAME, draft=draft)
    assert [(c.kind, c.subject) for c in plan.changes] == [
        ("state", "任务1"),
        ("progress", "任务1"),
        ("task", "任务2"),
        ("measure", "任务2 措施1"),
    ]
    ingest.ledger_import_apply(actor=world.office, unit=world.pref, inspection_name=NAME, draft=draft)
    task1, task2 = Task.objects.filter(inspection__name=NAME).order_by("number")
    assert (task1.state, task1.progress) == (TaskState.SELF_REPORTED, 100)
    assert (list(task2.cooperating_units.all()), task2.acceptance_unit) == ([], None)
    measure = task2.measures.get(number=1)
    assert (measure.progress_text, measure.progress_on) == ("已核查完毕", date(2024, 9, 30))


# -- forgiving about form ------------------------------------------------------------------------


def test_columns_in_another_order_header_variants_title_rows_blank_rows_and_unknown_columns():
    good = read_ledger_workbook(xlsx(good_sheets()), source="台账.xlsx")
    sheets = {}
    for title, rows in reversed(good_sheets().items()):  # sheets in another order too
        order = list(reversed(range(len(rows[0]))))
        header = [rows[0][i] for i in order]
        header = [
            {"完成进度（%）": "完成进度\n(%)", "任务名称": " 任务 名称 ", "序号": "＊序号"}.get(h, h)
            for h in header
        ]
        data = [[row[i] for i in order] for row in rows[1:]]
        sheets[title] = [[f"柳原州整改台账·{title}"], [], [*header, "备注"], *([*r, "见附件"] for r in data)]
        sheets[title].insert(4, [None] * len(header))  # a blank row between the first two data rows
    sheets["说明"] = [["本表由整改办填写"]]
    draft = read_ledger_workbook(xlsx(sheets, merge={"整改任务": ["A1:Q1"]}), source="台账.xlsx")
    assert without_lines(draft) == without_lines(good)
    assert [t.line for t in draft.tasks] == ["整改任务 第4行", "整改任务 第6行"]
    assert [m.line for t in draft.tasks for m in t.measures] == [
        "整改措施 第4行",
        "整改措施 第6行",
        "整改措施 第7行",
    ]
    assert (None, "工作表“说明”不是台账的工作表，已忽略") in draft.warnings
    assert ("整改任务 第3行", "“备注”（R列）不是台账的列，已忽略") in draft.warnings
    assert len(draft.warnings) == 4


def test_header_matching_ignores_spaces_and_width():
    assert (
        normalize_header("完成进度(%)")
        == normalize_header("完成进度（%）")
        == normalize_header(" 完成进度 \n（％）")
    )
    assert normalize_header("＊任务名称") == normalize_header("任务名称")


def test_numbers_and_dates_in_odd_forms():
    sheets = good_sheets()
    set_cell(sheets, "反馈问题", 2, "序号", "１")  # full-width digit, as text
    set_cell(sheets, "反馈问题", 3, "序号", 2.0)
    set_cell(sheets, "反馈问题", 3, "省序号", " 3 ")
    set_cell(sheets, "整改任务", 2, "任务序号", "1.0")
    set_cell(sheets, "整改任务", 3, "对应问题序号", "1，2")
    set_cell(sheets, "整改任务", 2, "对应问题序号", 1.0)
    set_cell(sheets, "整改任务", 2, "完成进度（%）", "30%")
    set_cell(sheets, "整改任务", 2, "起算日期", "2022/6/1")
    set_cell(sheets, "整改任务", 3, "起算日期", "2022年6月1日")
    set_cell(sheets, "整改任务", 2, "联系电话", 13912345678)  # a phone number typed as a number
    set_cell(sheets, "整改措施", 2, "进展日期", datetime(2024, 6, 30, 0, 0))  # noqa: DTZ001 (Excel date-times are naive)
    set_cell(sheets, "整改措施", 3, "进展日期", "2024-06-30")
    set_cell(sheets, "整改措施", 4, "进展日期", 45473)  # a date serial that lost its format
    set_cell(sheets, "整改措施", 3, "措施序号", "2")
    draft = read_ledger_workbook(xlsx(sheets), source="台账.xlsx")
    assert [f.number for f in draft.findings] == [1, 2] and draft.findings[1].provincial_seq == 3
    t1, t2 = draft.tasks
    assert (t1.number, t1.finding_numbers, t1.progress, t1.start_on) == (1, (1,), 30, date(2022, 6, 1))
    assert (t2.finding_numbers, t2.start_on) == ((1, 2), date(2022, 6, 1))
    assert t1.responsible_phone == "13912345678"
    assert [m.progress_on for t in draft.tasks for m in t.measures] == [date(2024, 6, 30)] * 3
    assert [m.number for m in t1.measures] == [1, 2]


def test_merged_cells_read_as_their_value_in_every_cell():
    sheets = good_sheets()
    set_cell(sheets, "整改任务", 3, "牵头单位", None)
    draft = read_ledger_workbook(xlsx(sheets, merge={"整改任务": ["I2:I3"]}), source="台账.xlsx")
    assert [t.lead_unit for t in draft.tasks] == ["石河县", "石河县"]


def test_a_workbook_from_a_path_or_a_file_object(tmp_path):
    path = tmp_path / "台账.xlsx"
    path.write_bytes(xlsx(good_sheets()))
    from_path = read_ledger_workbook(path, source=path.name)
    from_str = read_ledger_workbook(str(path), source=path.name)
    with path.open("rb") as handle:
        from_file = read_ledger_workbook(handle, source=path.name)
    assert from_path == from_str == from_file


# An .xls (BIFF8) with one finding, task and measure, as written by xlwt 1.3 (openpyxl cannot write .xls;
# made once with `xlwt`, a date cell formatted yyyy-mm-dd, numbers as numbers), zlib-compressed.
XLS = (
    "eNrtWF1MHFUUPnf2ny7ssl2oUAtIBVoKCT9tlYey1UTrC1tgaSxu2fI3WQxbqCuVQhsBK00NEvxDKWnSkNRGfagYY5VWqD7U+KCp2gcT"
    "SS1ofNI0Wv+FMp5zZ/ayg9ZAohiaPZs5c75z79zzO/dO9pNLiVMjb6ROwwIqBQPMKTYwR+kYXrYIcAKOKwqJkbsVLyVGK4psViyk2QTn"
    "4z+yUA2p3tMgwajxfeQAX+G1B/aDt7VFzlhGupf7UMfIh23MjL0nYUeeQJ4AKdwzF+cNnK/m/HU++13Ot3NNP+fbcO4Uewgueby5d2ud"
    "vFvK5GMJyBm8zZ/5gmsKIQk+pE7ueoapc01wT/jhutAKG0gz2uEUYFF3yC1ymLADXoY4gA6k/H378hsbp8CNBT8FPysZAD9F3uz3MmL6"
    "5dUzQP1ver3lJnorFnGh/nnJCNANSi2jZu7FvdnF920j+9h37Pi1waEh0v1hUXVtcok84x2pJN13cfO61xrG5VmYYXmoycUL1xoI/Ooz"
    "ADvp0wTWrglSgASccejwpkojMG6jYszP0L4XcU61O1QXuhx0AWtov+r/1Df6qF3JfiTZx3ameq/ud4e6BtODvf2WpucaSmWpAJ8gj2hN"
    "fNV/978QoAUJaiPxVd93oEhuXnvM0qSJv8jlL6LY3v/SoW/k9CCK6/tnvEeHZv0oHghvrt7lK9uJYtmz1ipNfHp4q0yiQZ17jpyt6p45"
    "vOXAlT4M52yY1Vpwlt9ZPzlwOmBVssCmmFVrkwO79lysfasCX7NCK7DoaM6HzG04q7hz2D8xoAaFqxRBARRBMbQFBgNllCVvsLXyy5qu"
    "QTT+Y/uboQuUyTW+qt0XKJMZe21eO0BBSUlBfmFR8eYtW+/C4VcaJgfyvbjY9RpyigyNyQ9QAqhcWoZIpOxrCdBCheAo9xlFulGG0O2n"
    "/BePFfY0HyzsqTk40Tcum4BN9Fmqr9dM1luaqBvUE8GpOxHi+S5pR94IDi4n8r3Sie04++oPn5XVl3v2ck03/wpQvxWyqC1BgR56Ah9O"
    "4CMSRFbN5fImzp/gq67lcirnbtzI8J5dnqQJ9x/hc57ko9lop5jTZU9OlLwB5d5vK95J6/3asxHlMzumO91nPveMQCZ+uzQC478jkMfy"
    "2PBxojFP5M60M+UK5yl/OV+sklPzXdE+iBxwA/gbhPkgUhFlhwkkablSkQGRQSAjIqNAJkQmzQ5bYOdxKY7rEnnmaD7jduYRrWURiNai"
    "SpRKLjjLU7496ktu+ersWMF1dvxtnW26Osfp6rxKV2e7rs7xujonCGRG5BDIgsgpkBVRokA2lF0CxSFaLdAqRG6B7IiSBIpHlCxQAqI1"
    "UV3mWESX3SYQRZkiEEWZquvAtYjUVUzo6+lzkjZGUd4uZlKU6wSiKNMEorjSBaK4MgSiuO4QFiiuTjFGcWVGOh7+v46/9XY2fcev13X8"
    "nbqOz9J1fLau43NusrONo2/zPadyFtVtG3Tdtk7XbRt13Xb0A+kfqh+jGMVoITFt3zLwdxb494eZn0Pq/zo38JqL/U1yy1IltOKvDc/Y"
    "+6AF72HoWFL/JIOJRdZii3wm8n8h0YNoPQzNUM/9aF5y/+K5xqLjWfSDzn/vFVqq/bml+Pkf2/8TwI4HLg=="
)


def test_an_xls_workbook():
    draft = read_ledger_workbook(zlib.decompress(base64.b64decode(XLS)), source="台账.xls")
    (finding,) = draft.findings
    (task,) = draft.tasks
    assert (finding.number, finding.category) == (1, "air")
    assert (task.number, task.finding_numbers, task.start_on, task.state, task.progress) == (
        1,
        (1,),
        date(2022, 6, 1),
        TaskState.IN_PROGRESS,
        30,
    )
    assert (task.cooperating_units, task.acceptance_unit, task.responsible_phone) == (
        ("北塔县",),
        None,
        "0990-1234567",
    )
    assert [(m.number, m.unit, m.progress_on) for m in task.measures] == [(1, "石河县", date(2024, 6, 30))]


def ods(sheets: dict[str, list[list]]) -> bytes:
    """A minimal OpenDocument spreadsheet (what LibreOffice and WPS save as .ods), built by hand."""

    def cell(value) -> str:
        if value is None:
            return "<table:table-cell/>"
        if isinstance(value, date):
            return f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}"/>'
        if isinstance(value, int | float):
            return f'<table:table-cell office:value-type="float" office:value="{value}"/>'
        return f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p></table:table-cell>'

    tables = "".join(
        f'<table:table table:name="{title}">'
        + "".join(f"<table:table-row>{''.join(cell(v) for v in row)}</table:table-row>" for row in rows)
        + "</table:table>"
        for title, rows in sheets.items()
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def test_an_ods_workbook_reads_like_the_xlsx():
    from_ods = read_ledger_workbook(ods(good_sheets()), source="台账.ods")
    from_xlsx = read_ledger_workbook(xlsx(good_sheets()), source="台账.ods")
    assert from_ods == from_xlsx


# -- strict about content ------------------------------------------------------------------------

BAD_CELLS = [
    ("整改任务", 2, "状态", "进行中", f"整改任务 第2行 “状态”：“进行中”不是可识别的状态（可填：{STATES}）"),
    ("整改任务", 3, "完成进度（%）", "一百", "整改任务 第3行 “完成进度（%）”：“一百”不是0到100之间的整数"),
    ("整改任务", 2, "完成进度（%）", 150, "整改任务 第2行 “完成进度（%）”：“150”不是0到100之间的整数"),
    ("整改任务", 2, "完成进度（%）", 2.5, "整改任务 第2行 “完成进度（%）”：“2.5”不是0到100之间的整数"),
    ("整改任务", 2, "完成进度（%）", -5, "整改任务 第2行 “完成进度（%）”：“-5”不是0到100之间的整数"),
    ("整改任务", 2, "任务序号", "一", "整改任务 第2行 “任务序号”：“一”不是正整数"),
    ("整改任务", 2, "任务序号", None, "整改任务 第2行 “任务序号”：不能为空"),
    ("整改任务", 3, "对应问题序号", "、", "整改任务 第3行 “对应问题序号”：没有填写对应的问题序号"),
    ("整改任务", 3, "对应问题序号", None, "整改任务 第3行 “对应问题序号”：没有填写对应的问题序号"),
    ("整改任务", 3, "对应问题序号", "1、二", "整改任务 第3行 “对应问题序号”：“1、二”中的“二”不是正整数"),
    ("整改任务", 2, "任务名称", "  ", "整改任务 第2行 “任务名称”：不能为空"),
    ("整改任务", 2, "牵头单位", None, "整改任务 第2行 “牵头单位”：不能为空"),
    ("整改任务", 2, "起算日期", "去年", "整改任务 第2行 “起算日期”：“去年”不是日期（应如2024-06-30）"),
    ("整改任务", 3, "任务序号", 1, "整改任务 第3行 “任务序号”：任务序号1与第2行重复"),
    ("反馈问题", 3, "序号", 1, "反馈问题 第3行 “序号”：序号1与第2行重复"),
    ("反馈问题", 2, "省序号", "3a", "反馈问题 第2行 “省序号”：“3a”不是正整数"),
    ("反馈问题", 2, "类别", "噪声", "反馈问题 第2行 “类别”：“噪声”不是可识别的类别（可填：思想认识与责任落实、产业结构与项目准入、能源与节能、水资源、大气污染、水污染、土壤与固体废物、生态保护、群众信访、督察整改、其他）"),
    ("反馈问题", 2, "问题内容", None, "反馈问题 第2行 “问题内容”：不能为空"),
    ("整改措施", 4, "任务序号", 9, "整改措施 第4行 “任务序号”：任务序号9在“整改任务”表中不存在"),
    ("整改措施", 3, "措施序号", 1, "整改措施 第3行 “措施序号”：任务1的措施序号1与第2行重复"),
    ("整改措施", 2, "进展日期", "2024-13-01", "整改措施 第2行 “进展日期”：“2024-13-01”不是日期（应如2024-06-30）"),
    ("整改措施", 2, "进展日期", "2024-02-30", "整改措施 第2行 “进展日期”：“2024-02-30”不是日期（应如2024-06-30）"),
    ("整改措施", 2, "措施内容", None, "整改措施 第2行 “措施内容”：不能为空"),
]  # fmt: skip


def _case_id(case) -> str:
    title, row, header, _value, _message = case
    sheet = {"反馈问题": "findings", "整改任务": "tasks", "整改措施": "measures"}[title]
    return f"{sheet}-row{row}-col{1 + good_sheets()[title][0].index(header)}-{BAD_CELLS.index(case)}"


@pytest.mark.parametrize(
    ("title", "row", "header", "value", "message"), BAD_CELLS, ids=map(_case_id, BAD_CELLS)
)
def test_an_invalid_cell_is_named_and_nothing_is_written(world, title, row, header, value, message):
    assert import_errors(world, xlsx(set_cell(good_sheets(), title, row, header, value))) == [message]


def test_every_error_is_collected_before_anything_is_written(world):
    sheets = good_sheets()
    set_cell(sheets, "反馈问题", 3, "序号", "二")
    set_cell(sheets, "整改任务", 2, "状态", "完成")
    set_cell(sheets, "整改任务", 3, "完成进度（%）", "一百")
    set_cell(sheets, "整改措施", 4, "任务序号", 7)
    assert import_errors(world, xlsx(sheets)) == [
        "反馈问题 第3行 “序号”：“二”不是正整数",
        f"整改任务 第2行 “状态”：“完成”不是可识别的状态（可填：{STATES}）",
        "整改任务 第3行 “完成进度（%）”：“一百”不是0到100之间的整数",
        "整改措施 第4行 “任务序号”：任务序号7在“整改任务”表中不存在",
    ]


def test_a_missing_sheet_or_column_is_an_error(world):
    sheets = good_sheets()
    del sheets["整改措施"]
    for rows in (sheets["整改任务"],):
        column = rows[0].index("状态")
        for row in rows:
            del row[column]
    assert import_errors(world, xlsx(sheets)) == ["缺少工作表“整改措施”", "整改任务 第1行 “状态”：缺少此列"]


def test_the_export_only_column_may_be_left_out():
    sheets = good_sheets()
    column = sheets["整改任务"][0].index("完成时限")
    for row in sheets["整改任务"]:
        del row[column]
    assert without_lines(read_ledger_workbook(xlsx(sheets), source="x")) == without_lines(
        read_ledger_workbook(xlsx(good_sheets()), source="x")
    )


def test_a_duplicated_column_and_a_sheet_without_headers_are_errors(world):
    sheets = good_sheets()
    sheets["整改任务"][0].append("状态")
    sheets["整改措施"] = [["措施", "内容"], [1, "x"]]
    assert import_errors(world, xlsx(sheets)) == [
        "整改任务 第1行 “状态”：列重复（N列和R列）",
        "整改措施：找不到表头行（前10行中没有“任务序号”“措施序号”“措施内容”等列名）",
    ]


def test_the_plans_own_errors_name_the_row(world):
    sheets = set_cell(good_sheets(), "整改任务", 3, "牵头单位", "火星县")
    set_cell(sheets, "整改任务", 2, "责任领导", "无名氏")
    set_cell(sheets, "整改任务", 2, "对应问题序号", "1、7")
    set_cell(sheets, "整改措施", 4, "责任单位", "州统计局")
    assert import_errors(world, xlsx(sheets)) == [
        "整改任务 第2行：任务1对应的问题7不存在",
        "整改任务 第2行：责任领导“无名氏”找不到（须为柳原州的责任领导账号的姓名）",
        "整改任务 第3行：牵头单位“火星县”不是柳原州的单位（请先在基础数据中添加，或核对名称）",
        "整改措施 第4行：措施责任单位“州统计局”不是柳原州的单位（请先在基础数据中添加，或核对名称）",
    ]


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "不是Excel或WPS表格文件（支持 .xlsx、.xls、.ods）"),
        (
            b"\xe6\x95\xb4\xe6\x94\xb9,\xe5\x8f\xb0\xe8\xb4\xa6\n1,2\n",
            "不是Excel或WPS表格文件（支持 .xlsx、.xls、.ods）",
        ),
    ],
)
def test_a_file_that_is_not_a_workbook(data, problem):
    with pytest.raises(WorkbookError) as caught:
        read_ledger_workbook(data, source="台账.xlsx")
    assert caught.value.errors == [f"无法读取工作簿「台账.xlsx」：{problem}"]


def test_a_corrupt_xlsx(tmp_path):
    data = xlsx(good_sheets())
    with pytest.raises(WorkbookError) as caught:
        read_ledger_workbook(data[: len(data) // 2], source="台账.xlsx")
    assert caught.value.errors[0].startswith("无法读取工作簿「台账.xlsx」：")
    with pytest.raises(WorkbookError) as caught:
        read_ledger_workbook(tmp_path / "无此文件.xlsx", source="无此文件.xlsx")
    assert caught.value.errors[0].startswith("无法读取工作簿「无此文件.xlsx」：无法打开")
