"""The ledger as Excel: the written workbook, its round trip through the reader and the import, what each
user may download, and the export command."""

import io
from datetime import date
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import include, path, reverse
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from config.urls import urlpatterns as project_urlpatterns
from rectify.demo.loader import load_demo
from rectify.documents import views
from rectify.documents.ledger_workbook import CONTENT_TYPE, blank_template, write_ledger_workbook
from rectify.ingest import services as ingest
from rectify.ingest.workbook import read_ledger_workbook
from rectify.ingest.workbook_columns import SHEETS, TASKS
from rectify.ledger import services
from rectify.ledger.models import Inspection, Milestone, Task

# The project's URLs, with the documents app mounted as config/urls.py is to mount it.
urlpatterns = list(project_urlpatterns)
if not any(getattr(p, "namespace", None) == "documents" for p in urlpatterns):
    urlpatterns.append(path("documents/", include("rectify.documents.urls")))
pytestmark = pytest.mark.urls(__name__)

COPY = "第四轮中央生态环境保护督察"


def cells(data: bytes) -> dict[str, list[list]]:
    """Every cell of every sheet, as calamine reads it."""
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names}


def as_dicts(data: bytes) -> dict[str, list[dict]]:
    return {
        title: [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
        for title, rows in cells(data).items()
    }


def milestones(inspection) -> list[tuple]:
    return list(
        Milestone.objects.filter(task__inspection=inspection)
        .order_by("task__number", "due_on")
        .values_list("task__number", "due_on", "percent", "text")
    )


def assert_round_trip(actor, inspection) -> dict[str, list[list]]:
    """Export → read → plan against the same inspection is empty; export → import as a new inspection →
    export again gives the same cells. Returns the cells."""
    exported = write_ledger_workbook(user=actor, inspection=inspection)
    draft = read_ledger_workbook(exported, source="台账.xlsx")
    assert draft.warnings == ()
    plan = ingest.ledger_import_plan(unit=inspection.unit, inspection_name=inspection.name, draft=draft)
    assert (plan.errors, [(c.kind, c.subject, c.detail) for c in plan.changes]) == ([], [])

    ingest.ledger_import_apply(actor=actor, unit=inspection.unit, inspection_name=COPY, draft=draft)
    copy = Inspection.objects.get(unit=inspection.unit, name=COPY)
    again = write_ledger_workbook(user=actor, inspection=copy)
    assert cells(again) == cells(exported)
    assert milestones(copy) == milestones(inspection)  # derived from 整改时限, they come out the same too
    return cells(exported)


# -- round trips ---------------------------------------------------------------------------------


def test_the_demo_ledger_round_trips_exactly(db):
    load_demo()
    inspection = Inspection.objects.get()
    office = get_user_model().objects.get(username="office")
    sheets = assert_round_trip(office, inspection)
    assert [len(sheets[s.title]) - 1 for s in SHEETS] == [18, 25, inspection.tasks.values("measures").count()]
    states = {row[TASKS.headers.index("状态")] for row in sheets["整改任务"][1:]}
    assert len(states) >= 5  # the demo's tasks stand in many states, all carried over


def test_the_world_ledger_round_trips_exactly(world):
    services.finding_create(actor=world.office, inspection=world.inspection, number=3, text="尚未分解的问题")
    services.task_update(
        actor=world.office,
        task=world.task_b,
        target="=数据真实准确",  # text that looks like a formula stays text
        acceptance_unit=world.dept,
        responsible_person="张三",
        responsible_phone="13912345678",
    )
    services.task_transition(actor=world.office, task=world.task_a, action="start")
    services.task_report_progress(
        actor=world.office, task=Task.objects.get(pk=world.task_a.pk), progress=40, progress_text="治理中"
    )
    services.measure_update(
        actor=world.office, measure=world.measure, progress_text="已招标", progress_on=date(2024, 5, 6)
    )
    sheets = assert_round_trip(world.office, world.inspection)
    assert [row[0] for row in sheets["反馈问题"][1:]] == [
        1,
        2,
        3,
    ]  # the office gets the finding without tasks


# -- the written workbook ------------------------------------------------------------------------


def test_the_workbook_has_typed_cells_bold_frozen_headers_and_widths(world):
    data = write_ledger_workbook(user=world.office, inspection=world.inspection)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["反馈问题", "整改任务", "整改措施"]
    assert book.properties.title == "柳原州·第二轮中央生态环境保护督察 整改台账"
    for spec in SHEETS:
        ws = book[spec.title]
        assert [c.value for c in ws[1]] == spec.headers
        assert all(c.font.b for c in ws[1])
        assert ws.freeze_panes == "A2"
        assert ws.column_dimensions["A"].width == spec.columns[0].width
    tasks = book["整改任务"]
    row = {h: tasks.cell(2, i + 1) for i, h in enumerate(TASKS.headers)}
    assert (row["任务序号"].value, row["任务序号"].data_type) == (1, "n")
    assert (row["起算日期"].is_date, row["起算日期"].number_format) == (True, "yyyy-mm-dd")
    assert row["起算日期"].value.date() == date(2022, 6, 1)
    assert row["完成时限"].value.date() == date(2023, 12, 31)
    assert (row["状态"].value, row["完成进度（%）"].value) == ("未启动", 0)
    assert (row["责任领导"].value, row["牵头单位"].value) == ("李副州长", "石河县")
    (validation,) = tasks.data_validations.dataValidation  # 状态 offers its labels as a list
    assert (str(validation.sqref), validation.formula1) == (
        "N2:N1048576",
        '"未启动,推进中,已完成（自评）,申请验收,验收通过,公示中,已销号,重新整改"',
    )
    assert as_dicts(data)["整改任务"][1]["配合单位"] == "石河县"


def test_the_template_has_the_headers_and_reads_back_as_an_empty_draft():
    data = blank_template()
    assert cells(data) == {s.title: [s.headers] for s in SHEETS}
    draft = read_ledger_workbook(data, source="整改台账模板.xlsx")
    assert (draft.findings, draft.tasks, draft.warnings) == ((), (), ())


# -- what each user gets -------------------------------------------------------------------------


def test_a_liaison_exports_only_the_tasks_they_see(world):
    services.measure_create(actor=world.office, task=world.task_c, number=1, text="安装计量设施")
    services.measure_create(actor=world.office, task=world.task_b, number=1, text="逐县核查")
    services.finding_create(actor=world.office, inspection=world.inspection, number=3, text="尚未分解的问题")

    def exported(user):
        sheets = as_dicts(write_ledger_workbook(user=user, inspection=world.inspection))
        return (
            [r["序号"] for r in sheets["反馈问题"]],
            [r["任务序号"] for r in sheets["整改任务"]],
            [(r["任务序号"], r["措施序号"]) for r in sheets["整改措施"]],
        )

    # 石河县 leads task 1 and cooperates on task 2; 北塔县 leads task 2 only
    assert exported(world.liaison) == ([1, 2], [1, 2], [(1, 1), (2, 1)])
    assert exported(world.other_liaison) == ([2], [2], [(2, 1)])
    assert exported(world.office) == ([1, 2, 3], [1, 2, 3], [(1, 1), (2, 1), (3, 1)])
    assert exported(world.leader) == ([1], [1], [(1, 1)])
    assert exported(world.other_office) == ([], [], [])


def test_the_export_can_be_narrowed_to_some_tasks(world):
    narrowed = Task.objects.filter(number__in=[2, 3])
    sheets = as_dicts(write_ledger_workbook(user=world.liaison, inspection=world.inspection, tasks=narrowed))
    assert ([r["序号"] for r in sheets["反馈问题"]], [r["任务序号"] for r in sheets["整改任务"]]) == (
        [2],
        [2],
    )


def test_the_download_is_named_in_chinese(world, client, monkeypatch):
    monkeypatch.setattr(views, "timezone", SimpleNamespace(localdate=lambda: date(2026, 11, 29)))
    client.force_login(world.office)
    response = client.get(reverse("documents:ledger_workbook", args=[world.inspection.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPE
    name = "柳原州-第二轮中央生态环境保护督察-整改台账-2026-11-29.xlsx"
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"ledger-{world.inspection.pk}-2026-11-29.xlsx\"; filename*=UTF-8''{quote(name)}"
    )
    assert [t.number for t in read_ledger_workbook(response.content, source=name).tasks] == [1, 2, 3]


def test_a_liaison_downloads_their_part(world, client):
    client.force_login(world.other_liaison)
    response = client.get(reverse("documents:ledger_workbook", args=[world.inspection.pk]))
    assert response.status_code == 200
    assert [t.number for t in read_ledger_workbook(response.content, source="x.xlsx").tasks] == [2]


def test_another_prefectures_office_gets_404_and_anonymous_users_log_in(world, client):
    url = reverse("documents:ledger_workbook", args=[world.inspection.pk])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == f"{reverse('login')}?next={quote(url)}"
    client.force_login(world.other_office)
    assert client.get(url).status_code == 404
    client.force_login(world.nobody)
    assert client.get(url).status_code == 404
    client.force_login(world.office)
    assert (
        client.get(reverse("documents:ledger_workbook", args=[world.inspection.pk + 100])).status_code == 404
    )
    assert client.post(url).status_code == 405


def test_the_template_download(world, client):
    url = reverse("documents:ledger_template")
    assert client.get(url).status_code == 302
    client.force_login(world.liaison)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"ledger-template.xlsx\"; filename*=UTF-8''{quote('整改台账模板.xlsx')}"
    )
    assert cells(response.content) == {s.title: [s.headers] for s in SHEETS}


# -- the command ---------------------------------------------------------------------------------


def test_the_export_command(world, tmp_path):
    output = tmp_path / "台账.xlsx"
    call_command(
        "export_ledger",
        inspection=world.inspection.name,
        output=str(output),
        user="liaison_b",
        stdout=io.StringIO(),
    )
    assert [t.number for t in read_ledger_workbook(output, source=output.name).tasks] == [2]
    call_command(  # no --user: the system actor, who sees every ledger
        "export_ledger",
        "--inspection",
        world.inspection.name,
        "--unit",
        "柳原州",
        "--output",
        str(output),
        stdout=io.StringIO(),
    )
    draft = read_ledger_workbook(output, source=output.name)
    assert ([f.number for f in draft.findings], [t.number for t in draft.tasks]) == ([1, 2], [1, 2, 3])


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"user": "ghost"}, "没有账号“ghost”"),
        ({"user": "office_qc"}, "用户“office_qc”无权查看“柳原州·第二轮中央生态环境保护督察”的台账"),
        ({"user": "office", "inspection": "第九轮"}, "找不到督察“第九轮”"),
        ({"user": "office", "unit": "青川州"}, "找不到“青川州”的督察“第二轮中央生态环境保护督察”"),
        ({"user": "office", "output": "台账.csv"}, "输出文件须为 .xlsx：台账.csv"),
    ],
)
def test_the_export_command_explains_what_is_wrong(world, tmp_path, arguments, message):
    options = {"inspection": world.inspection.name, "output": "台账.xlsx", **arguments}
    if options["output"] == "台账.xlsx":
        options["output"] = str(tmp_path / "台账.xlsx")
    with pytest.raises(CommandError) as caught:
        call_command("export_ledger", **options)
    assert str(caught.value) == message


def test_the_export_command_asks_which_inspection_when_names_clash(world, tmp_path):
    services.inspection_create(
        actor=world.other_office, unit=world.other_pref, name=world.inspection.name, kind="central"
    )
    with pytest.raises(CommandError) as caught:
        call_command(
            "export_ledger", inspection=world.inspection.name, output=str(tmp_path / "a.xlsx"), user="office"
        )
    assert "请用 --unit 指定整改责任地区" in str(caught.value)
