"""Settings for a real deployment (docs/deployment.md): secrets from the environment, HTTPS enforced.

RECTIFY_SECRET_KEY is required. HTTPS is on by default: every http:// request is redirected
(RECTIFY_SSL_REDIRECT), browsers are told to use HTTPS only for RECTIFY_HSTS_SECONDS (one year; 0 turns
HSTS off), including subdomains (RECTIFY_HSTS_INCLUDE_SUBDOMAINS) and with the preload flag
(RECTIFY_HSTS_PRELOAD; the flag alone lists nothing, a domain enters browsers' preload lists only when
its owner submits it). Cookies are sent over HTTPS only (RECTIFY_SECURE_COOKIES). Behind a reverse proxy
that terminates HTTPS, set RECTIFY_BEHIND_PROXY=1 (base.py).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

SECRET_KEY = os.environ["RECTIFY_SECRET_KEY"]
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or "change-me" in SECRET_KEY:
    raise ImproperlyConfigured(
        "RECTIFY_SECRET_KEY 须为至少50个字符的随机字符串，不能沿用示例值（the secret key must be 50+ random "
        "characters, not the example's）: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )
DEBUG = False
SESSION_COOKIE_SECURE = env_bool("RECTIFY_SECURE_COOKIES", True)  # noqa: F405
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("RECTIFY_SSL_REDIRECT", True)  # noqa: F405
SECURE_HSTS_SECONDS = int(os.environ.get("RECTIFY_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("RECTIFY_HSTS_INCLUDE_SUBDOMAINS", True)  # noqa: F405
SECURE_HSTS_PRELOAD = env_bool("RECTIFY_HSTS_PRELOAD", True)  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}
