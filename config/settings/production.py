"""Settings for a real deployment: secrets must come from the environment."""

import os

from .base import *  # noqa: F403

SECRET_KEY = os.environ["RECTIFY_SECRET_KEY"]
DEBUG = False
SESSION_COOKIE_SECURE = env_bool("RECTIFY_SECURE_COOKIES", True)  # noqa: F405
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}
