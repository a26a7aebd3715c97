"""Each person chooses their channels on /messages/settings/: the choice changes what is delivered (through
`notify` and the day's digest), a person changes only their own settings, a bad robot is a Chinese error
on its field that saves nothing, a stale form overwrites nothing, and every change is audited."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from rectify.audit import codes
from rectify.audit.models import AuditEvent
from rectify.notifications import jobs
from rectify.notifications.models import ChannelPreference, Delivery, DeliveryState, RobotEndpoint
from rectify.notifications.preferences import channel_preference_update, channel_settings
from rectify.notifications.services import notify

URL = reverse("notifications:settings")
DINGTALK = "https://oapi.dingtalk.com/robot/send?access_token=3f9a0c77e1b24d5a"


def _seen(client) -> str:
    page = client.get(URL).content.decode()
    return re.search(r'name="seen" value="([0-9a-f]+)"', page).group(1)


def _post(client, change, seen=None, **fields):
    data = {"change": change, "seen": seen or _seen(client), **fields}
    return client.post(URL, data)


def _remind(capture, person, subject="距报送截止还有3天", digest=True):
    with capture(execute=True):
        notify(
            recipients=[person],
            event="rounds.submission.due_soon",
            subject=subject,
            body="请尽快报送。",
            digest=digest,
        )


@pytest.fixture
def person(world):
    world.liaison.email = "liaison@example.test"
    world.liaison.save(update_fields=["email"])
    return world.liaison


def test_the_page_says_in_app_is_always_on_and_where_mail_goes(client, world, person):
    client.force_login(person)
    page = client.get(URL).content.decode()
    assert "站内消息（始终开启）" in page and "liaison@example.test" in page
    assert "您和您所在的单位都没有启用的群机器人" in page
    assert 'href="/messages/settings/"' in client.get(reverse("notifications:message_list")).content.decode()
    client.force_login(world.other_liaison)  # no e-mail in the account
    page = client.get(URL).content.decode()
    assert "您的账号没有填写电子邮箱，开启此项也不会发送任何邮件" in page
    RobotEndpoint.objects.create(kind="wecom", apprise_url="wecombot://abcdefgh12", unit=world.county_b)
    assert "发往您所在单位的群机器人：北塔县（企业微信）" in client.get(URL).content.decode()


def test_the_choices_change_what_is_sent(
    client, person, smtp, robot_server, django_capture_on_commit_callbacks
):
    robot = RobotEndpoint.objects.create(kind="other", apprise_url=robot_server.apprise_url, user=person)
    client.force_login(person)

    # E-mail off, reminders at once: the reminder goes to the robot now, no mail.
    assert _post(client, "preference", robot="on", mode="immediate").status_code == 302
    _remind(django_capture_on_commit_callbacks, person)
    assert (len(smtp.received), len(robot_server.received)) == (0, 1)
    assert not Delivery.objects.filter(state=DeliveryState.HELD).exists()

    # E-mail on, the daily digest: the reminder waits, then goes as the day's one digest on each channel.
    _post(client, "preference", email="on", robot="on", mode="digest")
    _remind(django_capture_on_commit_callbacks, person, "任务“焦化企业整治”将于5天后到期")
    assert (len(smtp.received), len(robot_server.received)) == (0, 1)
    with django_capture_on_commit_callbacks(execute=True):
        jobs.digest_step(timezone.localdate())
    assert (len(smtp.received), len(robot_server.received)) == (1, 2)
    assert smtp.received[0]["to"] == ["liaison@example.test"]
    assert "焦化企业整治" in robot_server.received[1]["message"]

    # The robot off: an ordinary message goes by mail only.
    _post(client, "preference", email="on", mode="digest")
    _remind(django_capture_on_commit_callbacks, person, "2023年10月调度已开启", digest=False)
    assert (len(smtp.received), len(robot_server.received)) == (2, 2)
    assert not Delivery.objects.filter(robot=robot, message__subject="2023年10月调度已开启").exists()


def test_a_personal_robot_set_on_the_page_takes_the_persons_robot_messages(
    client, world, person, django_capture_on_commit_callbacks
):
    unit_robot = RobotEndpoint.objects.create(
        kind="feishu", apprise_url="feishu://unitgroup1", unit=world.county_a
    )
    client.force_login(person)
    response = _post(client, "robot", kind="dingtalk", address=DINGTALK, secret="SEC9e8d7c")
    assert response.status_code == 302
    own = RobotEndpoint.objects.get(user=person)
    assert (own.kind, own.apprise_url, own.active) == (
        "dingtalk",
        "dingtalk://SEC9e8d7c@3f9a0c77e1b24d5a/",
        True,
    )
    event = AuditEvent.objects.get(code=codes.NOTIFICATIONS_ROBOT_SET)
    assert event.actor == person and "3f9a0c77e1b24d5a" not in str(event.changes)  # the token is not logged
    assert "dingtalk://***@3f9a…5a" in client.get(URL).content.decode()

    with django_capture_on_commit_callbacks():  # written, not sent (the vendors' hosts are not called here)
        notify(recipients=[person], event="rounds.round.open", subject="调度已开启", body="")
    assert list(Delivery.objects.filter(channel="robot").values_list("robot_id", flat=True)) == [
        own.pk
    ]  # not the unit's
    assert unit_robot.pk not in Delivery.objects.values_list("robot_id", flat=True)

    # Replaced, then removed: the unit's robot takes the messages again.
    _post(
        client, "robot", kind="wecom", address="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k-123_x"
    )
    own.refresh_from_db()
    assert (RobotEndpoint.objects.filter(user=person).count(), own.apprise_url) == (1, "wecombot://k-123_x")
    assert _post(client, "remove", robot=own.pk).status_code == 302
    assert not RobotEndpoint.objects.filter(user=person).exists()
    assert AuditEvent.objects.filter(code=codes.NOTIFICATIONS_ROBOT_REMOVE, object_id=str(own.pk)).exists()
    with django_capture_on_commit_callbacks():
        notify(recipients=[person], event="rounds.round.open", subject="又一轮调度已开启", body="")
    assert Delivery.objects.get(message__subject="又一轮调度已开启", channel="robot").robot == unit_robot


@pytest.mark.parametrize(
    ("fields", "field_error"),
    [
        (
            {"kind": "dingtalk", "address": "https://evil.example/robot/send?access_token=abc"},
            "这不是钉钉机器人的 Webhook 地址",
        ),
        ({"kind": "feishu", "address": ""}, "请填写飞书机器人的 Webhook 地址"),
        ({"kind": "", "address": "abc"}, "请选择机器人类型"),
        ({"kind": "other", "address": "json://127.0.0.1:9/"}, "选择一个有效的选项"),
        ({"kind": "wecom", "address": "abc", "secret": "SEC1"}, "企业微信机器人没有加签密钥"),
    ],
)
def test_a_bad_robot_is_a_chinese_error_on_its_field_and_saves_nothing(client, person, fields, field_error):
    client.force_login(person)
    before = AuditEvent.objects.count()
    response = _post(client, "robot", **fields)
    assert response.status_code == 200
    page = response.content.decode()
    assert field_error in page and "invalid-feedback" in page
    assert fields["address"] in page  # what was typed stays on the form
    assert not RobotEndpoint.objects.exists() and AuditEvent.objects.count() == before


def test_a_person_changes_only_their_own_settings(client, world, person):
    with pytest.raises(PermissionDenied, match="只能修改自己的消息设置"):
        channel_preference_update(
            actor=world.office,
            user=person,
            email=False,
            robot=False,
            mode="immediate",
            seen=channel_settings(person).seen,
        )
    assert (
        not ChannelPreference.objects.exists()
        and not AuditEvent.objects.filter(code__startswith="notifications.").exists()
    )

    client.force_login(world.other_liaison)  # the page always changes the signed-in person's own settings
    _post(client, "preference", mode="immediate")
    assert list(ChannelPreference.objects.values_list("user__username", "email", "robot", "mode")) == [
        ("liaison_b", False, False, "immediate")
    ]
    theirs = RobotEndpoint.objects.create(kind="feishu", apprise_url="feishu://persons-own", user=person)
    response = _post(client, "remove", robot=theirs.pk)
    assert response.status_code == 200 and "没有这个个人机器人" in response.content.decode()
    assert RobotEndpoint.objects.filter(pk=theirs.pk).exists()

    client.logout()
    response = client.get(URL)
    assert response.status_code == 302 and "/login" in response.url


def test_a_stale_form_overwrites_nothing(client, person):
    client.force_login(person)
    stale = _seen(client)
    _post(client, "preference", email="on", mode="immediate")  # another window saves first
    response = _post(client, "preference", stale, robot="on", mode="digest")
    page = response.content.decode()
    assert response.status_code == 200 and "您的消息设置已在其他窗口或由管理员修改" in page
    assert list(ChannelPreference.objects.values_list("email", "robot", "mode")) == [
        (True, False, "immediate")
    ]
    # A change made in the admin counts too; the page then offers the current settings to save again.
    ChannelPreference.objects.filter(user=person).update(robot=True)
    fresh = re.search(r'name="seen" value="([0-9a-f]+)"', page).group(1)
    assert "已在其他窗口" in _post(client, "robot", fresh, kind="feishu", address="tok_1").content.decode()
    assert not RobotEndpoint.objects.exists()
    assert _post(client, "preference", robot="on", mode="digest").status_code == 302


def test_each_change_is_audited_once_and_no_change_writes_nothing(client, person):
    client.force_login(person)
    _post(client, "preference", email="on", mode="immediate")
    [event] = AuditEvent.objects.filter(code=codes.NOTIFICATIONS_PREFERENCE_UPDATE)
    assert event.actor == person and event.action == "修改消息设置"
    assert event.changes == {"robot": [True, False], "mode": ["digest", "immediate"]}
    _post(client, "preference", email="on", mode="immediate")
    assert AuditEvent.objects.filter(code=codes.NOTIFICATIONS_PREFERENCE_UPDATE).count() == 1
