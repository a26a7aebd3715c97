"""Settings for ./run on a developer's or an evaluator's laptop."""

from .base import *  # noqa: F403

DEBUG = env_bool("RECTIFY_DEBUG", True)  # noqa: F405
