"""What management commands share about who runs them.

A command names the account it acts as (`--user`), or else acts as the system actor (系统（命令行）):
one account, created the first time a command needs it, that nobody can sign in as (its password is
unusable and the login refuses it), so the audit log says plainly that a script made the change rather
than putting it on some person's name.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

SYSTEM_USERNAME = "rectify-system"
SYSTEM_NAME = "系统（命令行）"


def system_actor():
    """The system actor: an administrator account without a usable password, made on first use."""
    users = get_user_model().objects
    actor = users.filter(username=SYSTEM_USERNAME).first()
    if actor is None:
        actor = users.create(username=SYSTEM_USERNAME, full_name=SYSTEM_NAME, is_superuser=True)
        actor.set_unusable_password()
        actor.save(update_fields=["password"])
    return actor


def is_system_actor(user) -> bool:
    """Whether `user` is the command line's system actor."""
    return getattr(user, "username", None) == SYSTEM_USERNAME


def command_actor(username: str | None):
    """The account a command acts as: the named active one, or the system actor. CommandError otherwise."""
    if not username:
        return system_actor()
    actor = get_user_model().objects.filter(is_active=True, username=username).first()
    if actor is None:
        raise CommandError(f"没有账号“{username}”", returncode=2)
    return actor
