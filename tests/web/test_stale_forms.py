"""Two people open the same edit form; A saves, then B saves (issue 8, 3.1). B's save is refused with
what changed meanwhile; B's typing stays in the form; nothing changes; saving again then goes through."""

import pytest
from django.urls import reverse

from rectify.audit.models import AuditEvent
from rectify.ledger.models import Finding, Inspection, Measure, Task


def form_data(response) -> dict:
    """What a browser would post back from the form on the page: its fields' current values."""
    form = response.context["form"] if "form" in response.context else response.context["progress_form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif hasattr(value, "isoformat"):
            data[name] = value.isoformat()
        else:
            data[name] = "" if value is None else value
    return data


def row(model, pk) -> dict:
    return model.objects.filter(pk=pk).values().get()


# (page, who opens the form, whose save goes first with which change, B's change, model, pk, the
#  label of the field A changed, the text B typed)
CASES = {
    "task": ("task_edit", "office", "office", {"title": "焦化企业烟气深度治理"}, {"target": "稳定达标排放"}),
    "measure": (
        "measure_edit",
        "office",
        "liaison",
        {"progress_text": "设备已到货"},
        {"text": "安装除尘设施"},
    ),
    "finding": ("finding_edit", "office", "office", {"category": "air"}, {"text": "督察发现，问题依旧。"}),
    "inspection": ("inspection_edit", "office", "office", {"team": "第一督察组"}, {"rule_set": "整改规定"}),
    "progress": (
        "task_detail",
        "liaison",
        "office",
        {"progress": 40, "progress_text": "已完成招标"},
        {"progress": 10, "progress_text": "刚刚开工，正在建设"},
    ),
}
TARGETS = {
    "task": (Task, lambda w: w.task_a.pk, "任务名称"),
    "measure": (Measure, lambda w: w.measure.pk, "最新进展"),
    "finding": (Finding, lambda w: w.finding.pk, "类别"),
    "inspection": (Inspection, lambda w: w.inspection.pk, "督察组"),
    "progress": (Task, lambda w: w.task_a.pk, "整改进展情况"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_second_of_two_open_forms_is_refused_and_keeps_its_input(client, world, case):
    page, b_user, a_user, a_change, b_change = CASES[case]
    model, pk_of, label = TARGETS[case]
    pk = pk_of(world)
    url = reverse(f"ledger:{page}", args=[pk])
    post_url = reverse("ledger:task_report_progress", args=[pk]) if case == "progress" else url
    client.force_login(getattr(world, a_user))
    a_form = form_data(client.get(url))
    client.force_login(getattr(world, b_user))
    b_form = form_data(client.get(url))

    client.force_login(getattr(world, a_user))
    assert client.post(post_url, {**a_form, **a_change}).status_code == 302
    before, events = row(model, pk), AuditEvent.objects.count()

    client.force_login(getattr(world, b_user))
    response = client.post(post_url, {**b_form, **b_change})
    assert response.status_code == 200
    page_text = response.content.decode()
    assert "保存未成功" in page_text
    conflict = (response.context.get("form") or response.context["progress_form"]).conflict
    assert label in [c.label for c in conflict.changes]
    assert f'<th scope="row" class="text-nowrap">{label}</th>' in page_text
    for typed in b_change.values():
        assert str(typed) in page_text  # what B typed is still in the form
    assert row(model, pk) == before
    assert AuditEvent.objects.count() == events

    # Having read the table, B saves again: the form now carries the current version.
    again = form_data(response)
    assert again["version"] == before["version"]
    assert client.post(post_url, again).status_code == 302
    assert row(model, pk)["version"] == before["version"] + 1


def test_a_form_posted_without_its_version_is_refused(client, world):
    client.force_login(world.office)
    data = form_data(client.get(reverse("ledger:task_edit", args=[world.task_a.pk])))
    del data["version"]
    before = row(Task, world.task_a.pk)
    response = client.post(reverse("ledger:task_edit", args=[world.task_a.pk]), {**data, "title": "新"})
    assert response.status_code == 200
    assert "页面已过期" in response.content.decode()
    assert row(Task, world.task_a.pk) == before


def test_a_button_pressed_on_a_page_read_before_a_change_is_refused_with_the_change_and_the_reason(
    client, world
):
    """A leader decides on what the page showed: a return pressed after the unit changed the progress
    meanwhile is refused, names the change, keeps the typed reason in the message, changes nothing."""
    from rectify.ledger import services

    task = world.task_a
    for action in ("report_done", "request_acceptance"):
        services.task_transition(actor=world.liaison, task=task, action=action)
    client.force_login(world.leader)
    page = client.get(f"/ledger/tasks/{task.pk}/")
    read_version = page.context["task"].version
    services.task_report_progress(  # meanwhile the unit writes something new
        actor=world.liaison,
        task=Task.objects.get(pk=task.pk),
        progress=100,
        progress_text="补充了第三方监测报告",
    )
    before, events = row(Task, task.pk), AuditEvent.objects.count()
    url = reverse("ledger:task_transition", args=[task.pk, "return"])
    response = client.post(url, {"reason": "监测数据不全", "version": read_version}, follow=True)
    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith("未执行“退回整改”：您打开此页后该任务已被修改")
    assert "补充了第三方监测报告" in message and "您填写的理由（未提交）：监测数据不全" in message
    assert row(Task, task.pk) == before and AuditEvent.objects.count() == events
    # pressed again on the page as it now is, the return goes through
    response = client.post(url, {"reason": "监测数据不全", "version": Task.objects.get(pk=task.pk).version})
    assert Task.objects.get(pk=task.pk).state == "in_progress"
    # a button posted without its version (a page from before) is refused, changing nothing
    before = row(Task, task.pk)
    client.post(reverse("ledger:task_transition", args=[task.pk, "report_done"]), {"reason": ""})
    assert row(Task, task.pk) == before
