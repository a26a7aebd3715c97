"""The seed report (a real prefecture's published progress report) imported into a ledger, twice."""

import re
from datetime import date
from io import StringIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from rectify.audit.models import AuditEvent
from rectify.ingest.models import ImportJob
from rectify.ledger import services
from rectify.ledger.lifecycle import TaskState
from rectify.ledger.models import Finding, Inspection, InspectionKind, Measure, Task
from rectify.orgunits.models import OrgUnit
from rectify.orgunits.services import orgunit_create
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


def import_seed(username="cj_office") -> StringIO:
    out = StringIO()
    seed = shared_file("seeds/changji-2023-rectification-report.txt")
    call_command("import", str(seed), "--inspection", NAME, "--user", username, stdout=out, stderr=StringIO())
    return out


def test_the_seed_fills_the_inspection_sets_categories_titles_and_no_measure_progress(db, django_user_model):
    seed_prefecture_office(django_user_model, "cj_office")
    import_seed()

    inspection = Inspection.objects.get(name=NAME)
    assert (inspection.team, inspection.round_number, inspection.kind) == (
        "中央第五生态环境保护督察组",
        2,
        InspectionKind.CENTRAL,
    )
    assert (inspection.stay_start, inspection.stay_end) == (date(2022, 3, 25), date(2022, 4, 25))
    assert inspection.feedback_on == date(2022, 6, 1)

    categories = list(Finding.objects.order_by("number").values_list("category", flat=True))
    assert "other" not in categories and len(set(categories)) == 8
    titles = list(Task.objects.order_by("number").values_list("title", flat=True))
    assert "督察发现" not in titles and len(set(titles)) == 18
    assert list(Measure.objects.exclude(progress_text="").values_list("text", flat=True)) == []
    assert not Measure.objects.exclude(progress_on=None).exists()


def test_an_existing_inspection_gets_its_empty_fields_filled_and_a_different_team_is_only_warned(
    db, django_user_model, client
):
    username = seed_prefecture_office(django_user_model, "cj_office")
    office = django_user_model.objects.get(username=username)
    unit = OrgUnit.objects.get(name="昌吉回族自治州")
    services.inspection_create(
        actor=office, unit=unit, name=NAME, kind=InspectionKind.CENTRAL, team="中央第三生态环境保护督察组"
    )
    seed = shared_file("seeds/changji-2023-rectification-report.txt")
    client.force_login(office)
    client.post(
        "/imports/",
        {"file": SimpleUploadedFile(seed.name, seed.read_bytes()), "inspection_name": NAME, "unit": unit.pk},
    )
    page = client.get(f"/imports/jobs/{ImportJob.objects.get().pk}/").content.decode()
    assert "文件所述督察组为“中央第五生态环境保护督察组”，台账为“中央第三生态环境保护督察组”" in page
    assert "补入空白项" in page and "不同，未覆盖" in page

    import_seed()
    inspection = Inspection.objects.get(name=NAME)
    assert inspection.team == "中央第三生态环境保护督察组"  # never overwritten
    assert (inspection.stay_start, inspection.feedback_on) == (date(2022, 3, 25), date(2022, 6, 1))
    assert inspection.round_number == 2


def test_the_preview_shows_the_facts_and_lists_what_is_not_placed(db, django_user_model, client):
    username = seed_prefecture_office(django_user_model, "cj_office")
    seed = shared_file("seeds/changji-2023-rectification-report.txt")
    client.force_login(django_user_model.objects.get(username=username))
    client.post(
        "/imports/",
        {
            "file": SimpleUploadedFile(seed.name, seed.read_bytes()),
            "inspection_name": NAME,
            "unit": OrgUnit.objects.get(name="昌吉回族自治州").pk,
        },
    )
    page = client.get(f"/imports/jobs/{ImportJob.objects.get().pk}/").content.decode()
    facts = page.split('data-testid="inspection-facts"', 1)[1].split("</table>", 1)[0]
    for shown in ("中央第五生态环境保护督察组", "2022年3月25日", "2022年4月25日", "2022年6月1日", "第二轮"):
        assert shown in facts

    assert "未放入台账的内容" in page
    unplaced = page.split('data-testid="unplaced"', 1)[1].split("</details>", 1)[0]
    assert " open" not in unplaced.split(">", 1)[0]  # a long document: folded by default
    for section in (
        "一、提高政治站位，坚决扛起督察整改政治责任",
        "（二）推动绿色低碳发展。",
        "三、坚持问题导向，促进生态环境质量持续改善",
        "（三）积极回应人民群众诉求。",
        "下一步，自治州党委、政府将坚持",
        "交办的181件信访案件已办结或阶段性办结",  # the opening's figures go into no field
    ):
        assert section in unplaced, section
    assert "督察组、进驻时间、反馈日期、轮次已读入督察信息" in unplaced
    for placed in (
        "思想认识有偏差",  # a finding's text
        "加强新发展理念学习宣传",  # a measure
        "新疆大黄山鸿基焦化有限责任公司已完成整改",  # a progress paragraph (十一)
        "整改时限",
        "中共昌吉回族自治州委员会",  # the signature: read as the issuers
    ):
        assert placed not in unplaced, placed
    assert len(re.findall(r"<li", unplaced)) == 18  # the 15 narrative paragraphs, 3 attachment lines


def test_the_seed_imports_with_no_flag_but_the_inspection_as_the_system_actor(db, django_user_model):
    """On a set-up region `rectify import FILE --inspection NAME` finds the unit from the signature
    (中共昌吉回族自治州委员会, 昌吉回族自治州人民政府) and acts as the system actor, as the audit log says."""
    seed = shared_file("seeds/changji-2023-rectification-report.txt")
    seed_prefecture_office(django_user_model, "cj_office")
    django_user_model.objects.create_superuser("root", password="pw")  # a second superuser is no obstacle
    out = StringIO()
    call_command("import", str(seed), "--inspection", NAME, stdout=out, stderr=StringIO())
    assert "→ 昌吉州·第二轮中央生态环境保护督察" in out.getvalue()
    inspection = Inspection.objects.get(name=NAME)
    assert inspection.unit.name == "昌吉回族自治州" and inspection.tasks.count() == 18
    actors = set(AuditEvent.objects.values_list("actor__username", "actor__full_name").distinct())
    assert actors == {("rectify-system", "系统（命令行）")}


def test_a_report_previewed_for_another_place_is_warned(db, django_user_model, client):
    username = seed_prefecture_office(django_user_model, "cj_office")
    county = orgunit_create(name="阜康市", kind="county", parent=OrgUnit.objects.get(name="昌吉回族自治州"))
    seed = shared_file("seeds/changji-2023-rectification-report.txt")
    client.force_login(django_user_model.objects.get(username=username))
    client.post(
        "/imports/",
        {
            "file": SimpleUploadedFile(seed.name, seed.read_bytes()),
            "inspection_name": NAME,
            "unit": county.pk,
        },
    )
    page = client.get(f"/imports/jobs/{ImportJob.objects.get().pk}/").content.decode()
    assert (
        "落款“中共昌吉回族自治州委员会、昌吉回族自治州人民政府”是昌吉回族自治州，"
        "与所选整改责任地区“阜康市”不一致，请确认"
    ) in page
