"""Ids a user can type into the rounds' URLs and forms: not digits ("²" passes str.isdigit), or larger than
any row can have (SQLite cannot compare with them). Each is no match or the form's own message, never a 500."""

import pytest

from rectify.rounds.models import SubmissionLine
from rounds_pages import client_for, open_round, submission_of

BIG = "99999999999999999999999"


@pytest.mark.parametrize("unit", ["²", BIG, "-1", "abc"])
def test_an_impossible_unit_in_the_offline_download_is_no_match(world, unit):
    dispatch_round = open_round(world)
    response = client_for(world.office).get(f"/rounds/offline/{dispatch_round.pk}/download/", {"unit": unit})
    assert response.status_code in (200, 404)


@pytest.mark.parametrize("task", ["²", BIG])
@pytest.mark.parametrize("page", ["", "autosave/"])
def test_an_impossible_line_in_the_form_changes_nothing(world, task, page):
    own = submission_of(open_round(world), world.county_a)
    before = list(SubmissionLine.objects.filter(submission=own).values_list("progress_text", flat=True))
    response = client_for(world.liaison).post(
        f"/rounds/submissions/{own.pk}/{page}",
        {"version": own.version, "action": "save", f"line-{task}-progress_text": "写在不存在的行上",
         f"measure-{task}": "不存在的措施"},
    )  # fmt: skip
    assert response.status_code in (200, 302)
    after = list(SubmissionLine.objects.filter(submission=own).values_list("progress_text", flat=True))
    assert after == before


def test_an_impossible_measure_alone_changes_nothing(world):
    own = submission_of(open_round(world), world.county_a)
    response = client_for(world.liaison).post(
        f"/rounds/submissions/{own.pk}/autosave/", {"version": own.version, f"measure-{BIG}": "不存在的措施"}
    )
    assert response.status_code == 200
