"""The task page shows the task's line of every round — to whom: each unit its own lines; the lead unit
the cooperating units' lines too (as on its form); the task's lead leader (领衔督办) every line, the open
round's included; nobody else another unit's line."""

from rectify.rounds import services
from rounds_pages import client_for, fill_and_submit, open_round, submission_of


def task_page(user, task) -> str:
    page = client_for(user).get(f"/ledger/tasks/{task.pk}/")
    assert page.status_code == 200
    return page.content.decode()


def test_the_tasks_lead_leader_sees_the_units_line_of_the_open_round_on_the_task_page(world):
    """李副州长 leads and will accept task 1; 石河县 reports on it in the October round, still open."""
    w = world
    r = open_round(w)
    fill_and_submit(w.liaison, submission_of(r, w.county_a), text="石河县10月的进展说明")
    assert "石河县10月的进展说明" in task_page(w.leader, w.task_a)
    # 赵州长 leads other tasks: task 1 is not his to read at all
    assert client_for(w.other_leader).get(f"/ledger/tasks/{w.task_a.pk}/").status_code == 404


def test_the_lead_unit_sees_the_cooperating_units_line_on_the_task_page_as_on_its_form(world):
    """北塔县 leads task 2, 石河县 cooperates: 北塔县's form shows 石河县's line, and so does the task page."""
    w = world
    r = open_round(w)
    a = submission_of(r, w.county_a)
    services.submission_save_draft(
        actor=w.liaison, submission=a, lines={w.task_b.pk: {"progress_text": "石河县配合核查取水口12个"}}
    )
    b = submission_of(r, w.county_b)
    services.submission_save_draft(
        actor=w.other_liaison, submission=b, lines={w.task_b.pk: {"progress_text": "北塔县牵头完成核查方案"}}
    )
    lead = client_for(w.other_liaison)
    assert "石河县配合核查取水口12个" in lead.get(f"/rounds/submissions/{b.pk}/").content.decode()
    page = task_page(w.other_liaison, w.task_b)
    assert "石河县配合核查取水口12个" in page and "北塔县牵头完成核查方案" in page
    # the cooperating unit sees its own line, not the lead unit's, as on its own form
    page = task_page(w.liaison, w.task_b)
    assert "石河县配合核查取水口12个" in page and "北塔县牵头完成核查方案" not in page
