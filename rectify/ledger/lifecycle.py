"""The task lifecycle (整改任务状态): states, actions and the table of allowed transitions.

Pure data and rules; the service `task_transition` applies them. Who may press which button depends on
the actor's relation to the task (see `Relation`), never on Django permissions.
"""

from enum import StrEnum

from rectify.core.transitions import Transition, TransitionTable


class TaskState(StrEnum):
    NOT_STARTED = "not_started"  # 未启动
    IN_PROGRESS = "in_progress"  # 推进中
    SELF_REPORTED = "self_reported"  # 已完成（自评）
    ACCEPTANCE_REQUESTED = "acceptance_requested"  # 申请验收
    ACCEPTED = "accepted"  # 验收通过
    PUBLIC_NOTICE = "public_notice"  # 公示中
    SIGNED_OFF = "signed_off"  # 已销号
    REOPENED = "reopened"  # 重新整改


STATE_LABELS = {
    TaskState.NOT_STARTED: "未启动",
    TaskState.IN_PROGRESS: "推进中",
    TaskState.SELF_REPORTED: "已完成（自评）",
    TaskState.ACCEPTANCE_REQUESTED: "申请验收",
    TaskState.ACCEPTED: "验收通过",
    TaskState.PUBLIC_NOTICE: "公示中",
    TaskState.SIGNED_OFF: "已销号",
    TaskState.REOPENED: "重新整改",
}

# The states in which a task counts as completed (已完成) in the ledger's figures.
DONE_STATES = frozenset(
    {
        TaskState.SELF_REPORTED,
        TaskState.ACCEPTANCE_REQUESTED,
        TaskState.ACCEPTED,
        TaskState.PUBLIC_NOTICE,
        TaskState.SIGNED_OFF,
    }
)


class Relation(StrEnum):
    """How an actor stands to a task; a transition names the relations that may perform it."""

    LIAISON = "liaison"  # liaison officer of the lead unit (牵头单位联络员)
    LEADER = "leader"  # the task's lead leader (领衔督办验收的领导)
    OFFICE = "office"  # the rectification office over the task's ledger (整改办)


class TaskAction(StrEnum):
    START = "start"
    REPORT_DONE = "report_done"
    REQUEST_ACCEPTANCE = "request_acceptance"
    WITHDRAW = "withdraw"
    ACCEPT = "accept"
    RETURN = "return"
    PUBLISH_NOTICE = "publish_notice"
    SIGN_OFF = "sign_off"
    REOPEN = "reopen"


ACTION_LABELS = {
    TaskAction.START: "启动整改",
    TaskAction.REPORT_DONE: "自评完成",
    TaskAction.REQUEST_ACCEPTANCE: "申请验收",
    TaskAction.WITHDRAW: "撤回自评",
    TaskAction.ACCEPT: "验收通过",
    TaskAction.RETURN: "退回整改",
    TaskAction.PUBLISH_NOTICE: "发布销号公示",
    TaskAction.SIGN_OFF: "销号",
    TaskAction.REOPEN: "重新整改",
}

# Actions that must carry a written reason (退回、重新整改 are read later by the unit and the inspectors).
REASON_REQUIRED = frozenset({TaskAction.RETURN, TaskAction.REOPEN, TaskAction.WITHDRAW})


def _t(source, action, target, *by) -> Transition:
    return Transition(source, action, target, frozenset(by))


LIAISON, LEADER, OFFICE = Relation.LIAISON, Relation.LEADER, Relation.OFFICE
S, A = TaskState, TaskAction

TRANSITIONS = TransitionTable(
    [
        _t(S.NOT_STARTED, A.START, S.IN_PROGRESS, LIAISON, OFFICE),
        _t(S.NOT_STARTED, A.REPORT_DONE, S.SELF_REPORTED, LIAISON, OFFICE),
        _t(S.IN_PROGRESS, A.REPORT_DONE, S.SELF_REPORTED, LIAISON, OFFICE),
        _t(S.REOPENED, A.START, S.IN_PROGRESS, LIAISON, OFFICE),
        _t(S.REOPENED, A.REPORT_DONE, S.SELF_REPORTED, LIAISON, OFFICE),
        _t(S.SELF_REPORTED, A.WITHDRAW, S.IN_PROGRESS, LIAISON, OFFICE),
        _t(S.SELF_REPORTED, A.REQUEST_ACCEPTANCE, S.ACCEPTANCE_REQUESTED, LIAISON, OFFICE),
        _t(S.ACCEPTANCE_REQUESTED, A.ACCEPT, S.ACCEPTED, LEADER),
        _t(S.ACCEPTANCE_REQUESTED, A.RETURN, S.IN_PROGRESS, LEADER, OFFICE),
        _t(S.ACCEPTED, A.PUBLISH_NOTICE, S.PUBLIC_NOTICE, OFFICE),
        _t(S.PUBLIC_NOTICE, A.SIGN_OFF, S.SIGNED_OFF, OFFICE),
        _t(S.PUBLIC_NOTICE, A.RETURN, S.IN_PROGRESS, OFFICE),
        _t(S.ACCEPTED, A.REOPEN, S.REOPENED, OFFICE),
        _t(S.PUBLIC_NOTICE, A.REOPEN, S.REOPENED, OFFICE),
        _t(S.SIGNED_OFF, A.REOPEN, S.REOPENED, OFFICE),
    ]
)


def find_transition(state: str, action: str) -> Transition | None:
    """The transition for (state, action), or None when the table does not allow it."""
    return TRANSITIONS.find(state, action)


def allowed_actions(state: str, relations: set[Relation] | frozenset[Relation]) -> list[TaskAction]:
    """The actions an actor with `relations` to a task in `state` may take, in table order."""
    return TRANSITIONS.allowed(state, relations)


def path_between(source: str, target: str) -> list[Transition] | None:
    """The shortest chain of table transitions from `source` to `target` ([] when equal), None if unreachable.

    Used where a state is recorded rather than acted out: an official report or a ledger workbook
    says a task is 已销号, and the ledger may follow only if the table leads there.
    """
    return TRANSITIONS.path(TaskState(source), TaskState(target))
