"""Who may change the ledger (台账的权限规则): one rule per action, registered with the permission
vocabulary (`rectify.orgunits.permissions`) by LedgerConfig.ready(); views and services ask
`require(user, action, obj)` / `may(user, action, obj)` and nothing else.

An action is named by the audit code of the change it permits (audit.codes: `ledger.task.update`
permits what a `ledger.task.update` event records), plus two that guard no single event:
`ledger.task.transition` (any lifecycle button at all: some relation to the task, asked before the
task's row is claimed) and `ledger.inspection.import` (an import that writes an inspection's ledger
row by row: the office over it, or over the unit it will be opened for).

The rules rest on how a user stands to a task (`relations_to_task`: the office over its ledger, the
liaison of its lead unit, its lead leader) and on the office's reach (`scope_for(user).manages`).
"""

from rectify.audit import codes
from rectify.ledger.lifecycle import ACTION_LABELS, Relation, TaskAction, find_transition
from rectify.ledger.models import Finding, Inspection, Measure, Task
from rectify.ledger.selectors import relations_to_task, units_managed
from rectify.orgunits.models import OrgUnit
from rectify.orgunits.permissions import register
from rectify.orgunits.scope import scope_for

OFFICE_ONLY = "只有本级整改办可以进行此操作"
NO_OFFICE = "只有整改办可以新增督察"
PROGRESS_REPORTERS = "只有牵头单位联络员或整改办可以报送进展"
MEASURE_TEXT = "只有整改办可以修改措施内容；联络员只能报送措施进展"
NOT_YOURS = "您无权办理该任务"


def unit_of(obj) -> OrgUnit:
    """The unit whose office runs the ledger `obj` belongs to (a unit: itself)."""
    if isinstance(obj, OrgUnit):
        return obj
    if isinstance(obj, Inspection):
        return obj.unit
    if isinstance(obj, Finding | Task):
        return obj.inspection.unit
    if isinstance(obj, Measure):
        return obj.task.inspection.unit
    raise TypeError(f"no unit for {type(obj).__name__}")


def office(user, obj) -> bool | str:
    """The office over `obj`'s ledger (or an administrator)."""
    return True if scope_for(user).manages(unit_of(obj)) else OFFICE_ONLY


def inspection_create(user, unit) -> bool | str:
    """Open an inspection for `unit`; with None, for some unit (whether to offer the page at all)."""
    if unit is None:
        return True if units_managed(user).exists() else NO_OFFICE
    return office(user, unit)


def task_report_progress(user, task) -> bool | str:
    """Only the lead unit's liaison or the office report a task's progress."""
    return True if {Relation.LIAISON, Relation.OFFICE} & relations_to_task(user, task) else PROGRESS_REPORTERS


def measure_update(user, measure) -> bool | str:
    """The office changes a measure whole."""
    return True if Relation.OFFICE in relations_to_task(user, measure.task) else MEASURE_TEXT


def measure_report_progress(user, measure) -> bool | str:
    """The lead unit's liaison (or the office) reports a measure's progress."""
    relations = relations_to_task(user, measure.task)
    return True if {Relation.LIAISON, Relation.OFFICE} & relations else MEASURE_TEXT


def task_transition(user, task) -> bool | str:
    """Some lifecycle action at all: the user stands in some relation to the task."""
    return True if relations_to_task(user, task) else NOT_YOURS


def lifecycle_rule(action: TaskAction):
    """Take `action` on a task: the table allows it in the task's state, to one of the user's relations."""

    def rule(user, task) -> bool | str:
        relations = relations_to_task(user, task)
        if not relations:
            return NOT_YOURS
        transition = find_transition(task.state, action)
        if transition is None:
            return f"当前状态“{task.get_state_display()}”下不能执行该操作"
        if not transition.by & relations:
            return f"您无权对该任务执行“{ACTION_LABELS[action]}”"
        return True

    rule.__name__ = f"task_{action.value}"
    return rule


RULES = {
    codes.LEDGER_INSPECTION_CREATE: inspection_create,
    codes.LEDGER_INSPECTION_UPDATE: office,
    "ledger.inspection.import": office,
    codes.LEDGER_FINDING_CREATE: office,  # on the inspection
    codes.LEDGER_FINDING_UPDATE: office,
    codes.LEDGER_TASK_CREATE: office,  # on the inspection
    codes.LEDGER_TASK_UPDATE: office,
    codes.LEDGER_TASK_RECORD_REPORT: office,
    codes.LEDGER_TASK_REPORT_PROGRESS: task_report_progress,
    "ledger.task.transition": task_transition,
    codes.LEDGER_MEASURE_CREATE: office,  # on the task, or on the inspection (an import)
    codes.LEDGER_MEASURE_UPDATE: measure_update,
    codes.LEDGER_MEASURE_REPORT_PROGRESS: measure_report_progress,
    **{codes.ledger_task_action(action.value): lifecycle_rule(action) for action in TaskAction},
}


def register_rules() -> None:
    for action, rule in RULES.items():
        register(action, rule)
