"""Review of issue 10, the unit's form: bad input gets a clear Chinese message and changes nothing."""

from rectify.rounds.models import SubmissionLine
from review_support import client_for, open_round, submission_of


def test_a_quantity_of_nan_is_refused_with_a_message_not_a_server_error(world):
    """`_clean_line` compares Decimal("NaN") < 0, which raises decimal.InvalidOperation outside the try:
    the autosave answers 500 instead of "完成工程量须为数字"."""
    w = world
    r = open_round(w)
    a = submission_of(r, w.county_a)
    liaison = client_for(w.liaison)
    liaison.raise_request_exception = False
    response = liaison.post(
        f"/rounds/submissions/{a.pk}/autosave/",
        {"version": a.version, f"line-{w.task_a.pk}-quantity_done": "NaN"},
    )
    assert response.status_code == 200  # fails: 500
    assert "完成工程量" in response.content.decode()
    assert SubmissionLine.objects.get(submission=a, task=w.task_a).quantity_done is None


def test_a_nul_character_typed_or_pasted_is_refused_or_dropped_not_a_server_error(world):
    """The form's values reach the service raw (no Django form field, whose validator refuses NUL). On
    PostgreSQL a text with U+0000 cannot be stored: the autosave answers 500. (On SQLite it is stored, and
    the offline workbook then writes it as _x0000_.)"""
    w = world
    r = open_round(w)
    a = submission_of(r, w.county_a)
    liaison = client_for(w.liaison)
    liaison.raise_request_exception = False
    response = liaison.post(
        f"/rounds/submissions/{a.pk}/autosave/",
        {"version": a.version, f"line-{w.task_a.pk}-progress_text": "复制来的文字\x00尾部"},
    )
    assert response.status_code == 200
    assert "\x00" not in SubmissionLine.objects.get(submission=a, task=w.task_a).progress_text
