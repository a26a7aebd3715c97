"""The people pages: upload → preview (nothing written) → confirm → one-time passwords shown once; the
forced password change at first login; roles granted and withdrawn by the office within its own area."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from people_helpers import GOOD_ROWS, workbook

from rectify.audit.models import AuditEvent
from rectify.orgunits.models import Role, RoleAssignment

User = get_user_model()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(client, data: bytes, name="人员名单.xlsx"):
    return client.post(reverse("people:import"), {"file": SimpleUploadedFile(name, data, content_type=XLSX)})


def test_upload_preview_confirm_and_passwords_shown_once(client, world):
    client.force_login(world.office)
    preview = upload(client, workbook(GOOD_ROWS))
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "新建账号 3" in page and "授予角色 4" in page and "单位联络员·石河县" in page
    assert not User.objects.filter(username="zhaoq").exists()  # the preview writes nothing
    token = preview.context["token"]

    result = client.post(reverse("people:import"), {"token": token})
    assert result.status_code == 200
    assert "no-store" in result["Cache-Control"]
    accounts = result.context["result"].accounts
    page = result.content.decode()
    for account in accounts:
        assert account.password in page
    zhao = User.objects.get(username="zhaoq")
    assert zhao.must_change_password and zhao.check_password(
        next(a.password for a in accounts if a.username == "zhaoq")
    )
    # the download is the page's own data, not a stored file
    import base64

    book = load_workbook(io.BytesIO(base64.b64decode(result.context["download"])))
    listed = {row[2]: row[3] for row in book.active.iter_rows(min_row=2, values_only=True)}
    assert listed == {a.username: a.password for a in accounts}

    # confirming the same preview again creates nothing and shows no password
    again = client.post(reverse("people:import"), {"token": token})
    assert again.context["result"].accounts == () and User.objects.filter(username="zhaoq").count() == 1


def test_bad_list_previews_errors_and_offers_no_confirmation(client, world):
    client.force_login(world.office)
    before = (User.objects.count(), RoleAssignment.objects.count())
    response = upload(client, workbook([["李四", "xx县", "单位联络员", "", "", "13900000009", "", ""]]))
    page = response.content.decode()
    assert "第2行「单位」：找不到单位“xx县”" in page and "确认导入" not in page
    assert response.context["token"] == ""
    assert (User.objects.count(), RoleAssignment.objects.count()) == before


def test_unreadable_and_forged_uploads(client, world):
    client.force_login(world.office)
    response = upload(client, b"not a workbook", name="名单.xlsx")
    assert "名单.xlsx" in response.context["form"].errors["file"][0]
    response = upload(client, b"text", name="名单.txt")
    assert response.context["form"].errors["file"] == [
        "文件“名单.txt”不是Excel或WPS表格（支持 .xlsx、.xls、.ods）"
    ]
    forged = client.post(reverse("people:import"), {"token": "eyJ4IjoxfQ:forged"}, follow=True)
    assert "预览已过期或无效" in forged.content.decode()
    # a token made for one office is refused to another
    preview = upload(client, workbook(GOOD_ROWS))
    client.force_login(world.other_office)
    refused = client.post(reverse("people:import"), {"token": preview.context["token"]}, follow=True)
    assert "预览已过期或无效" in refused.content.decode()
    assert not User.objects.filter(username="zhaoq").exists()


def test_first_login_must_change_the_one_time_password(client, world):
    from rectify.people.services import people_import_apply

    result = people_import_apply(
        actor=world.office,
        rows=[["姓名", "单位", "角色", "用户名"], ["王芳", "石河县", "单位联络员", "wangf"]],
    )
    (account,) = result.accounts
    assert (
        client.post(reverse("login"), {"username": "wangf", "password": account.password}).status_code == 302
    )
    for url in (reverse("desk"), reverse("ledger:task_list"), reverse("people:list")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("password_change")
    page = client.get(reverse("password_change"))
    assert page.status_code == 200 and "一次性密码" in page.content.decode()
    weak = client.post(
        reverse("password_change"),
        {"old_password": account.password, "new_password1": "123", "new_password2": "123"},
    )
    assert weak.status_code == 200 and User.objects.get(username="wangf").must_change_password
    done = client.post(
        reverse("password_change"),
        {
            "old_password": account.password,
            "new_password1": "Huanbao-2026!",
            "new_password2": "Huanbao-2026!",
        },
    )
    assert done.status_code == 302 and done["Location"] == reverse("desk")
    wang = User.objects.get(username="wangf")
    assert (
        not wang.must_change_password
        and wang.check_password("Huanbao-2026!")
        and not wang.check_password(account.password)
    )
    assert client.get(reverse("desk")).status_code == 200  # still signed in, free to go
    event = AuditEvent.objects.get(code="accounts.user.password")
    assert event.actor_id == wang.pk and event.changes == {"must_change_password": [True, False]}


def test_role_grant_and_withdraw_by_the_office_within_its_area(client, world):
    client.force_login(world.office)
    page = client.get(reverse("people:person", args=[world.liaison.pk]))
    assert page.status_code == 200 and "单位联络员 · 石河县" in page.content.decode()
    response = client.post(
        reverse("people:person", args=[world.liaison.pk]),
        {"role": Role.OBSERVER, "unit": world.county_b.pk, "include_subtree": "on"},
    )
    assert response.status_code == 302
    granted = RoleAssignment.objects.get(user=world.liaison, role=Role.OBSERVER)
    assert (granted.unit, granted.include_subtree) == (world.county_b, True)
    grant = AuditEvent.objects.get(code="orgunits.role.grant")
    assert grant.actor_id == world.office.pk and grant.object_id == str(granted.pk)

    response = client.post(reverse("people:withdraw", args=[granted.pk]))
    assert response.status_code == 302 and not RoleAssignment.objects.filter(pk=granted.pk).exists()
    revoke = AuditEvent.objects.get(code="orgunits.role.revoke")
    assert revoke.changes["role"] == [Role.OBSERVER, None] and revoke.actor_id == world.office.pk


def test_office_cannot_grant_outside_its_area_nor_admin(client, world):
    client.force_login(world.office)
    url = reverse("people:person", args=[world.liaison.pk])
    before = (RoleAssignment.objects.count(), AuditEvent.objects.count())
    outside = client.post(url, {"role": Role.OBSERVER, "unit": world.other_pref.pk})
    assert outside.status_code == 200 and "unit" in outside.context["form"].errors
    admin = client.post(url, {"role": Role.ADMIN, "unit": world.county_a.pk})
    assert "role" in admin.context["form"].errors
    assert (RoleAssignment.objects.count(), AuditEvent.objects.count()) == before

    from django.core.exceptions import PermissionDenied

    from rectify.people.services import role_grant

    with pytest.raises(PermissionDenied):
        role_grant(
            actor=world.office,
            user=world.liaison,
            role=Role.OBSERVER,
            unit=world.other_pref,
            include_subtree=False,
        )
    with pytest.raises(PermissionDenied):
        role_grant(
            actor=world.office,
            user=world.liaison,
            role=Role.ADMIN,
            unit=world.county_a,
            include_subtree=False,
        )
    assert (RoleAssignment.objects.count(), AuditEvent.objects.count()) == before


def test_other_prefecture_sees_nothing_of_this_one(client, world):
    client.force_login(world.other_office)
    mine = RoleAssignment.objects.get(user=world.liaison)
    assert client.get(reverse("people:person", args=[world.liaison.pk])).status_code == 404
    assert client.post(reverse("people:withdraw", args=[mine.pk])).status_code == 404
    listed = client.get(reverse("people:list"))
    assert [p.username for p in listed.context["page"]] == ["office_qc"]
    assert RoleAssignment.objects.filter(pk=mine.pk).exists()


def test_office_cannot_withdraw_its_own_office_role(client, world):
    client.force_login(world.office)
    own = RoleAssignment.objects.get(user=world.office, role=Role.OFFICE)
    page = client.get(reverse("people:person", args=[world.office.pk]))
    assert page.context["roles"] == [(own, False)]
    assert client.post(reverse("people:withdraw", args=[own.pk])).status_code == 403
    assert RoleAssignment.objects.filter(pk=own.pk).exists()


@pytest.mark.parametrize("who", ["anonymous", "liaison", "leader", "observer"])
def test_pages_are_the_office_s(client, world, who):
    if who != "anonymous":
        client.force_login(getattr(world, who))
    for url in (
        reverse("people:list"),
        reverse("people:import"),
        reverse("people:export"),
        reverse("people:person", args=[world.liaison.pk]),
    ):
        response = client.get(url)
        assert response.status_code == (302 if who == "anonymous" else 403), url


def test_list_page_queries_do_not_grow_with_people(client, world, django_assert_max_num_queries):
    from rectify.people.services import people_import_apply

    people_import_apply(
        actor=world.office,
        rows=[
            ["姓名", "单位", "角色", "用户名"],
            *[[f"人{i}", "石河县", "单位联络员", f"p{i}"] for i in range(40)],
        ],
    )
    client.force_login(world.office)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("people:list"))
    assert len(response.context["page"]) == 46  # the six of the world in this prefecture, and the forty


def test_export_download(client, world):
    client.force_login(world.office)
    response = client.get(reverse("people:export"))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("姓名", "单位", "角色", "含下级单位", "职务", "电话", "电子邮箱", "用户名")
    assert ("石河联络员", "石河县", "单位联络员", "否", None, None, None, "liaison") in rows
    assert not any(r[7] == "office_qc" for r in rows)
