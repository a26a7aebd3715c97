"""A cooperating unit reports on its own part: the measures of a task (整改措施, each with its
responsible unit) that the plan gives to it. Each measure has one reporter in a round; the accepted
progress reaches the ledger and the round's snapshot at the lock."""

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from rectify.ledger import services as ledger
from rectify.ledger.models import Measure
from rectify.rounds import services
from rectify.rounds.models import MeasureLine, RoundTaskSnapshot, Submission
from rectify.rounds.offline_export import submission_workbook
from rectify.rounds.offline_import import offline_plan
from rounds_pages import client_for, fill_and_submit, open_round, submission_of


@pytest.fixture
def cooperating_measure(world):
    """Task 2 (用水统计核查) is led by 北塔县; its measure 1 is 石河县's, the cooperating unit."""
    return ledger.measure_create(
        actor=world.office,
        task=world.task_b,
        number=1,
        text="石河县完成辖区取水口计量核查",
        responsible_unit=world.county_a,
    )


def test_a_cooperating_unit_is_offered_the_measures_it_is_responsible_for_and_the_lead_unit_is_not(
    world, cooperating_measure
):
    w = world
    r = open_round(w)
    a, b = submission_of(r, w.county_a), submission_of(r, w.county_b)
    assert (
        f'name="measure-{cooperating_measure.pk}"'
        in client_for(w.liaison).get(f"/rounds/submissions/{a.pk}/").content.decode()
    )
    assert (
        f'name="measure-{cooperating_measure.pk}"'
        not in client_for(w.other_liaison).get(f"/rounds/submissions/{b.pk}/").content.decode()
    )
    with pytest.raises(ValidationError, match="不由本单位报送"):
        services.submission_save_draft(
            actor=w.other_liaison, submission=b, measures={cooperating_measure.pk: "北塔县代写"}
        )


def test_a_cooperating_unit_may_not_report_a_measure_of_the_lead_unit(world):
    w = world
    own = ledger.measure_create(
        actor=w.office, task=w.task_b, number=1, text="北塔县制定核查方案", responsible_unit=w.county_b
    )
    a = submission_of(open_round(w), w.county_a)
    with pytest.raises(ValidationError, match="不由本单位报送"):
        services.submission_save_draft(actor=w.liaison, submission=a, measures={own.pk: "石河县代写"})


def test_a_cooperating_units_measure_progress_reaches_the_ledger_and_the_snapshot_at_the_lock(
    world, cooperating_measure
):
    w = world
    r = open_round(w)
    a = submission_of(r, w.county_a)
    services.submission_save_draft(
        actor=w.liaison, submission=a, measures={cooperating_measure.pk: "已核查取水口12个"}
    )
    for submitted in (
        fill_and_submit(w.liaison, a),
        fill_and_submit(w.other_liaison, submission_of(r, w.county_b)),
    ):
        services.submission_accept(actor=w.office, submission=submitted)
    services.round_lock(actor=w.office, dispatch_round=r)
    assert Measure.objects.get(pk=cooperating_measure.pk).progress_text == "已核查取水口12个"
    snapshot = RoundTaskSnapshot.objects.get(round=r, task=w.task_b)
    assert snapshot.measures == [[1, "已核查取水口12个"]]


def test_the_offline_forms_give_the_cooperating_units_measure_to_it_not_to_the_lead_unit(
    world, cooperating_measure, tmp_path
):
    """The same rule in the protected Excel forms: 石河县's form lists its measure of task 2 and its
    progress comes back through the office's import; 北塔县's form does not list it."""
    w = world
    r = open_round(w)
    a, b = submission_of(r, w.county_a), submission_of(r, w.county_b)

    def measure_ids(submission):
        path = tmp_path / f"{submission.pk}.xlsx"
        path.write_bytes(submission_workbook(Submission.objects.get(pk=submission.pk)))
        sheet = openpyxl.load_workbook(path)["措施进展"]
        return path, {sheet.cell(row, 1).value: row for row in range(4, sheet.max_row + 1)}

    _path, lead_rows = measure_ids(b)
    assert cooperating_measure.pk not in lead_rows
    path, own_rows = measure_ids(a)
    assert cooperating_measure.pk in own_rows and w.measure.pk in own_rows  # its task 1's measure too
    book = openpyxl.load_workbook(path)
    book["措施进展"][f"E{own_rows[cooperating_measure.pk]}"] = "已核查取水口12个"
    book.save(path)
    plan = offline_plan(r, [(path, "石河县.xlsx")])
    assert [(c.task_number, c.what, c.after) for c in plan.submissions[0].changes] == [
        (2, "措施1", "已核查取水口12个")
    ]
    services.round_offline_import(actor=w.office, dispatch_round=r, plan=plan)
    assert MeasureLine.objects.get(measure=cooperating_measure).progress_text == "已核查取水口12个"
