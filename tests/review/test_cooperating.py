"""Review of issue 10, cooperating units: "a cooperating unit reports on its own part" — the measures
of a task the plan gives to a cooperating unit (整改措施, each with its responsible unit) are its part."""

import pytest
from django.core.exceptions import ValidationError

from rectify.ledger import services as ledger
from rectify.rounds import services
from review_support import client_for, open_round, submission_of


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


def test_a_cooperating_unit_is_offered_the_measures_it_is_responsible_for(world, cooperating_measure):
    r = open_round(world)
    a = submission_of(r, world.county_a)
    page = client_for(world.liaison).get(f"/rounds/submissions/{a.pk}/").content.decode()
    # fails: the form shows measures on lead lines only (rounds/_line.html: `line.role == "lead"`)
    assert f'name="measure-{cooperating_measure.pk}"' in page


def test_a_cooperating_unit_may_report_the_progress_of_its_own_measure(world, cooperating_measure):
    r = open_round(world)
    a = submission_of(r, world.county_a)
    try:
        services.submission_save_draft(
            actor=world.liaison, submission=a, measures={cooperating_measure.pk: "已核查取水口12个"}
        )
    except ValidationError as error:  # fails: 措施（编号…）不属于本单位牵头的任务
        pytest.fail("；".join(error.messages))
