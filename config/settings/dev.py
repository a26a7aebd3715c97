"""Settings for ./run on a developer's or an evaluator's laptop."""

from .base import *  # noqa: F403

DEBUG = env_bool("RECTIFY_DEBUG", True)  # noqa: F405

# WhiteNoise warns when STATIC_ROOT is missing; here files are served from the finders.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
