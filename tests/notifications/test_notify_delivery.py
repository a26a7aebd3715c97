"""Delivery against a local SMTP server and a local robot, on the immediate and the RQ task backends:
a failure retried and then delivered, a worker dying mid-send, the one-digest-a-day rule."""

from datetime import timedelta

import pytest
from django.utils import timezone

from rectify.notifications import jobs
from rectify.notifications.delivery import STALE_SENDING, delivery_claim, delivery_send
from rectify.notifications.models import Channel, ChannelPreference, Delivery, DeliveryState, RobotEndpoint
from rectify.notifications.services import notify


def _time_passes(delivery_ids) -> None:
    """The back-off's wait is over (instead of sleeping a minute)."""
    Delivery.objects.filter(pk__in=delivery_ids, state=DeliveryState.QUEUED).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


def _notify(capture, person, **fields):
    with capture(execute=True):
        return notify(
            recipients=[person],
            event=fields.pop("event", "rounds.round.open"),
            subject=fields.pop("subject", "2023年10月调度已开启"),
            body=fields.pop("body", "请于11月5日前报送本期整改进展。"),
            url="/rounds/1/",
            **fields,
        )


@pytest.fixture
def person(world):
    world.liaison.email = "liaison@example.test"
    world.liaison.save(update_fields=["email"])
    return world.liaison


def test_a_refused_email_is_retried_and_then_delivered_once(
    person, smtp, tasks, django_capture_on_commit_callbacks
):
    smtp.refuse = 1
    [message] = _notify(django_capture_on_commit_callbacks, person)
    tasks.work()
    delivery = Delivery.objects.get(message=message, channel=Channel.EMAIL)
    assert (delivery.state, delivery.attempts) == (DeliveryState.QUEUED, 1)
    assert "451" in delivery.last_error
    assert delivery.next_attempt_at > timezone.now() + timedelta(seconds=50)  # the first back-off: 60 s
    assert smtp.received == []

    _time_passes([delivery.pk])
    with django_capture_on_commit_callbacks(execute=True):
        jobs.sweep_step(timezone.localdate())
    tasks.work()
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_error) == (DeliveryState.SENT, 2, "")
    assert len(smtp.received) == 1
    assert smtp.received[0]["to"] == ["liaison@example.test"]
    assert "2023年10月调度已开启" in smtp.received[0]["data"] or "=?utf-8?" in smtp.received[0]["data"]


def test_a_robot_that_fails_is_retried_then_delivered_and_fails_for_good_after_five_attempts(
    person, robot_server, tasks, django_capture_on_commit_callbacks
):
    RobotEndpoint.objects.create(kind="other", apprise_url=robot_server.apprise_url, user=person)
    robot_server.refuse = 1
    [message] = _notify(django_capture_on_commit_callbacks, person)
    tasks.work()
    delivery = Delivery.objects.get(message=message, channel=Channel.ROBOT)
    assert (delivery.state, delivery.attempts) == (DeliveryState.QUEUED, 1)
    _time_passes([delivery.pk])
    with django_capture_on_commit_callbacks(execute=True):
        jobs.sweep_step(timezone.localdate())
    tasks.work()
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.SENT
    assert [p["title"] for p in robot_server.received] == ["2023年10月调度已开启"]
    assert "请于11月5日前报送" in robot_server.received[0]["message"]

    robot_server.refuse = 99
    [second] = _notify(django_capture_on_commit_callbacks, person, subject="提交已退回")
    tasks.work()
    failing = Delivery.objects.get(message=second, channel=Channel.ROBOT)
    for _ in range(10):
        _time_passes([failing.pk])
        with django_capture_on_commit_callbacks(execute=True):
            jobs.sweep_step(timezone.localdate())
        tasks.work()
    failing.refresh_from_db()
    assert (failing.state, failing.attempts) == (DeliveryState.FAILED, 5)
    assert "群机器人发送失败" in failing.last_error


def test_a_worker_killed_mid_send_sends_nothing_twice_and_leaves_it_uncertain(
    person, smtp, tasks, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(jobs, "deliveries_enqueue", lambda ids: 0)  # the task is lost with its worker
    [message] = _notify(django_capture_on_commit_callbacks, person)
    delivery = Delivery.objects.get(message=message, channel=Channel.EMAIL)
    monkeypatch.undo()

    # The worker claims it, the mail leaves, and the worker dies before it can mark it sent.
    claimed = delivery_claim(delivery.pk)
    assert delivery_send(claimed) == ""
    assert len(smtp.received) == 1
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.SENDING

    # Restarted workers, and the sweep before the claim is stale: nothing is sent again.
    with django_capture_on_commit_callbacks(execute=True):
        jobs.deliveries_enqueue([delivery.pk])
        jobs.sweep_step(timezone.localdate())
    tasks.work()
    assert len(smtp.received) == 1
    # Once the claim is stale, the sweep marks it uncertain, and nothing re-sends it by itself.
    Delivery.objects.filter(pk=delivery.pk).update(
        claimed_at=timezone.now() - STALE_SENDING - timedelta(seconds=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        jobs.sweep_step(timezone.localdate())
        jobs.deliveries_enqueue([delivery.pk])
    tasks.work()
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.UNCERTAIN
    assert len(smtp.received) == 1


def test_a_queued_delivery_whose_worker_died_before_claiming_is_picked_up_again(
    person, smtp, tasks, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(jobs, "deliveries_enqueue", lambda ids: 0)
    [message] = _notify(django_capture_on_commit_callbacks, person)
    monkeypatch.undo()
    assert Delivery.objects.get(message=message).state == DeliveryState.QUEUED
    with django_capture_on_commit_callbacks(execute=True):
        jobs.sweep_step(timezone.localdate())
    tasks.work()
    assert Delivery.objects.get(message=message).state == DeliveryState.SENT
    assert len(smtp.received) == 1


def test_reminders_go_out_as_at_most_one_digest_per_person_per_day_per_channel(
    person, smtp, robot_server, tasks, django_capture_on_commit_callbacks
):
    RobotEndpoint.objects.create(kind="other", apprise_url=robot_server.apprise_url, user=person)
    _notify(django_capture_on_commit_callbacks, person, subject="距报送截止还有3天", digest=True)
    _notify(
        django_capture_on_commit_callbacks, person, subject="任务“焦化企业整治”将于5天后到期", digest=True
    )
    tasks.work()
    assert smtp.received == [] and robot_server.received == []  # held for the digest

    day = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        jobs.digest_step(day)
    tasks.work()
    assert len(smtp.received) == 1 and len(robot_server.received) == 1
    text = robot_server.received[0]["message"]
    assert "距报送截止还有3天" in text and "焦化企业整治" in text
    assert "共2条" in robot_server.received[0]["title"]

    # A reminder later the same day, and the digest run again: nothing more today.
    _notify(django_capture_on_commit_callbacks, person, subject="提交缺报", digest=True)
    with django_capture_on_commit_callbacks(execute=True):
        jobs.digest_step(day)
    tasks.work()
    assert len(smtp.received) == 1 and len(robot_server.received) == 1
    # The next day's digest carries it.
    with django_capture_on_commit_callbacks(execute=True):
        jobs.digest_step(day + timedelta(days=1))
    tasks.work()
    assert len(smtp.received) == 2 and len(robot_server.received) == 2
    assert "提交缺报" in robot_server.received[1]["message"]
    assert "焦化企业整治" not in robot_server.received[1]["message"]


def test_immediate_messages_are_not_held_and_a_person_may_have_reminders_immediately(
    person, smtp, tasks, django_capture_on_commit_callbacks
):
    ChannelPreference.objects.create(user=person, mode="immediate")
    _notify(django_capture_on_commit_callbacks, person, subject="距报送截止还有3天", digest=True)
    tasks.work()
    assert len(smtp.received) == 1
