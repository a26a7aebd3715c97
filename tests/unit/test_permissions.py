"""The one permission vocabulary (orgunits.permissions): registered rules answer, unknown actions refuse."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from rectify.orgunits import permissions


class Someone:
    is_authenticated = is_active = True

    def __init__(self, name):
        self.name = name


@pytest.fixture
def rule(monkeypatch):
    monkeypatch.setattr(permissions, "_RULES", {})
    permissions.register(
        "demo.thing.touch", lambda user, obj: True if user.name == obj else "只有本人可以操作"
    )


def test_a_rule_answers_for_its_action(rule):
    assert permissions.may(Someone("甲"), "demo.thing.touch", "甲")
    assert not permissions.may(Someone("乙"), "demo.thing.touch", "甲")
    with pytest.raises(PermissionDenied, match="只有本人可以操作"):
        permissions.require(Someone("乙"), "demo.thing.touch", "甲")


def test_an_unknown_action_or_an_anonymous_user_is_refused(rule):
    assert not permissions.may(Someone("甲"), "demo.thing.break", "甲")
    with pytest.raises(PermissionDenied, match="未定义的操作"):
        permissions.require(Someone("甲"), "demo.thing.break", "甲")
    assert not permissions.may(AnonymousUser(), "demo.thing.touch", "甲")


def test_a_second_rule_for_one_action_is_a_mistake(rule):
    with pytest.raises(ValueError, match="already registered"):
        permissions.register("demo.thing.touch", lambda user, obj: True)
