"""The background tasks of delivery (Django Tasks API: the database backend, or RQ on Redis when
RECTIFY_TASKS_BACKEND=rq), and the daily steps the notifications app adds to `rectify scheduled`."""

import logging
from datetime import date

from django_tasks import task

from rectify.notifications.delivery import deliveries_sweep, delivery_attempt, digests_make
from rectify.notifications.models import Delivery

logger = logging.getLogger(__name__)


@task()
def delivery_job(delivery_id: int) -> str:
    """Send one delivery (at most once: see notifications/delivery.py)."""
    state = delivery_attempt(delivery_id)
    if state == "queued":  # failed, to be tried again after the back-off
        retry = Delivery.objects.filter(pk=delivery_id).values_list("next_attempt_at", flat=True).first()
        if retry is not None and delivery_job.get_backend().supports_defer:
            _enqueue(delivery_id, run_after=retry)
    return state


def _enqueue(delivery_id: int, *, run_after=None) -> bool:
    try:
        job = delivery_job.using(run_after=run_after) if run_after else delivery_job
        job.enqueue(delivery_id)
    except Exception:  # the queue unreachable: the sweep enqueues it again, nothing is lost
        logger.exception("could not enqueue delivery %s", delivery_id)
        return False
    return True


# Above this many deliveries, the request that wrote them enqueues one task that enqueues them (a round
# opened for a thousand units would otherwise pay an enqueue — with the database backend an INSERT and
# its commit — per delivery after its own commit).
FAN_OUT = 50


@task()
def deliveries_enqueue_job(delivery_ids: list[int]) -> int:
    """Enqueue each of a large batch's deliveries, in the background. A delivery whose enqueue fails, or
    that this task never reaches (its worker died), stays queued: the sweep enqueues it again."""
    return sum(_enqueue(delivery_id) for delivery_id in delivery_ids)


def deliveries_enqueue(delivery_ids: list[int]) -> int:
    """Enqueue each delivery; more than FAN_OUT go through one `deliveries_enqueue_job`. Returns how many
    were enqueued or handed to that task."""
    if len(delivery_ids) > FAN_OUT:
        try:
            deliveries_enqueue_job.enqueue(list(delivery_ids))
        except Exception:  # the queue unreachable: the sweep enqueues them again, nothing is lost
            logger.exception("could not enqueue %s deliveries", len(delivery_ids))
            return 0
        return len(delivery_ids)
    return sum(_enqueue(delivery_id) for delivery_id in delivery_ids)


def sweep_step(day: date) -> str:
    uncertain, due = deliveries_sweep()
    enqueued = deliveries_enqueue(due)
    return f"消息投递巡检：{uncertain}条发送中断、标为“不确定是否送达”，重新排队{enqueued}条"


def digest_step(day: date) -> str:
    queued = digests_make(day)
    enqueued = deliveries_enqueue(queued)
    return f"提醒汇总：{len(queued)}份汇总待发送（已排队{enqueued}份）"
