"""Helpers the tests share (a module with its own name: `conftest` is ambiguous once several exist)."""

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"


def shared_file(relative: str) -> Path:
    """A file from ../shared; skips when absent, except in CI where its absence is a failure."""
    path = SHARED / relative
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing in CI")
        pytest.skip(
            f"{path} is not here: ../shared is only beside the project on developers' machines and in CI"
        )
    return path
