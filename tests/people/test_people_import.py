"""Importing a people list: accounts with one-time passwords, roles granted, all or nothing, idempotent,
scoped to the importer's area, audited; and the list exported back imports unchanged."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from people_helpers import GOOD_ROWS, HEADER

from rectify.accounts.commands import system_actor
from rectify.audit.models import AuditEvent
from rectify.ingest.grid import read_grid
from rectify.orgunits.models import Role, RoleAssignment
from rectify.people.export import people_rows, people_workbook
from rectify.people.plan import people_import_plan
from rectify.people.services import people_import_apply

User = get_user_model()


def rows(*data):
    return [HEADER, *data]


def state():
    """Everything an import may change, to show that a refused one changed nothing."""
    return (
        sorted(User.objects.values_list("username", "full_name", "title", "phone", "email", "password")),
        sorted(RoleAssignment.objects.values_list("user_id", "role", "unit_id", "include_subtree")),
        AuditEvent.objects.count(),
    )


def test_good_list_creates_accounts_with_one_time_passwords_and_grants_roles(world):
    result = people_import_apply(actor=world.office, rows=rows(*GOOD_ROWS), source="名单.xlsx")

    wang = User.objects.get(username="13900000001")  # no 用户名: the phone is the login name
    assert (wang.full_name, wang.title, wang.phone, wang.must_change_password) == (
        "王芳",
        "县生态环境局副局长",
        "13900000001",
        True,
    )
    zhao = User.objects.get(username="zhaoq")
    assert zhao.email == "zq@example.cn"
    held = set(
        RoleAssignment.objects.filter(user__in=[wang, zhao]).values_list(
            "user__username", "role", "unit__name", "include_subtree"
        )
    )
    assert held == {
        ("13900000001", Role.LIAISON, "石河县", False),
        ("zhaoq", Role.LIAISON, "北塔县", False),
        ("zhaoq", Role.OBSERVER, "北塔县", True),
    }
    passwords = {a.username: a.password for a in result.accounts}
    assert set(passwords) == {"13900000001", "zhaoq", "sunli"}
    for username, password in passwords.items():
        stored = User.objects.get(username=username).password
        assert password not in stored and check_password(password, stored)
    events = AuditEvent.objects.filter(reason="人员名单“名单.xlsx”")
    assert sorted(events.values_list("code", flat=True)) == sorted(
        ["accounts.user.create"] * 3 + ["orgunits.role.grant"] * 4
    )
    assert all(e.actor_id == world.office.pk for e in events)
    assert not any("password" in e.changes for e in events)  # never the password, not even hashed


def test_bad_rows_change_nothing_and_say_row_and_column(world):
    before = state()
    bad = rows(
        GOOD_ROWS[0],
        ["李四", "xx县", "单位联络员", "", "", "13900000009", "", ""],
        ["周五", "青川州", "观察员", "", "", "13900000010", "", ""],  # another prefecture: not the office's
        ["吴六", "石河县", "站长", "", "", "13900000011", "", ""],
    )
    with pytest.raises(ValidationError) as refused:
        people_import_apply(actor=world.office, rows=bad, source="名单.xlsx")
    assert refused.value.messages == [
        "第5行「角色」：“站长”不是可识别的角色（可填：整改办、单位联络员、责任领导、观察员）",
        "第3行「单位」：找不到单位“xx县”",
        "第4行「单位」：找不到单位“青川州”",
    ]
    assert state() == before


def test_bad_rows_messages_exact(world):
    bad = rows(
        ["李四", "xx县", "单位联络员", "", "", "13900000009", "", ""],
        ["周五", "青川州", "观察员", "", "", "13900000010", "", ""],
    )
    plan = people_import_plan(actor=world.office, rows=bad)
    assert plan.errors == ["第2行「单位」：找不到单位“xx县”", "第3行「单位」：找不到单位“青川州”"]
    # the other prefecture's office finds its own unit, and not the first one's
    plan = people_import_plan(actor=world.other_office, rows=bad)
    assert plan.errors == ["第2行「单位」：找不到单位“xx县”"]
    plan = people_import_plan(actor=world.other_office, rows=rows(GOOD_ROWS[0]))
    assert plan.errors == ["第2行「单位」：找不到单位“石河县”"]


def test_reimport_changes_nothing_and_updates_by_phone_or_email(world):
    people_import_apply(actor=world.office, rows=rows(*GOOD_ROWS))
    users, before = User.objects.count(), state()

    again = people_import_plan(actor=world.office, rows=rows(*GOOD_ROWS))
    assert again.errors == [] and again.is_empty
    result = people_import_apply(actor=world.office, rows=rows(*GOOD_ROWS))
    assert result.accounts == () and state() == before

    changed = rows(
        ["王芳", "石河县", "单位联络员", "", "县生态环境局局长", "13900000001", "", ""],  # by phone
        ["赵强", "石河县", "观察员", "否", "科长", "", "ZQ@example.cn", ""],  # by e-mail, any case
    )
    plan = people_import_plan(actor=world.office, rows=changed)
    assert [(p.username, p.changes) for p in plan.people if p.changes] == [
        ("13900000001", {"title": ("县生态环境局副局长", "县生态环境局局长")}),
        ("zhaoq", {"email": ("zq@example.cn", "ZQ@example.cn")}),
    ]
    people_import_apply(actor=world.office, rows=changed)
    assert User.objects.count() == users  # never a duplicate
    assert RoleAssignment.objects.filter(user__username="zhaoq", role=Role.OBSERVER).count() == 2
    assert AuditEvent.objects.filter(
        code="accounts.user.update", object_id=str(User.objects.get(username="13900000001").pk)
    ).exists()


def test_existing_demo_people_are_matched_by_username_and_reach_updated(world):
    plan = people_import_plan(
        actor=world.office, rows=rows(["石河联络员", "石河县", "单位联络员", "是", "", "", "", "liaison"])
    )
    (person,) = plan.people
    assert person.user == world.liaison and person.grants == []
    assert [(g.role, g.include_subtree) for g in person.reaches] == [(Role.LIAISON, True)]
    people_import_apply(
        actor=world.office, rows=rows(["石河联络员", "石河县", "单位联络员", "是", "", "", "", "liaison"])
    )
    assert RoleAssignment.objects.get(user=world.liaison).include_subtree is True
    assert AuditEvent.objects.filter(code="orgunits.role.update").count() == 1


def test_office_may_not_rewrite_a_person_of_another_area(world):
    plan = people_import_plan(
        actor=world.office, rows=rows(["改名", "石河县", "观察员", "", "", "", "", "office_qc"])
    )
    assert plan.errors == [
        "第2行：账号“office_qc”在您管理的范围以外担任角色，不能在此修改其姓名、职务或联系方式（请与表中原样一致，或请系统管理员修改）"
    ]


def test_ambiguous_unit_names_need_the_parent(world):
    from rectify.orgunits.models import OrgUnitKind
    from rectify.orgunits.services import orgunit_create

    orgunit_create(name="生态环境局", kind=OrgUnitKind.DEPARTMENT, parent=world.county_a)
    b = orgunit_create(name="生态环境局", kind=OrgUnitKind.DEPARTMENT, parent=world.county_b)
    plan = people_import_plan(
        actor=world.office, rows=rows(["甲", "生态环境局", "观察员", "", "", "1390000001", "", ""])
    )
    assert plan.errors == [
        "第2行「单位」：“生态环境局”对应多个单位（石河县/生态环境局、北塔县/生态环境局），请写作“上级单位/单位”"
    ]
    plan = people_import_plan(
        actor=world.office, rows=rows(["甲", "北塔县/生态环境局", "观察员", "", "", "1390000001", "", ""])
    )
    assert plan.errors == [] and plan.people[0].grants[0].unit == b


def test_export_round_trip_reimports_unchanged(world, tmp_path: Path):
    from rectify.orgunits.models import OrgUnitKind
    from rectify.orgunits.services import orgunit_create

    orgunit_create(name="生态环境局", kind=OrgUnitKind.DEPARTMENT, parent=world.county_a)
    orgunit_create(name="生态环境局", kind=OrgUnitKind.DEPARTMENT, parent=world.county_b)
    people_import_apply(
        actor=world.office,
        rows=rows(
            *GOOD_ROWS,
            ["钱七", "石河县/生态环境局", "单位联络员", "", "=不是公式", "+86 139 0000 0007", "", ""],
            ["钱七", "北塔县/生态环境局", "观察员", "否", "=不是公式", "+86 139 0000 0007", "", ""],
        ),
    )
    path = tmp_path / "人员名单.xlsx"
    path.write_bytes(people_workbook(actor=world.office))
    read = read_grid(path, source=path.name)
    assert read["sheet"] == "人员名单"
    assert read["rows"] == people_rows(actor=world.office)
    assert [
        "钱七",
        "北塔县/生态环境局",
        "观察员",
        "否",
        "=不是公式",
        "+86 139 0000 0007",
        "",
        "+8613900000007",
    ] in read["rows"]
    before = state()
    plan = people_import_plan(actor=world.office, rows=read["rows"])
    assert plan.errors == [] and plan.is_empty and plan.row_count == len(read["rows"]) - 1
    people_import_apply(actor=world.office, rows=read["rows"])
    assert state() == before
    # the other prefecture's export holds only its own people
    assert [r[7] for r in people_rows(actor=world.other_office)[1:]] == ["office_qc"]


def test_system_actor_imports_the_whole_tree_and_says_so(world):
    people_import_apply(
        actor=system_actor(),
        rows=rows(["周五", "青川州", "观察员", "", "", "13900000010", "", ""]),
        source="a.xlsx",
    )
    event = AuditEvent.objects.get(code="accounts.user.create")
    assert (event.actor.full_name, event.reason) == ("系统（命令行）", "人员名单“a.xlsx”")
    plan = people_import_plan(
        actor=system_actor(),
        rows=rows(["周五", "青川州", "观察员", "", "", "13900000010", "", ""]),
        within=world.pref,
    )
    assert plan.errors == ["第2行「单位」：找不到单位“青川州”"]


def test_one_time_password_hash_is_pbkdf2_with_few_iterations_and_logs_in(world, settings):
    from rectify.accounts.one_time import ONE_TIME_ITERATIONS, one_time_hash, one_time_password

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    password = one_time_password()
    assert len(password) == 14 and password.count("-") == 2
    stored = one_time_hash(password)
    assert stored.startswith(f"pbkdf2_sha256${ONE_TIME_ITERATIONS}$")
    assert check_password(password, stored) and not check_password("wrong", stored)


def test_a_new_user_name_for_a_known_phone_is_refused_not_duplicated(world):
    people_import_apply(actor=world.office, rows=rows(GOOD_ROWS[0]))
    plan = people_import_plan(
        actor=world.office, rows=rows(["王芳", "石河县", "单位联络员", "", "", "13900000001", "", "wangfang"])
    )
    assert plan.errors == [
        "第2行「电话」：“13900000001”已属于账号“13900000001”，而「用户名」填的是“wangfang”；"
        "如是同一人请填写“13900000001”，否则请更正电话或电子邮箱"
    ]
