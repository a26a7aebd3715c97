"""What management commands share about who runs them."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError


def command_actor(username: str | None):
    """The account a command acts as: the named one, or else the only superuser. CommandError otherwise."""
    users = get_user_model().objects.filter(is_active=True)
    if username:
        actor = users.filter(username=username).first()
        if actor is None:
            raise CommandError(f"没有账号“{username}”", returncode=2)
        return actor
    admins = list(users.filter(is_superuser=True)[:2])
    if len(admins) != 1:
        raise CommandError("请用 --user 指定以哪个账号操作（系统中没有、或不止一个系统管理员）", returncode=2)
    return admins[0]
