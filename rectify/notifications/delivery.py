"""Sending a delivery at most once and never losing it (docs/decisions/0009-deliveries-at-most-once.md).

1. `delivery_claim`: in its own transaction, a due "queued" delivery becomes "sending" with the claim's
   time and worker (one UPDATE: of two workers holding the same id, one claims it, the other nothing).
2. `delivery_send`: the e-mail (Django's mail API) or the robot post (Apprise), outside any transaction.
3. `delivery_finish`: "sent"; or, after a failure, "queued" again with the next attempt's time
   (exponential back-off, `backoff.retry_delay`), or "failed" after MAX_ATTEMPTS.

A worker that dies between 1 and 3 leaves the delivery "sending": nobody knows whether the mail left.
`deliveries_sweep` marks such a delivery "uncertain" once its claim is older than STALE_SENDING, and
never sends it again by itself: the administrator sees it (admin → 消息投递) and decides. A "queued"
delivery whose task was lost (worker died before claiming, enqueue failed) is simply enqueued again by
the sweep: nothing was sent, so nothing can be sent twice.
"""

import logging
import os
import socket
from collections import defaultdict
from datetime import date, timedelta

import apprise
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from rectify.notifications.backoff import MAX_ATTEMPTS, retry_delay
from rectify.notifications.models import Delivery, DeliveryState, Digest, Message

logger = logging.getLogger(__name__)

STALE_SENDING = timedelta(minutes=15)  # far longer than one send may take (SMTP and HTTP time out first)
SEND_TIMEOUT = 30  # seconds, for SMTP and the robots' HTTP


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def delivery_claim(delivery_id: int, *, now=None) -> Delivery | None:
    """Claim a due queued delivery for this worker, committed before anything is sent; None when it is
    not (any longer) queued and due."""
    now = now or timezone.now()
    with transaction.atomic():
        claimed = (
            Delivery.objects.filter(pk=delivery_id, state=DeliveryState.QUEUED)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .update(
                state=DeliveryState.SENDING,
                claimed_at=now,
                claimed_by=worker_name(),
                attempts=F("attempts") + 1,
            )
        )
    if not claimed:
        return None
    return Delivery.objects.select_related("message", "digest", "robot").get(pk=delivery_id)


def delivery_content(delivery: Delivery) -> tuple[str, str]:
    """The subject and text that go out: the message's, or the digest's list of reminders."""
    if delivery.message_id:
        message = delivery.message
        return message.subject, _with_link(message.body, message.url)
    digest = delivery.digest
    messages = list(
        Message.objects.filter(deliveries__in_digest=digest, deliveries__channel=delivery.channel)
        .distinct()
        .order_by("created_at", "pk")
    )
    lines = [f"{n}. {m.subject}\n{_with_link(m.body, m.url)}".rstrip() for n, m in enumerate(messages, 1)]
    subject = f"督察整改提醒汇总（{digest.day:%Y年%-m月%-d日}，共{len(messages)}条）"
    return subject, "\n\n".join(lines)


def _with_link(body: str, url: str) -> str:
    if not url:
        return body
    link = url if url.startswith("http") else settings.RECTIFY_SITE_URL.rstrip("/") + url
    return f"{body}\n链接：{link}".strip()


def delivery_send(delivery: Delivery) -> str:
    """Send it; returns "" when the channel accepted it, else what went wrong (in Chinese where ours)."""
    subject, text = delivery_content(delivery)
    if delivery.channel == "email":
        try:
            EmailMessage(subject, text, settings.DEFAULT_FROM_EMAIL, [delivery.address]).send()
        except Exception as error:  # SMTP refusals, timeouts, DNS: all are "try again later"
            return f"邮件发送失败：{type(error).__name__}: {error}"[:2000]
        return ""
    if delivery.robot is None or not delivery.robot.active:
        return "群机器人已删除或停用"
    robots = apprise.Apprise()
    if not robots.add(delivery.robot.apprise_url):
        return f"群机器人地址无法识别：{delivery.robot.get_kind_display()}（请在后台检查地址格式）"
    with apprise.LogCapture(level=apprise.logging.WARNING) as log:
        ok = robots.notify(title=subject, body=text)
        captured = log.getvalue().strip()
    return "" if ok else f"群机器人发送失败：{captured or '对方未接受'}"[:2000]


def delivery_finish(delivery: Delivery, error: str, *, now=None) -> str:
    """Record the attempt's outcome; returns the new state."""
    now = now or timezone.now()
    fields = {"claimed_at": None}
    if not error:
        fields.update(state=DeliveryState.SENT, sent_at=now, last_error="")
    else:
        delay = retry_delay(delivery.attempts) if delivery.attempts < MAX_ATTEMPTS else None
        if delay is None:
            fields.update(state=DeliveryState.FAILED, last_error=error, next_attempt_at=None)
        else:
            fields.update(
                state=DeliveryState.QUEUED, last_error=error, next_attempt_at=now + timedelta(seconds=delay)
            )
    Delivery.objects.filter(pk=delivery.pk, state=DeliveryState.SENDING).update(**fields)
    for name, value in fields.items():
        setattr(delivery, name, value)
    return delivery.state


def delivery_attempt(delivery_id: int) -> str:
    """Claim, send, finish: what the background task runs. Returns the outcome."""
    delivery = delivery_claim(delivery_id)
    if delivery is None:
        return "skipped"
    return delivery_finish(delivery, delivery_send(delivery))


def deliveries_sweep(*, now=None) -> tuple[int, list[int]]:
    """Mark stale "sending" deliveries uncertain; return how many, and the ids of queued deliveries that
    are due (to enqueue again: a retry whose time has come, or one whose task was lost)."""
    now = now or timezone.now()
    uncertain = Delivery.objects.filter(
        state=DeliveryState.SENDING, claimed_at__lt=now - STALE_SENDING
    ).update(state=DeliveryState.UNCERTAIN)
    due = list(
        Delivery.objects.filter(state=DeliveryState.QUEUED)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)
    )
    return uncertain, due


def digests_make(day: date, *, now=None) -> list[int]:
    """Gather each person's held reminders into that day's digest, one per person and channel (the unique
    constraint on (person, channel, day) decides: a person who already had today's digest on a channel
    keeps the newer reminders for tomorrow's). Returns the ids of the digest deliveries to enqueue."""
    now = now or timezone.now()
    # Every held delivery is read once: a query per person and channel took 122 s for 7,000 people on
    # PostgreSQL (bench/daily_digest.py). Each group is then locked by its ids and checked still held.
    held_ids: dict[tuple[int, str], list[int]] = defaultdict(list)
    for pk, recipient_id, channel in (
        Delivery.objects.filter(state=DeliveryState.HELD)
        .order_by("message__recipient_id", "channel", "pk")
        .values_list("pk", "message__recipient_id", "channel")
    ):
        held_ids[recipient_id, channel].append(pk)
    queued: list[int] = []
    for (recipient_id, channel), ids in held_ids.items():
        with transaction.atomic():
            held = list(  # locked, and still held: another run may have digested them meanwhile
                Delivery.objects.select_for_update()
                .filter(pk__in=ids, state=DeliveryState.HELD)
                .order_by("pk")
            )
            if not held:
                continue
            try:
                with transaction.atomic():
                    digest = Digest.objects.create(recipient_id=recipient_id, channel=channel, day=day)
            except IntegrityError:
                continue  # today's digest on this channel has gone: these wait for tomorrow's
            targets = list(dict.fromkeys((d.address, d.robot_id) for d in held))
            rows = Delivery.objects.bulk_create(
                Delivery(
                    digest=digest,
                    channel=channel,
                    address=address,
                    robot_id=robot_id,
                    state=DeliveryState.QUEUED,
                    next_attempt_at=now,
                )
                for address, robot_id in targets
            )
            Delivery.objects.filter(pk__in=[d.pk for d in held]).update(
                state=DeliveryState.DIGESTED, in_digest=digest
            )
            queued.extend(row.pk for row in rows)
    return queued
