"""Every pair of (state, action): allowed ones move the task and write an audit row; the others change nothing."""

import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from rectify.audit.models import AuditEvent
from rectify.ledger import services
from rectify.ledger.lifecycle import (
    TRANSITIONS,
    Relation,
    TaskAction,
    TaskState,
    allowed_actions,
    find_transition,
    path_between,
)
from rectify.ledger.models import Task

TABLE = {(t.source, t.action): t for t in TRANSITIONS}


def actor_for(world, relation):
    return {Relation.OFFICE: world.office, Relation.LEADER: world.leader, Relation.LIAISON: world.liaison}[
        relation
    ]


def force_state(task, state):
    Task.objects.filter(pk=task.pk).update(state=state)
    task.refresh_from_db()


@pytest.mark.parametrize("state,action", list(itertools.product(TaskState, TaskAction)))
def test_every_state_action_pair(world, state, action):
    task = world.task_a  # lead unit: the liaison's county; lead leader: world.leader
    force_state(task, state)
    events = AuditEvent.objects.count()
    transition = TABLE.get((state, action))
    if transition is None:
        with pytest.raises(ValidationError):
            services.task_transition(actor=world.office, task=task, action=action, reason="理由")
        task.refresh_from_db()
        assert task.state == state
        assert AuditEvent.objects.count() == events
        return
    for relation in transition.by:
        force_state(task, state)
        services.task_transition(actor=actor_for(world, relation), task=task, action=action, reason="理由")
        task.refresh_from_db()
        assert task.state == transition.target
        event = AuditEvent.objects.for_object(task).first()
        assert event.changes["state"] == [state.value, transition.target.value]
        assert set(event.changes) <= {
            "state",
            "progress",
            "progress_text",
            "version",
        }  # a claim or a return moves the percent
        assert event.changes["version"] == [task.version - 1, task.version]
        assert event.actor == actor_for(world, relation)
        assert event.reason == "理由"
        # the history the report reads has the task as it now stands, the action and its reason
        entry = task.progress_reports.order_by("-pk").first()
        assert (entry.state, entry.progress, entry.text, entry.action, entry.reason, entry.reported_by) == (
            task.state, task.progress, task.progress_text, action.value, "理由", actor_for(world, relation)
        )  # fmt: skip


@pytest.mark.parametrize("transition", TRANSITIONS, ids=lambda t: f"{t.source}-{t.action}")
def test_relations_outside_the_transition_are_refused_and_change_nothing(world, transition):
    task = world.task_a
    outsiders = [world.other_liaison, world.observer, world.other_office, world.other_leader]
    outsiders += [actor_for(world, r) for r in set(Relation) - transition.by]
    for actor in outsiders:
        force_state(task, transition.source)
        events = AuditEvent.objects.count()
        with pytest.raises(PermissionDenied):
            services.task_transition(actor=actor, task=task, action=transition.action, reason="理由")
        task.refresh_from_db()
        assert task.state == transition.source
        assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("action", [TaskAction.RETURN, TaskAction.REOPEN, TaskAction.WITHDRAW])
def test_return_reopen_and_withdraw_need_a_reason(world, action):
    source = next(t for t in TRANSITIONS if t.action == action)
    force_state(world.task_a, source.source)
    with pytest.raises(ValidationError):
        services.task_transition(
            actor=actor_for(world, next(iter(source.by))), task=world.task_a, action=action, reason="  "
        )
    world.task_a.refresh_from_db()
    assert world.task_a.state == source.source


def test_available_actions_follow_the_table():
    assert allowed_actions(TaskState.ACCEPTANCE_REQUESTED, {Relation.LEADER}) == [
        TaskAction.ACCEPT,
        TaskAction.RETURN,
    ]
    assert allowed_actions(TaskState.ACCEPTANCE_REQUESTED, {Relation.LIAISON}) == []
    assert allowed_actions(TaskState.NOT_STARTED, {Relation.LIAISON}) == [
        TaskAction.START,
        TaskAction.REPORT_DONE,
    ]
    assert find_transition("nonsense", "start") is None


def test_report_done_sets_progress_to_100(world):
    services.task_transition(actor=world.liaison, task=world.task_a, action=TaskAction.REPORT_DONE)
    world.task_a.refresh_from_db()
    assert (world.task_a.state, world.task_a.progress) == (TaskState.SELF_REPORTED, 100)


@pytest.mark.parametrize("target", list(TaskState))
def test_every_state_is_reachable_from_not_started_along_the_table(target):
    path = path_between(TaskState.NOT_STARTED, target)
    assert path is not None
    state = TaskState.NOT_STARTED
    for transition in path:
        assert find_transition(state, transition.action) == transition
        state = transition.target
    assert state == target


def test_path_between_same_state_is_empty_and_backwards_goes_through_reopen():
    assert path_between(TaskState.ACCEPTED, TaskState.ACCEPTED) == []
    path = path_between(TaskState.SIGNED_OFF, TaskState.IN_PROGRESS)
    assert [t.action for t in path] == [TaskAction.REOPEN, TaskAction.START]
