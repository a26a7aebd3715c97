"""A large batch (a round opened for a thousand units) is enqueued through one task that enqueues each
delivery in the background: every delivery is still sent once, and one the task never enqueued is
picked up by the sweep (nothing lost)."""

from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_tasks.signals import task_enqueued

from rectify.notifications import jobs
from rectify.notifications.models import Delivery, DeliveryState
from rectify.notifications.services import Notice, notify_many


def _people(n: int) -> list:
    return [
        get_user_model().objects.create_user(
            username=f"fan_out_{i}", password="x", email=f"fan_out_{i}@example.test"
        )
        for i in range(n)
    ]


def _open_round_messages(capture, people):
    with capture(execute=True):
        return notify_many(
            event="rounds.round.open",
            notices=[
                Notice([p], "2023年10月调度已开启", f"单位{i}：请按时报送。", "/rounds/1/")
                for i, p in enumerate(people)
            ],
        )


@pytest.fixture
def enqueued():
    """(task name, first argument) of every task enqueued, on either backend."""
    seen = []

    def record(sender, task_result, **kwargs):
        seen.append((task_result.task.name, task_result.args[0]))

    task_enqueued.connect(record)
    yield seen
    task_enqueued.disconnect(record)


def test_more_deliveries_than_fan_out_are_enqueued_by_one_task_and_each_sent_once(
    world, smtp, tasks, django_capture_on_commit_callbacks, monkeypatch, enqueued
):
    monkeypatch.setattr(jobs, "FAN_OUT", 2)
    people = _people(5)
    messages = _open_round_messages(django_capture_on_commit_callbacks, people)
    tasks.work()
    deliveries = Delivery.objects.filter(message__in=messages)
    ids = sorted(deliveries.values_list("pk", flat=True))
    batches = [args for name, args in enqueued if name == "deliveries_enqueue_job"]
    assert len(batches) == 1 and sorted(batches[0]) == ids  # the request enqueued one task
    assert sorted(args for name, args in enqueued if name == "delivery_job") == ids  # it enqueued each
    assert [d.state for d in deliveries] == [DeliveryState.SENT] * 5
    assert sorted(m["to"][0] for m in smtp.received) == sorted(p.email for p in people)


def test_a_small_batch_is_enqueued_one_by_one(
    world, smtp, tasks, django_capture_on_commit_callbacks, enqueued
):
    messages = _open_round_messages(django_capture_on_commit_callbacks, _people(2))
    tasks.work()
    assert {name for name, _ in enqueued} == {"delivery_job"}
    assert [d.state for d in Delivery.objects.filter(message__in=messages)] == [DeliveryState.SENT] * 2
    assert len(smtp.received) == 2


def test_a_batch_whose_task_could_not_be_enqueued_is_sent_after_the_sweep(
    world, smtp, tasks, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(jobs, "FAN_OUT", 2)

    def unreachable(ids):
        raise ConnectionError("队列不可用")

    monkeypatch.setattr(jobs, "deliveries_enqueue_job", SimpleNamespace(enqueue=unreachable))
    messages = _open_round_messages(django_capture_on_commit_callbacks, _people(3))
    deliveries = Delivery.objects.filter(message__in=messages)
    assert [d.state for d in deliveries] == [DeliveryState.QUEUED] * 3 and smtp.received == []
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        jobs.sweep_step(timezone.localdate())
    tasks.work()
    assert [d.state for d in deliveries.all()] == [DeliveryState.SENT] * 3
    assert len(smtp.received) == 3
