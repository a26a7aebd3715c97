"""The unit-tree commands for scripted installs: region_setup (twice is once, a bad template changes
nothing), unit_add, unit_rename, unit_move, unit_merge; a refusal is exit status 2 in Chinese."""

import pytest
from django.core.management import CommandError, call_command

from rectify.audit import codes
from rectify.audit.models import AuditEvent
from rectify.orgunits.models import OrgUnit, OrgUnitKind
from support import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def admin():
    return make_user("admin", is_superuser=True)


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_region_setup_twice_with_the_default_departments_and_a_parks_file(tmp_path):
    parks = tmp_path / "园区.txt"
    parks.write_text("准东经济技术开发区，准东开发区\n", encoding="gb18030")
    first = run("region_setup", "--division", "652300", "--parks", str(parks))
    assert "昌吉回族自治州：新增 26 个单位，沿用已有 0 个" in first
    assert "+ 木垒哈萨克自治县 652328（县/市/区）" in first
    assert "+ 昌吉州生态环境局（部门）" in first and "+ 准东经济技术开发区（园区）" in first
    count = OrgUnit.objects.count()
    assert "新增 0 个单位，沿用已有 25 个" in run(
        "region_setup", "--division", "652300", "--parks", str(parks)
    )
    assert OrgUnit.objects.count() == count


def test_a_bad_template_file_is_named_by_line_and_changes_nothing(tmp_path):
    template = tmp_path / "部门.txt"
    template.write_text("生态环境局\n\n甲，乙，丙\n", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        run("region_setup", "--division", "652300", "--departments", str(template))
    assert "部门.txt 第3行：一行只写全称和简称两项" in str(caught.value) and caught.value.returncode == 2
    with pytest.raises(CommandError, match="找不到文件"):
        run("region_setup", "--division", "652300", "--parks", str(tmp_path / "无.txt"))
    assert OrgUnit.objects.count() == 0


def test_add_rename_move_merge():
    run("region_setup", "--division", "652300", "--departments", "none")
    assert "已新增" in run("unit_add", "昌吉高新区管委会", "--parent", "昌吉州", "--kind", OrgUnitKind.PARK)
    run("unit_rename", "昌吉高新区管委会", "--name", "昌吉高新技术产业开发区", "--short-name", "昌吉高新区")
    park = OrgUnit.objects.get(short_name="昌吉高新区")
    run("unit_move", "昌吉高新区", "--to", "652301")
    park.refresh_from_db()
    assert park.parent.code == "652301" and park.depth == 3
    run("unit_merge", f"#{park.pk}", "--into", "阜康市", "--reason", "测试")
    assert not OrgUnit.objects.filter(pk=park.pk).exists()
    assert set(AuditEvent.objects.values_list("code", flat=True)) <= codes.ALL_CODES
    assert set(AuditEvent.objects.values_list("code", flat=True)) >= {
        codes.ORGUNITS_UNIT_CREATE,
        codes.ORGUNITS_UNIT_RENAME,
        codes.ORGUNITS_UNIT_MOVE,
        codes.ORGUNITS_UNIT_MERGE,
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("unit_move", "昌吉州", "--to", "652301"), "不能把单位移到它自己或它的下级单位之下"),
        (("unit_merge", "无此单位", "--into", "昌吉州"), "没有找到单位“无此单位”"),
        (("region_setup", "--division", "652301"), "昌吉市是县级单位"),
        (("unit_rename", "昌吉市", "--code", "652302"), "已属于“阜康市”"),
    ],
)
def test_refusals_are_clear_and_change_nothing(args, message):
    run("region_setup", "--division", "652300", "--departments", "none")
    before = sorted(OrgUnit.objects.values_list("pk", "name", "code", "path"))
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert message in str(caught.value) and caught.value.returncode == 2
    assert sorted(OrgUnit.objects.values_list("pk", "name", "code", "path")) == before


def test_unit_list_shows_the_tree_with_codes():
    assert "还没有单位" in run("unit_list")
    run("region_setup", "--division", "652300", "--departments", "none")
    lines = run("unit_list", "昌吉州").splitlines()
    assert lines[0].endswith("昌吉回族自治州（昌吉州） 州/市 652300")
    assert lines[-1].strip().endswith("木垒哈萨克自治县（木垒县） 县/市/区 652328")
    assert len(lines) == 8 and all(line.startswith("  #") for line in lines[1:])
