"""Messages exist exactly when the causing change commits; preferences; the bell; the list page."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse

from rectify.notifications.context_processors import unread
from rectify.notifications.models import (
    Channel,
    ChannelPreference,
    Delivery,
    DeliveryState,
    Message,
    RobotEndpoint,
)
from rectify.notifications.selectors import messages_for, unread_count
from rectify.notifications.services import message_mark_read, notify


def _notify(people, **fields):
    return notify(
        recipients=people,
        event=fields.pop("event", "rounds.submission.return"),
        subject=fields.pop("subject", "石河县2023年10月报送被退回"),
        body="退回原因：佐证材料不全。",
        **fields,
    )


def test_a_rolled_back_change_leaves_no_message_no_delivery_and_enqueues_nothing(
    transactional_db, world, monkeypatch
):
    from rectify.notifications import jobs

    enqueued = []
    monkeypatch.setattr(jobs, "deliveries_enqueue", lambda ids: enqueued.extend(ids))
    world.liaison.email = "l@example.test"
    world.liaison.save()

    with pytest.raises(RuntimeError), transaction.atomic():
        _notify([world.liaison])
        raise RuntimeError("the causing change fails")
    assert (Message.objects.count(), Delivery.objects.count(), enqueued) == (0, 0, [])

    with transaction.atomic():
        [message] = _notify([world.liaison], obj=world.task_a)
        assert enqueued == []  # nothing goes before the change commits
    delivery = Delivery.objects.get()
    assert enqueued == [delivery.pk] and delivery.message == message
    assert message.object_type.model == "task" and message.object_id == str(world.task_a.pk)


def test_preferences_choose_the_channels_and_a_unit_robot_gets_one_post(world, robot_server):
    world.liaison.email, world.other_liaison.email = "a@example.test", "b@example.test"
    world.liaison.save()
    world.other_liaison.save()
    unit_robot = RobotEndpoint.objects.create(
        kind="dingtalk", apprise_url="dingtalk://token/", unit=world.pref
    )
    colleague = world.office
    colleague.email = "o@example.test"
    colleague.save()
    ChannelPreference.objects.create(user=world.other_liaison, email=False, robot=False)

    _notify([world.liaison, world.other_liaison, colleague, world.liaison])
    rows = set(Delivery.objects.values_list("message__recipient__username", "channel", "robot_id"))
    assert rows == {
        ("liaison", Channel.EMAIL, None),
        ("office", Channel.EMAIL, None),
        ("office", Channel.ROBOT, unit_robot.pk),
    }
    assert Message.objects.filter(recipient=world.liaison).count() == 1  # a repeated recipient once
    assert Message.objects.filter(recipient=world.other_liaison).count() == 1  # in-app always

    # A reminder for people on the daily digest (the default) is held, one per person.
    ChannelPreference.objects.create(user=world.liaison, robot=False)
    _notify([world.liaison, colleague], subject="距报送截止还有3天", digest=True)
    held = Delivery.objects.filter(state=DeliveryState.HELD)
    assert set(held.values_list("message__recipient__username", "channel")) == {
        ("liaison", Channel.EMAIL),
        ("office", Channel.EMAIL),
        ("office", Channel.ROBOT),
    }


def test_notify_refuses_an_empty_subject_and_writes_nothing(world):
    with pytest.raises(ValidationError, match="缺少标题"):
        _notify([world.liaison], subject=" ")
    assert Message.objects.count() == 0


def test_unread_count_and_mark_read_are_the_persons_own(world):
    [message] = _notify([world.liaison])
    _notify([world.office])
    assert unread_count(world.liaison) == 1 and list(messages_for(world.liaison)) == [message]
    with pytest.raises(PermissionDenied):
        message_mark_read(user=world.office, message=message)
    message_mark_read(user=world.liaison, message=message)
    assert unread_count(world.liaison) == 0 and unread_count(world.office) == 1


def test_the_bell_counts_once_per_request(world, django_assert_num_queries):
    _notify([world.liaison])
    _notify([world.liaison], subject="第二条")
    request = RequestFactory().get("/")
    request.user = world.liaison
    context = unread(request)
    with django_assert_num_queries(1):
        assert context["unread_messages"] == 2
        assert f"{context['unread_messages']}" == "2"
        assert unread(request)["unread_messages"] == 2


def test_the_message_list_and_the_bell_on_a_page(client, world):
    [message] = _notify([world.liaison], url="/ledger/")
    _notify([world.office], subject="别人的消息")
    client.force_login(world.liaison)
    page = client.get(reverse("ledger:task_list")).content.decode()
    assert 'data-testid="unread-count">2<' not in page and 'data-testid="unread-count">1<' in page
    listing = client.get(reverse("notifications:message_list")).content.decode()
    assert "石河县2023年10月报送被退回" in listing and "别人的消息" not in listing and "未读" in listing

    response = client.get(reverse("notifications:message_open", args=[message.pk]))
    assert response.status_code == 302 and response.url == "/ledger/"
    message.refresh_from_db()
    assert message.read_at is not None
    assert (
        'data-testid="unread-count"' not in client.get(reverse("notifications:message_list")).content.decode()
    )

    other = Message.objects.get(subject="别人的消息")
    assert client.get(reverse("notifications:message_open", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_a_message_never_redirects_off_site(client, world):
    [message] = _notify([world.liaison], url="https://evil.example/")
    client.force_login(world.liaison)
    response = client.get(reverse("notifications:message_open", args=[message.pk]))
    assert response.url == reverse("notifications:message_list")


def test_the_administrator_finds_failed_and_uncertain_deliveries(client, world):
    world.liaison.email = "l@example.test"
    world.liaison.save()
    [message] = _notify([world.liaison])
    Delivery.objects.filter(message=message).update(state=DeliveryState.UNCERTAIN, last_error="")
    admin = type(world.office).objects.create_superuser(username="root", password="pw")
    client.force_login(admin)
    page = client.get("/admin/notifications/delivery/?state__exact=uncertain").content.decode()
    assert "l@example.test" in page and "不确定是否送达" in page
    assert (
        "l@example.test"
        not in client.get("/admin/notifications/delivery/?state__exact=failed").content.decode()
    )
    assert client.get("/admin/notifications/robotendpoint/").status_code == 200
