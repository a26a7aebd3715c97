"""The unit's form and the office's comment: whatever is typed or pasted gets a clear Chinese message or
is stored as both databases store it; never a server error, and a refused save changes nothing."""

import pytest

from rectify.core.storable import storable
from rectify.rounds import services
from rectify.rounds.models import MeasureLine, SubmissionLine
from rounds_pages import client_for, open_round, submission_of


def autosave(w, submission, field, value, task=None):
    liaison = client_for(w.liaison)
    liaison.raise_request_exception = False
    task = task or w.task_a
    return liaison.post(
        f"/rounds/submissions/{submission.pk}/autosave/",
        {"version": submission.version, f"line-{task.pk}-{field}": value},
    )


@pytest.mark.parametrize("value", ["NaN", "sNaN", "-nan", "Infinity", "-inf", "1e12", "1E+400", "-1", "十"])
def test_a_quantity_that_is_no_finite_non_negative_number_is_refused_with_a_message(world, value):
    a = submission_of(open_round(world), world.county_a)
    response = autosave(world, a, "quantity_done", value)
    assert response.status_code == 200
    assert "任务1：完成工程量须为" in response.content.decode()
    assert SubmissionLine.objects.get(submission=a, task=world.task_a).quantity_done is None


@pytest.mark.parametrize("value", ["1e400", "9" * 5000, "50.5", "NaN"])
def test_a_percent_that_is_no_whole_number_is_refused_with_a_message(world, value):
    a = submission_of(open_round(world), world.county_a)
    response = autosave(world, a, "percent", value)
    assert response.status_code == 200
    assert "任务1：完成进度须为0到100之间的整数" in response.content.decode()
    assert SubmissionLine.objects.get(submission=a, task=world.task_a).percent is None


def test_a_nul_character_typed_or_pasted_is_dropped(world):
    """PostgreSQL cannot store U+0000 (the save was a 500 there, and stored as is on SQLite)."""
    a = submission_of(open_round(world), world.county_a)
    response = autosave(world, a, "progress_text", "复制来的文字\x00尾部")
    assert response.status_code == 200
    assert SubmissionLine.objects.get(submission=a, task=world.task_a).progress_text == "复制来的文字尾部"


def test_a_nul_in_a_measure_and_in_the_return_comment_is_dropped(world):
    a = submission_of(open_round(world), world.county_a)
    services.submission_save_draft(
        actor=world.liaison,
        submission=a,
        lines={line.task_id: {"progress_text": "进展"} for line in a.lines.all()},
        measures={world.measure.pk: "招标\x00完成"},
    )
    assert MeasureLine.objects.get(measure=world.measure).progress_text == "招标完成"
    services.submission_submit(actor=world.liaison, submission=a)
    services.submission_return(actor=world.office, submission=a, comment="请补充\x00佐证")
    a.refresh_from_db()
    assert a.returned_comment == "请补充佐证"


def test_storable_drops_only_what_no_database_stores():
    assert storable("a\x00b\ud800c") == "abc"
    assert storable("资金\x0b不足\t\n") == "资金\x0b不足\t\n"  # kept: both store it, Excel carries it
    assert storable("") == ""
