"""Which unit reports which measure of a task in a round (pure: plain objects with `responsible_unit_id`).

A task's measures (整改措施) each name a responsible unit. A cooperating unit reports on its own part:
the measures whose responsible unit it is, on its cooperating line. The lead unit reports on the rest —
its own, those without a responsible unit, and those of a unit with no line on the task in the round —
so each measure has exactly one reporter in a round.
"""

from collections.abc import Iterable


def measures_reported_on(
    measures: Iterable, *, unit_id: int, lead: bool, cooperating_unit_ids: Iterable[int]
) -> list:
    """The measures `unit_id` reports on its line of the task: as the lead unit (`lead`), every
    measure but those of the cooperating units with a line on the task (`cooperating_unit_ids`); as a
    cooperating unit, the measures it is responsible for."""
    if not lead:
        return [m for m in measures if m.responsible_unit_id == unit_id]
    others = set(cooperating_unit_ids) - {unit_id}
    return [m for m in measures if m.responsible_unit_id not in others]
