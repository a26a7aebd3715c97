"""rectify people_import FILE: the same all-or-nothing import from the command line, as the system or a named office."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from people_helpers import GOOD_ROWS, workbook

from rectify.accounts.commands import system_actor
from rectify.audit.models import AuditEvent
from rectify.orgunits.models import RoleAssignment

User = get_user_model()


def test_command_imports_as_the_system_and_prints_passwords_once(world, tmp_path):
    path = tmp_path / "名单.xlsx"
    path.write_bytes(workbook(GOOD_ROWS))
    out = StringIO()
    call_command("people_import", str(path), stdout=out)
    printed = out.getvalue()
    assert "新建账号 3，修改信息 0，授予角色 4" in printed
    zhao = User.objects.get(username="zhaoq")
    password = next(line.split("\t")[1] for line in printed.splitlines() if line.strip().startswith("zhaoq"))
    assert zhao.check_password(password) and zhao.must_change_password
    events = AuditEvent.objects.filter(code="accounts.user.create")
    assert events.count() == 3 and {e.actor.full_name for e in events} == {"系统（命令行）"}

    again = StringIO()
    call_command("people_import", str(path), stdout=again)
    assert "没有变化" in again.getvalue() and User.objects.filter(username="zhaoq").count() == 1


def test_command_refuses_a_bad_list_whole_and_limits_to_the_unit(world, tmp_path):
    path = tmp_path / "名单.xlsx"
    path.write_bytes(workbook([*GOOD_ROWS, ["周五", "青川州", "观察员", "", "", "13900000010", "", ""]]))
    system_actor()  # the command's actor, made on its first run
    before = (User.objects.count(), RoleAssignment.objects.count(), AuditEvent.objects.count())
    with pytest.raises(CommandError) as refused:
        call_command("people_import", str(path), "--unit", "柳原州", stdout=StringIO())
    assert "第5行「单位」：找不到单位“青川州”" in str(refused.value)
    with pytest.raises(CommandError) as refused:
        call_command("people_import", str(path), "--user", "office", stdout=StringIO())
    assert "第5行「单位」：找不到单位“青川州”" in str(refused.value)
    assert (User.objects.count(), RoleAssignment.objects.count(), AuditEvent.objects.count()) == before


def test_command_as_a_named_office_writes_passwords_to_a_file(world, tmp_path):
    from openpyxl import load_workbook

    path, passwords = tmp_path / "名单.xlsx", tmp_path / "密码.xlsx"
    path.write_bytes(workbook(GOOD_ROWS))
    call_command(
        "people_import", str(path), "--user", "office", "--passwords", str(passwords), stdout=StringIO()
    )
    rows = list(load_workbook(passwords).active.iter_rows(min_row=2, values_only=True))
    assert {r[2] for r in rows} == {"13900000001", "zhaoq", "sunli"}
    assert all(User.objects.get(username=r[2]).check_password(r[3]) for r in rows)
    assert {e.actor_id for e in AuditEvent.objects.filter(code="orgunits.role.grant")} == {world.office.pk}
