"""An account holding a one-time password (首次登录) must change it before anything else.

`PasswordChangeRequired` (a middleware, after the authentication middleware) sends a signed-in user whose
`must_change_password` is set to the password change page, from every page but that one, logging out, the
language switch and static files. The flag is cleared by the password change itself
(`rectify.people.services.password_change_own`), nowhere else.
"""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

PASSWORD_CHANGE_URL_NAME = "password_change"
_ALLOWED_NAMES = (PASSWORD_CHANGE_URL_NAME, "logout", "login")


class PasswordChangeRequired:
    """Redirect a user who must change their password to the page that changes it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "must_change_password", False)
            and not self._allowed(request.path)
        ):
            return redirect(PASSWORD_CHANGE_URL_NAME)
        return self.get_response(request)

    @staticmethod
    def _allowed(path: str) -> bool:
        if path.startswith(f"/{settings.STATIC_URL.lstrip('/')}") or path.startswith("/i18n/"):
            return True
        return any(path == reverse(name) for name in _ALLOWED_NAMES)
