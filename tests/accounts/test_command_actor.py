"""Commands act as a named account, or as the system actor, whom nobody can sign in as."""

import pytest
from django.contrib.auth import authenticate
from django.core.management.base import CommandError

from rectify.accounts.commands import SYSTEM_NAME, command_actor, system_actor
from support import make_user


def test_no_name_is_the_system_actor_made_once(db):
    actor = command_actor(None)
    assert (actor.full_name, actor.is_superuser, actor.has_usable_password()) == (SYSTEM_NAME, True, False)
    assert command_actor("") == actor == system_actor()


def test_a_named_account_or_a_clear_error(db):
    person = make_user("office")
    assert command_actor("office") == person
    person.is_active = False
    person.save()
    with pytest.raises(CommandError, match="没有账号“office”"):
        command_actor("office")


def test_nobody_signs_in_as_the_system_actor_even_given_a_password(db, client):
    actor = system_actor()
    actor.set_password("guessable")
    actor.save()
    assert authenticate(username=actor.username, password="guessable") is None
    assert client.login(username=actor.username, password="guessable") is False
    make_user("office")
    assert authenticate(username="office", password="pw") is not None
