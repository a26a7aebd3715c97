"""Settings for the test run: fast hashing, in-memory e-mail, the immediate task backend."""

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405

# WhiteNoise warns when STATIC_ROOT is missing; here files are served from the finders.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
