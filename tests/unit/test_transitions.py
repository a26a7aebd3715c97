"""The transition-table helper every lifecycle states its table with (core.transitions)."""

import pytest

from rectify.core.transitions import Transition, TransitionTable

TABLE = TransitionTable(
    [
        Transition("draft", "submit", "submitted", frozenset({"liaison"})),
        Transition("submitted", "return", "returned", frozenset({"office"})),
        Transition("submitted", "accept", "accepted", frozenset({"office"})),
        Transition("returned", "submit", "submitted", frozenset({"liaison"})),
    ]
)


def test_find_names_the_step_or_nothing():
    assert TABLE.find("draft", "submit").target == "submitted"
    assert TABLE.find("draft", "accept") is None
    assert TABLE.find("nowhere", "submit") is None


def test_allowed_lists_the_actions_of_a_relation_in_table_order():
    assert TABLE.allowed("submitted", {"office"}) == ["return", "accept"]
    assert TABLE.allowed("submitted", {"liaison"}) == []
    assert TABLE.allowed("returned", ["liaison", "office"]) == ["submit"]


def test_path_is_the_shortest_chain_or_none():
    assert TABLE.path("draft", "draft") == []
    assert [t.action for t in TABLE.path("draft", "accepted")] == ["submit", "accept"]
    assert [t.action for t in TABLE.path("returned", "accepted")] == ["submit", "accept"]
    assert TABLE.path("accepted", "draft") is None


def test_a_pair_listed_twice_is_refused():
    step = Transition("a", "go", "b", frozenset({"x"}))
    with pytest.raises(ValueError, match="twice"):
        TransitionTable([step, Transition("a", "go", "c", frozenset({"x"}))])
