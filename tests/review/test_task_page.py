"""Review of issue 10, "the task page shows its line of every round": to whom?"""

from review_support import client_for, fill_and_submit, open_round, submission_of


def test_the_tasks_lead_leader_sees_the_units_line_of_the_open_round_on_the_task_page(world):
    """李副州长 leads and will accept task 1 (领衔督办验收). 石河县 reports on it in the October round; on
    the task page the leader sees no round at all until the round is locked (task_round_lines shows the
    lines of submissions the user may see, and a leader sees only the submissions of units they lead)."""
    w = world
    r = open_round(w)
    fill_and_submit(w.liaison, submission_of(r, w.county_a), text="石河县10月的进展说明")
    page = client_for(w.leader).get(f"/ledger/tasks/{w.task_a.pk}/")
    assert page.status_code == 200
    assert "石河县10月的进展说明" in page.content.decode()  # fails
