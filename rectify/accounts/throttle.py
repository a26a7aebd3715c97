"""Login throttling (登录限制) through django-axes: the backend that consults it and the page it shows.

Failures are counted per account and per address (settings: AXES_*); past the limit both are locked for
the cool-off, on the login page and the admin's alike, and a successful login forgets the account's
failures.
"""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.shortcuts import render


class LoginThrottleBackend(AxesStandaloneBackend):
    """Refuses every login of a locked account or address, before the password is checked.

    A login without a request (the shell, the test client's `login()`) has no address and comes from
    no login form: it is not throttled; every login through a page has a request and is.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    """The login page again, saying why and for how long, with HTTP 429."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    context = {"locked_out": True, "cooloff_minutes": minutes, "next": request.POST.get("next", "")}
    return render(request, "registration/login.html", context, status=429)
