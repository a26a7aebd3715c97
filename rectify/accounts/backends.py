"""Password sign-in, refusing the command line's system actor whatever password it may have been given."""

from django.contrib.auth.backends import ModelBackend

from rectify.accounts.commands import is_system_actor


class PasswordBackend(ModelBackend):
    """Django's ModelBackend, except that nobody signs in as the system actor (系统（命令行）)."""

    def user_can_authenticate(self, user) -> bool:
        return not is_system_actor(user) and super().user_can_authenticate(user)
