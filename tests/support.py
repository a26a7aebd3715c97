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


def seed_prefecture_office(user_model, username: str = "cj_office") -> str:
    """The seed's prefecture (under its region) and an office account there; returns the username."""
    from rectify.orgunits.models import OrgUnitKind, Role
    from rectify.orgunits.services import orgunit_create, role_assign

    region = orgunit_create(name="新疆维吾尔自治区", kind=OrgUnitKind.REGION)
    prefecture = orgunit_create(
        name="昌吉回族自治州", short_name="昌吉州", kind=OrgUnitKind.PREFECTURE, parent=region
    )
    office = user_model.objects.create_user(username=username, password="x")
    role_assign(user=office, role=Role.OFFICE, unit=prefecture, include_subtree=True)
    return username


def make_user(username: str, **fields):
    """A user with the password "pw" (the tests' own: the demo's is "rectify")."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(username=username, password="pw", **fields)
