"""Who reports which measure of a task in a round (rounds.measure_parts, pure)."""

from types import SimpleNamespace

from rectify.rounds.measure_parts import measures_reported_on

LEAD, COOP, ELSEWHERE = 1, 2, 3
MEASURES = [
    SimpleNamespace(n=n, responsible_unit_id=unit) for n, unit in enumerate([LEAD, COOP, None, ELSEWHERE])
]


def numbers(unit_id, lead, cooperating):
    return [
        m.n
        for m in measures_reported_on(MEASURES, unit_id=unit_id, lead=lead, cooperating_unit_ids=cooperating)
    ]


def test_the_cooperating_unit_reports_its_own_measures_and_the_lead_unit_the_rest():
    assert numbers(COOP, False, [COOP]) == [1]
    assert numbers(LEAD, True, [COOP]) == [0, 2, 3]


def test_a_responsible_unit_without_a_line_on_the_task_leaves_its_measure_to_the_lead_unit():
    assert numbers(LEAD, True, []) == [0, 1, 2, 3]


def test_every_measure_has_exactly_one_reporter():
    reporters = [(LEAD, True), (COOP, False)]
    counted = sorted(n for unit, lead in reporters for n in numbers(unit, lead, [COOP]))
    assert counted == [0, 1, 2, 3]
