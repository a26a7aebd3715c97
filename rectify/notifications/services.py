"""Writing messages (`notify`) and marking them read; the public API is in the package docstring."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from rectify.notifications.models import (
    Channel,
    ChannelPreference,
    Delivery,
    DeliveryState,
    DigestMode,
    Message,
    RobotEndpoint,
)
from rectify.orgunits.models import RoleAssignment

SUBJECT_MAX = Message._meta.get_field("subject").max_length


def notify(
    *,
    recipients: Iterable,
    event: str,
    subject: str,
    body: str,
    url: str = "",
    obj: models.Model | None = None,
    digest: bool = False,
) -> list[Message]:
    """Write one message per recipient, and its deliveries, in the caller's transaction; the deliveries
    are enqueued when that transaction commits (a rollback leaves neither message nor delivery)."""
    people = list({person.pk: person for person in recipients if person is not None}.values())
    if not event.strip():
        raise ValidationError("消息缺少事件代码（如 rounds.round.open）")
    if not subject.strip():
        raise ValidationError(f"消息“{event}”缺少标题")
    if not people:
        return []
    now = timezone.now()
    object_type = ContentType.objects.get_for_model(obj) if obj is not None else None
    messages = Message.objects.bulk_create(
        Message(
            recipient=person,
            event=event,
            subject=subject[:SUBJECT_MAX],
            body=body,
            url=url,
            object_type=object_type,
            object_id=str(obj.pk) if obj is not None else "",
            digest=digest,
        )
        for person in people
    )
    deliveries = _deliveries(messages, people, digest=digest, now=now)
    Delivery.objects.bulk_create(deliveries)
    queued = [d.pk for d in deliveries if d.state == DeliveryState.QUEUED]
    if queued:
        from rectify.notifications.jobs import deliveries_enqueue

        transaction.on_commit(lambda: deliveries_enqueue(queued))
    return messages


def _deliveries(messages: list[Message], people: list, *, digest: bool, now) -> list[Delivery]:
    """Each message's deliveries as its recipient's preferences say. A unit's robot (a group chat) gets an
    immediate message once however many of the unit's people it is for; a reminder held for the digest
    goes into each person's own digest."""
    ids = [person.pk for person in people]
    preferences = {p.user_id: p for p in ChannelPreference.objects.filter(user_id__in=ids)}
    own_robots: dict[int, list[RobotEndpoint]] = {}
    for robot in RobotEndpoint.objects.filter(active=True, user_id__in=ids).order_by("pk"):
        own_robots.setdefault(robot.user_id, []).append(robot)
    unit_robots: dict[int, list[RobotEndpoint]] = {}
    units_of: dict[int, set[int]] = {}
    for user_id, unit_id in RoleAssignment.objects.filter(user_id__in=ids).values_list("user_id", "unit_id"):
        units_of.setdefault(user_id, set()).add(unit_id)
    all_units = set().union(*units_of.values()) if units_of else set()
    for robot in RobotEndpoint.objects.filter(active=True, unit_id__in=all_units).order_by("pk"):
        unit_robots.setdefault(robot.unit_id, []).append(robot)

    rows, robots_done = [], set()
    for message, person in zip(messages, people, strict=True):
        preference = preferences.get(person.pk) or ChannelPreference(user=person)
        held = digest and preference.mode == DigestMode.DIGEST
        state = DeliveryState.HELD if held else DeliveryState.QUEUED
        common = {"message": message, "state": state, "next_attempt_at": None if held else now}
        if preference.email and person.email:
            rows.append(Delivery(channel=Channel.EMAIL, address=person.email, **common))
        if preference.robot:
            robots = own_robots.get(person.pk) or [
                robot
                for unit_id in sorted(units_of.get(person.pk, ()))
                for robot in unit_robots.get(unit_id, ())
            ]
            for robot in robots:
                if not held and robot.pk in robots_done:
                    continue
                robots_done.add(robot.pk)
                rows.append(Delivery(channel=Channel.ROBOT, robot=robot, **common))
    return rows


def message_mark_read(*, user, message: Message) -> Message:
    """Mark the user's own message read (once: the first reading time is kept)."""
    if message.recipient_id != user.pk:
        raise PermissionDenied("这条消息不是发给您的")
    if message.read_at is None:
        message.read_at = timezone.now()
        Message.objects.filter(pk=message.pk, read_at__isnull=True).update(read_at=message.read_at)
    return message


def messages_mark_all_read(*, user) -> int:
    """Mark every unread message of the user read; returns how many."""
    return Message.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
