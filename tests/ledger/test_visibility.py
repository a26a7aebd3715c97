"""Who sees which tasks, findings and inspections: the one scoping primitive."""

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Q

from rectify.ledger import selectors, services
from rectify.ledger.models import Task
from rectify.orgunits.models import Role
from rectify.orgunits.services import role_assign


def make_user_with_role(username, role, unit):
    user = get_user_model().objects.create_user(username=username, password="pw")
    role_assign(user=user, role=role, unit=unit, include_subtree=True)
    return user


def visible_numbers(user):
    return sorted(Task.objects.visible_to(user).values_list("number", flat=True))


def test_office_sees_its_whole_subtree(world):
    assert visible_numbers(world.office) == [1, 2, 3]
    assert visible_numbers(world.observer) == [1, 2, 3]


def test_liaison_sees_tasks_its_unit_leads_or_cooperates_on(world):
    assert visible_numbers(world.liaison) == [1, 2]  # leads 1, cooperates on 2
    assert visible_numbers(world.other_liaison) == [2]


def test_leader_sees_the_tasks_they_lead(world):
    assert visible_numbers(world.leader) == [1]
    assert visible_numbers(world.other_leader) == [2, 3]


def test_strangers_see_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert visible_numbers(world.other_office) == []
    assert visible_numbers(world.nobody) == []
    assert visible_numbers(AnonymousUser()) == []


def test_liaison_with_subtree_sees_units_below(world):
    role_assign(user=world.nobody, role=Role.LIAISON, unit=world.pref, include_subtree=True)
    assert visible_numbers(world.nobody) == [1, 2, 3]


def test_liaison_without_subtree_does_not_see_units_below(world):
    role_assign(user=world.nobody, role=Role.LIAISON, unit=world.pref, include_subtree=False)
    assert visible_numbers(world.nobody) == []


def test_superuser_sees_everything(world):
    world.nobody.is_superuser = True
    assert visible_numbers(world.nobody) == [1, 2, 3]


def test_findings_and_inspections_follow_the_tasks(world):
    assert list(selectors.findings_visible(world.other_liaison)) == [world.finding2]
    assert list(selectors.findings_visible(world.leader)) == [world.finding]
    assert set(selectors.findings_visible(world.office)) == {world.finding, world.finding2}
    assert list(selectors.inspections_visible(world.liaison)) == [world.inspection]
    assert list(selectors.inspections_visible(world.other_office)) == []


def test_get_for_user_answers_404_outside_scope(world):
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.task_get_for_user(world.other_liaison, world.task_a.pk)
    with pytest.raises(Http404):
        selectors.finding_get_for_user(world.leader, world.finding2.pk)
    assert selectors.task_get_for_user(world.liaison, world.task_b.pk) == world.task_b


def test_an_office_of_very_many_ledgers_sees_the_same(world, monkeypatch):
    """Past LEDGER_IDS_MAX inspections the ledgers read whole are a subquery, not a list of ids."""
    users = [world.office, world.observer, world.other_office, world.liaison, world.leader]
    as_list = {u.username: set(Task.objects.visible_to(u).values_list("pk", flat=True)) for u in users}
    monkeypatch.setattr(selectors, "LEDGER_IDS_MAX", 0)
    assert {
        u.username: set(Task.objects.visible_to(u).values_list("pk", flat=True)) for u in users
    } == as_list
    assert as_list["office"] == {world.task_a.pk, world.task_b.pk, world.task_c.pk}


def test_an_office_over_every_ledger_reads_without_a_filter_and_no_one_else_does(world):
    other = services.inspection_create(
        actor=world.other_office, unit=world.other_pref, name="督察", kind="central"
    )
    finding = services.finding_create(actor=world.other_office, inspection=other, number=1, text="问题")
    services.task_create(
        actor=world.other_office,
        inspection=other,
        findings=[finding],
        lead_unit=world.other_pref,
        number=1,
        title="青川任务",
    )
    national = make_user_with_role("region_office", Role.OFFICE, world.region)
    assert selectors.task_visibility(national) == Q()  # every ledger there is: no filter at all
    assert Task.objects.visible_to(national).count() == 4
    assert visible_numbers(world.office) == [1, 2, 3]  # 柳原州 only, not 青川州's task
    assert visible_numbers(world.other_office) == [1]
