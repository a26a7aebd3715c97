"""The admin's security-relevant changes leave one audit event each, naming who did what, and no secret."""

import json

import pytest
from django.contrib.auth import get_user_model

from rectify.audit import codes
from rectify.audit.models import AuditEvent
from rectify.orgunits.models import Role, RoleAssignment

User = get_user_model()


@pytest.fixture
def admin_client(world, client):
    world.admin = User.objects.create_superuser("root", password="pw", full_name="系统管理员")
    client.force_login(world.admin)
    return client


# The admin's labels and the stable code each carries (audit.codes).
ADMIN_CODES = {
    "新增用户": codes.ACCOUNTS_USER_CREATE,
    "修改用户": codes.ACCOUNTS_USER_UPDATE,
    "修改用户密码": codes.ACCOUNTS_USER_PASSWORD,
    "停用用户密码登录": codes.ACCOUNTS_USER_PASSWORD,
    "删除用户": codes.ACCOUNTS_USER_DELETE,
    "授予角色": codes.ORGUNITS_ROLE_GRANT,
    "修改角色授予": codes.ORGUNITS_ROLE_UPDATE,
    "撤销角色": codes.ORGUNITS_ROLE_REVOKE,
    "新增单位": codes.ORGUNITS_UNIT_CREATE,
    "修改单位": codes.ORGUNITS_UNIT_UPDATE,
    "删除单位": codes.ORGUNITS_UNIT_DELETE,
}


@pytest.fixture(autouse=True)
def every_admin_event_has_its_code(db):
    """After each test here: every event the admin wrote carries the code of its label."""
    first = last_pk()
    yield
    written = list(
        AuditEvent.objects.filter(
            pk__gt=first, object_type__in=["accounts.user", "orgunits.orgunit", "orgunits.roleassignment"]
        ).values_list("action", "code")
    )
    assert [(label, code) for label, code in written if ADMIN_CODES.get(label) != code] == []


def form_data(client, url) -> dict:
    """What the admin's change form at `url` would post back unchanged."""
    form = client.get(url).context["adminform"].form
    data = {}
    for field in form:
        value = field.value()
        widget = field.field.widget
        if hasattr(widget, "widgets"):  # split date and time
            for i, part in enumerate(widget.decompress(value)):
                data[f"{field.html_name}_{i}"] = "" if part is None else str(part)
        elif isinstance(value, bool):
            if value:
                data[field.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[field.html_name] = [str(v) for v in value]
        elif value is not None:
            data[field.html_name] = str(value)
    return data


def new_events(since: int):
    return list(AuditEvent.objects.filter(pk__gt=since).order_by("pk"))


def last_pk() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def no_secret(event, *secrets):
    text = json.dumps(event.changes, ensure_ascii=False) + event.reason + event.object_repr
    for secret in secrets:
        assert secret not in text
    assert "pbkdf2" not in text and "md5$" not in text


def test_creating_a_user_is_audited(admin_client, world):
    since = last_pk()
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "username": "newbie",
            "usable_password": "true",
            "password1": "Ruo-Kou-47!x",
            "password2": "Ruo-Kou-47!x",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="newbie")
    [event] = new_events(since)
    assert (event.actor, event.action, event.object_id) == (world.admin, "新增用户", str(user.pk))
    assert event.changes["username"] == [None, "newbie"]
    assert event.changes["has_usable_password"] == [None, True]
    no_secret(event, "Ruo-Kou-47!x", user.password)


def test_making_a_user_staff_and_superuser_and_inactive_is_audited(admin_client, world):
    url = f"/admin/accounts/user/{world.liaison.pk}/change/"
    data = form_data(admin_client, url)
    data.update(is_staff="on", is_superuser="on")
    data.pop("is_active")
    since = last_pk()
    assert admin_client.post(url, data).status_code == 302
    [event] = new_events(since)
    assert (event.actor, event.action, event.object_id) == (world.admin, "修改用户", str(world.liaison.pk))
    assert event.changes == {
        "is_active": [True, False],
        "is_staff": [False, True],
        "is_superuser": [False, True],
    }


def test_changing_a_password_is_audited_without_the_password(admin_client, world):
    url = f"/admin/accounts/user/{world.office.pk}/password/"
    since = last_pk()
    response = admin_client.post(url, {"password1": "Xin-Mi-Ma-93?q", "password2": "Xin-Mi-Ma-93?q"})
    assert response.status_code == 302
    world.office.refresh_from_db()
    assert world.office.check_password("Xin-Mi-Ma-93?q")
    [event] = new_events(since)
    assert (event.actor, event.action, event.object_id) == (world.admin, "修改用户密码", str(world.office.pk))
    no_secret(event, "Xin-Mi-Ma-93?q", world.office.password)


def test_a_refused_password_change_writes_nothing(admin_client, world):
    since = last_pk()
    url = f"/admin/accounts/user/{world.office.pk}/password/"
    admin_client.post(url, {"password1": "12345678", "password2": "12345678"})
    assert new_events(since) == []


def test_deleting_a_user_is_audited(admin_client, world):
    since = last_pk()
    pk = world.nobody.pk
    response = admin_client.post(f"/admin/accounts/user/{pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=pk).exists()
    [event] = new_events(since)
    assert (event.actor, event.action, event.object_id) == (world.admin, "删除用户", str(pk))
    assert event.changes["username"] == ["nobody", None]


def test_granting_a_role_is_audited(admin_client, world):
    since = last_pk()
    response = admin_client.post(
        "/admin/orgunits/roleassignment/add/",
        {"user": world.nobody.pk, "role": Role.OFFICE, "unit": world.pref.pk, "include_subtree": "on"},
    )
    assert response.status_code == 302
    grant = RoleAssignment.objects.get(user=world.nobody)
    [event] = new_events(since)
    assert (event.actor, event.action, event.object_id) == (world.admin, "授予角色", str(grant.pk))
    assert event.changes["role"] == [None, Role.OFFICE]
    assert event.changes["unit"] == [None, str(world.pref)]
    assert event.changes["include_subtree"] == [None, True]


def test_changing_a_role_grant_is_audited(admin_client, world):
    grant = RoleAssignment.objects.get(user=world.liaison)
    url = f"/admin/orgunits/roleassignment/{grant.pk}/change/"
    since = last_pk()
    response = admin_client.post(
        url, {"user": world.liaison.pk, "role": Role.LIAISON, "unit": world.pref.pk, "include_subtree": "on"}
    )
    assert response.status_code == 302
    [event] = new_events(since)
    assert (event.actor, event.action, event.object_id) == (world.admin, "修改角色授予", str(grant.pk))
    assert event.changes == {
        "unit": [str(world.county_a), str(world.pref)],
        "include_subtree": [False, True],
    }


def test_revoking_a_role_is_audited(admin_client, world):
    grant = RoleAssignment.objects.get(user=world.liaison)
    since = last_pk()
    response = admin_client.post(f"/admin/orgunits/roleassignment/{grant.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk=grant.pk).exists()
    [event] = new_events(since)
    assert (event.actor, event.action, event.object_id) == (world.admin, "撤销角色", str(grant.pk))
    assert event.changes["user"] == [str(world.liaison), None]


def test_revoking_roles_in_bulk_writes_one_event_each(admin_client, world):
    grants = list(RoleAssignment.objects.filter(user__in=[world.liaison, world.other_liaison]))
    since = last_pk()
    response = admin_client.post(
        "/admin/orgunits/roleassignment/",
        {"action": "delete_selected", "_selected_action": [g.pk for g in grants], "post": "yes"},
    )
    assert response.status_code == 302
    events = new_events(since)
    assert sorted(e.object_id for e in events) == sorted(str(g.pk) for g in grants)
    assert {e.action for e in events} == {"撤销角色"}


def test_adding_and_renaming_a_unit_is_audited(admin_client, world):
    """A unit's place and name decide what every role on it reaches: each change is on the record."""
    from rectify.orgunits.models import OrgUnit

    since = last_pk()
    response = admin_client.post(
        "/admin/orgunits/orgunit/add/",
        {"name": "准东开发区", "short_name": "", "kind": "park", "parent": world.pref.pk, "sort_order": 0},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    park = OrgUnit.objects.get(name="准东开发区")
    [event] = new_events(since)
    assert (event.actor, event.action, event.object_id) == (world.admin, "新增单位", str(park.pk))
    assert event.changes["parent"] == [None, str(world.pref)]
    assert event.changes["path"] == [None, park.path]

    url = f"/admin/orgunits/orgunit/{world.county_a.pk}/change/"
    since = last_pk()
    response = admin_client.post(url, {**form_data(admin_client, url), "name": "石河市"})
    assert response.status_code == 302
    [event] = new_events(since)
    assert (event.action, event.object_id) == ("修改单位", str(world.county_a.pk))
    assert event.changes == {"name": ["石河县", "石河市"]}
