"""Each person's own choice of channels (消息设置): the reads of the settings page and its three changes.

    channel_settings(user) -> ChannelSettings          what the page shows, and its `seen` fingerprint
    channel_preference_update(*, actor, user, email, robot, mode, seen) -> ChannelPreference
    personal_robot_set(*, actor, user, kind, address, secret="", seen) -> RobotEndpoint
    personal_robot_remove(*, actor, user, robot_id, seen) -> None

A person changes only their own settings (the `notifications.*` rules in `rules.py`). A form carries
the fingerprint of the settings it was read with (`seen`); a change from a form read before another
window or the administrator changed them is refused (ValidationError, code "stale"), changing nothing.
The fingerprint covers the stored values themselves, so a change made in the admin counts too.
"""

import hashlib
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from rectify.audit import codes
from rectify.audit.services import audit_record
from rectify.notifications.models import ChannelPreference, DigestMode, RobotEndpoint
from rectify.notifications.robot_urls import RobotAddressError, robot_apprise_url, robot_url_masked
from rectify.orgunits.models import RoleAssignment
from rectify.orgunits.permissions import require

STALE_MESSAGE = "保存未成功：您打开此页后，您的消息设置已在其他窗口或由管理员修改。下方显示的是现在的设置，请核对后重新操作。"


@dataclass(frozen=True)
class ChannelSettings:
    """A person's settings as the page shows them."""

    preference: ChannelPreference  # unsaved defaults when the person never chose
    own_robots: list[RobotEndpoint]
    unit_robots: list[RobotEndpoint]  # the robots of the units the person holds a role in
    seen: str

    @property
    def robots_in_use(self) -> list[RobotEndpoint]:
        """Where the person's robot messages go (`services._Channels.rows`): their own active robots,
        else their units' active robots."""
        own = [r for r in self.own_robots if r.active]
        return own or [r for r in self.unit_robots if r.active]


def _read(user) -> tuple[ChannelPreference, list[RobotEndpoint]]:
    preference = ChannelPreference.objects.filter(user=user).first() or ChannelPreference(user=user)
    robots = list(RobotEndpoint.objects.filter(user=user).order_by("pk"))
    return preference, robots


def _fingerprint(preference: ChannelPreference, robots: list[RobotEndpoint]) -> str:
    state = repr(
        (
            preference.pk,
            preference.email,
            preference.robot,
            preference.mode,
            [(r.pk, r.kind, r.apprise_url, r.active, r.label) for r in robots],
        )
    )
    return hashlib.sha256(state.encode()).hexdigest()[:20]


def channel_settings(user) -> ChannelSettings:
    """The person's own settings (nobody reads another's here)."""
    preference, robots = _read(user)
    unit_ids = RoleAssignment.objects.filter(user=user).values("unit_id")
    unit_robots = list(
        RobotEndpoint.objects.filter(unit_id__in=unit_ids).select_related("unit").order_by("unit_id", "pk")
    )
    return ChannelSettings(preference, robots, unit_robots, _fingerprint(preference, robots))


def _claim(*, user, seen: str) -> tuple[ChannelPreference, list[RobotEndpoint]]:
    """Lock the person's settings for this transaction and check the form is not stale; returns the
    settings as they now stand."""
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    preference, robots = _read(user)
    if seen != _fingerprint(preference, robots):
        raise ValidationError(STALE_MESSAGE, code="stale")
    return preference, robots


def channel_preference_update(
    *, actor, user, email: bool, robot: bool, mode: str, seen: str
) -> ChannelPreference:
    """Turn e-mail and the chat robot on or off for the person's messages, and choose whether reminders
    wait for the day's digest or go at once. In-app messages are always on."""
    require(actor, codes.NOTIFICATIONS_PREFERENCE_UPDATE, user)
    if mode not in DigestMode.values:
        raise ValidationError({"mode": "请选择提醒的发送方式"})
    with transaction.atomic():
        preference, _robots = _claim(user=user, seen=seen)
        new = {"email": bool(email), "robot": bool(robot), "mode": mode}
        changes = {
            name: [getattr(preference, name), value]
            for name, value in new.items()
            if getattr(preference, name) != value
        }
        if not changes:  # nothing to change (no row needed for the defaults)
            return preference
        for name, value in new.items():
            setattr(preference, name, value)
        preference.save()
        audit_record(
            actor=actor,
            action="修改消息设置",
            code=codes.NOTIFICATIONS_PREFERENCE_UPDATE,
            obj=preference,
            changes=changes,
        )
    return preference


def personal_robot_set(*, actor, user, kind: str, address: str, secret: str = "", seen: str) -> RobotEndpoint:
    """Set the person's own chat robot (钉钉, 企业微信 or 飞书), replacing the first one they have: a bad
    address is a ValidationError on its field and nothing is saved."""
    require(actor, codes.NOTIFICATIONS_ROBOT_SET, user)
    try:
        url = robot_apprise_url(kind, address, secret)
    except RobotAddressError as error:
        raise ValidationError({error.field: error.message}) from None
    with transaction.atomic():
        _preference, robots = _claim(user=user, seen=seen)
        robot = robots[0] if robots else RobotEndpoint(user=user)
        before = (robot.kind, robot_url_masked(robot.apprise_url) if robot.pk else "", robot.active)
        robot.kind, robot.apprise_url, robot.active = kind, url, True
        robot.label = robot.label or "个人机器人"
        robot.full_clean()
        robot.save()
        after = (robot.kind, robot_url_masked(url), True)
        audit_record(
            actor=actor,
            action="设置个人群机器人",
            code=codes.NOTIFICATIONS_ROBOT_SET,
            obj=robot,
            changes={
                name: [b, a]
                for name, b, a in zip(("kind", "apprise_url", "active"), before, after, strict=True)
                if b != a
            },
        )
    return robot


def personal_robot_remove(*, actor, user, robot_id: int, seen: str) -> None:
    """Delete one of the person's own robots (their robot messages then go to their units' robots)."""
    require(actor, codes.NOTIFICATIONS_ROBOT_REMOVE, user)
    with transaction.atomic():
        _preference, robots = _claim(user=user, seen=seen)
        robot = next((r for r in robots if r.pk == robot_id), None)
        if robot is None:
            raise ValidationError("没有这个个人机器人（可能已被删除）", code="stale")
        audit_record(
            actor=actor,
            action="删除个人群机器人",
            code=codes.NOTIFICATIONS_ROBOT_REMOVE,
            obj=robot,
            changes={"kind": [robot.kind, None], "apprise_url": [robot_url_masked(robot.apprise_url), None]},
        )
        robot.delete()
