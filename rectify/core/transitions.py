"""Transition tables (状态流转表): which actions lead from which state to which, and who may take them.

Pure Python, no Django. Every app with a lifecycle — a task (ledger.lifecycle), a unit's submission in a
dispatch round (rounds), later requests and petition cases — states its table as data with this helper
and asks it the same three questions: may (state, action) happen and where does it lead (`find`), which
actions may someone with these relations take now (`allowed`, for the buttons a page shows), and which
chain of transitions leads from one state to another (`path`, for a state recorded rather than acted
out). A test per app walks every (state, action) pair of its table.

    TABLE = TransitionTable([
        Transition("draft", "submit", "submitted", frozenset({"liaison"})),
        ...
    ])
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Transition:
    """One allowed step: from `source`, `action` leads to `target`, for actors in one of the relations `by`."""

    source: str
    action: str
    target: str
    by: frozenset[str]


class TransitionTable:
    """An app's allowed transitions, in the order they are listed (the order buttons are shown in)."""

    def __init__(self, transitions: Iterable[Transition]):
        self.transitions: tuple[Transition, ...] = tuple(transitions)
        self._by_pair: dict[tuple[str, str], Transition] = {}
        for t in self.transitions:
            if (t.source, t.action) in self._by_pair:
                raise ValueError(f"the table has ({t.source}, {t.action}) twice")
            self._by_pair[(t.source, t.action)] = t

    def __iter__(self) -> Iterator[Transition]:
        return iter(self.transitions)

    def __len__(self) -> int:
        return len(self.transitions)

    def __contains__(self, transition: object) -> bool:
        return transition in self.transitions

    def find(self, state: str, action: str) -> Transition | None:
        """The transition for (state, action), or None when the table does not allow it."""
        return self._by_pair.get((state, action))

    def allowed(self, state: str, relations: Iterable[str]) -> list[str]:
        """The actions an actor with `relations` may take in `state`, in table order."""
        relations = set(relations)
        return [t.action for t in self.transitions if t.source == state and t.by & relations]

    def path(self, source: str, target: str) -> list[Transition] | None:
        """The shortest chain of transitions from `source` to `target` ([] when equal), None if unreachable."""
        frontier: list[tuple[str, list[Transition]]] = [(source, [])]
        seen = {source}
        while frontier:
            next_frontier = []
            for state, path in frontier:
                if state == target:
                    return path
                for t in self.transitions:
                    if t.source == state and t.target not in seen:
                        seen.add(t.target)
                        next_frontier.append((t.target, [*path, t]))
            frontier = next_frontier
        return None
