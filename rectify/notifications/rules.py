"""Who may change a person's message settings (the `notifications.*` rules of orgunits.permissions): the
person alone. The administrator changes them in the admin (消息偏好, 群机器人)."""

from rectify.audit import codes
from rectify.orgunits.permissions import register


def own_settings_only(user, person) -> bool | str:
    return True if person is not None and person.pk == user.pk else "只能修改自己的消息设置"


def register_rules() -> None:
    for action in (
        codes.NOTIFICATIONS_PREFERENCE_UPDATE,
        codes.NOTIFICATIONS_ROBOT_SET,
        codes.NOTIFICATIONS_ROBOT_REMOVE,
    ):
        register(action, own_settings_only)
