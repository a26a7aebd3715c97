"""Writing messages (`notify`) and marking them read; the public API is in the package docstring."""

from collections.abc import Iterable
from dataclasses import dataclass

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
DEFAULT_PREFERENCE = ChannelPreference()  # a person without a row: the model's defaults (read only)


@dataclass(frozen=True)
class Notice:
    """One message of a batch (`notify_many`): its recipients, words, link and object. `once`: a reminder's
    key (its event, object and, for a daily one, the day): a person already sent a message with that key
    is not sent another, so a daily run repeated on the same day reminds no one twice."""

    recipients: Iterable
    subject: str
    body: str
    url: str = ""
    obj: models.Model | None = None
    once: str = ""


def notify(
    *,
    recipients: Iterable,
    event: str,
    subject: str,
    body: str,
    url: str = "",
    obj: models.Model | None = None,
    digest: bool = False,
    once: str = "",
) -> list[Message]:
    """Write one message per recipient, and its deliveries, in the caller's transaction; the deliveries
    are enqueued when that transaction commits (a rollback leaves neither message nor delivery). With
    `once` (a reminder's key), a recipient who already has a message with that key gets none."""
    return notify_many(
        event=event, notices=[Notice(recipients, subject, body, url, obj, once)], digest=digest
    )


def once_key(event: str, obj: models.Model, *parts) -> str:
    """A reminder's key: its event, its object and what makes it new (a day, a due date)."""
    return ":".join([event, type(obj).__name__.lower(), str(obj.pk), *map(str, parts)])


def _already_told(notices: list[Notice]) -> set[tuple[int, str]]:
    """(recipient, key) of the reminders among `notices` that were sent before, in one query."""
    keys = {notice.once for notice in notices if notice.once}
    if not keys:
        return set()
    return set(Message.objects.filter(once_key__in=keys).values_list("recipient_id", "once_key"))


def notify_many(*, event: str, notices: Iterable[Notice], digest: bool = False) -> list[Message]:
    """`notify` for many messages of one event at once (a round opened for a thousand units): the same
    rows, in a constant number of queries however many notices."""
    if not event.strip():
        raise ValidationError("消息缺少事件代码（如 rounds.round.open）")
    notices = list(notices)
    told = _already_told(notices)
    batch = []
    for notice in notices:
        if not notice.subject.strip():
            raise ValidationError(f"消息“{event}”缺少标题")
        people = list(
            {
                person.pk: person
                for person in notice.recipients
                if person is not None and (person.pk, notice.once) not in told
            }.values()
        )
        if people:
            batch.append((notice, people))
    if not batch:
        return []
    now = timezone.now()
    content_types = {}
    messages, groups = [], []
    for notice, people in batch:
        obj = notice.obj
        if obj is not None and type(obj) not in content_types:
            content_types[type(obj)] = ContentType.objects.get_for_model(obj)
        group = [
            Message(
                recipient=person,
                event=event,
                subject=notice.subject[:SUBJECT_MAX],
                body=notice.body,
                url=notice.url,
                object_type=content_types[type(obj)] if obj is not None else None,
                object_id=str(obj.pk) if obj is not None else "",
                digest=digest,
                once_key=notice.once,
            )
            for person in people
        ]
        messages.extend(group)
        groups.append((group, people))
    Message.objects.bulk_create(messages)
    channels = _Channels([person.pk for _, people in batch for person in people])
    deliveries = [d for group, people in groups for d in channels.rows(group, people, digest=digest, now=now)]
    Delivery.objects.bulk_create(deliveries)
    queued = [d.pk for d in deliveries if d.state == DeliveryState.QUEUED]
    if queued:
        from rectify.notifications.jobs import deliveries_enqueue

        transaction.on_commit(lambda: deliveries_enqueue(queued))
    return messages


class _Channels:
    """The recipients' preferences, own robots and their units' robots, read once for a batch."""

    def __init__(self, ids: list[int]):
        self.preferences = {p.user_id: p for p in ChannelPreference.objects.filter(user_id__in=ids)}
        self.own_robots: dict[int, list[RobotEndpoint]] = {}
        for robot in RobotEndpoint.objects.filter(active=True, user_id__in=ids).order_by("pk"):
            self.own_robots.setdefault(robot.user_id, []).append(robot)
        self.unit_robots: dict[int, list[RobotEndpoint]] = {}
        self.units_of: dict[int, set[int]] = {}
        for user_id, unit_id in RoleAssignment.objects.filter(user_id__in=ids).values_list(
            "user_id", "unit_id"
        ):
            self.units_of.setdefault(user_id, set()).add(unit_id)
        all_units = set().union(*self.units_of.values()) if self.units_of else set()
        for robot in RobotEndpoint.objects.filter(active=True, unit_id__in=all_units).order_by("pk"):
            self.unit_robots.setdefault(robot.unit_id, []).append(robot)

    def rows(self, messages: list[Message], people: list, *, digest: bool, now) -> list[Delivery]:
        """One message's deliveries (one per recipient) as each recipient's preferences say. A unit's robot
        (a group chat) gets an immediate message once however many of the unit's people it is for; a
        reminder held for the digest goes into each person's own digest."""
        rows, robots_done = [], set()
        for message, person in zip(messages, people, strict=True):
            preference = self.preferences.get(person.pk) or DEFAULT_PREFERENCE
            held = digest and preference.mode == DigestMode.DIGEST
            state = DeliveryState.HELD if held else DeliveryState.QUEUED
            common = {"message": message, "state": state, "next_attempt_at": None if held else now}
            if preference.email and person.email:
                rows.append(Delivery(channel=Channel.EMAIL, address=person.email, **common))
            if preference.robot:
                robots = self.own_robots.get(person.pk) or [
                    robot
                    for unit_id in sorted(self.units_of.get(person.pk, ()))
                    for robot in self.unit_robots.get(unit_id, ())
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
