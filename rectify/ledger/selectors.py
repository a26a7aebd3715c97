"""Every read of the ledger goes through here, scoped to the user.

The one primitive is `task_visibility(user)`: a liaison sees the tasks where their unit leads or
cooperates; a leader sees the tasks they lead; the office and observers see their subtree's ledgers;
an administrator sees all. Findings and inspections are visible through it. What a user may not see
answers 404 (`*_get_for_user`).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from rectify.core.calendar import official_calendar
from rectify.core.workdays import WorkdayResult
from rectify.ledger.as_of import STATE_THEN, annotate_as_of
from rectify.ledger.flags import flag_expression
from rectify.ledger.lifecycle import Relation, allowed_actions
from rectify.ledger.models import Finding, Inspection, Measure, Task
from rectify.ledger.schedule import ScheduleFlag, ScheduleRule, TaskSchedule, schedule_flag
from rectify.ledger.search import search_matches
from rectify.orgunits.models import OrgUnit, Role, RoleAssignment
from rectify.orgunits.scope import scope_for

NOTHING = Q(pk__in=[])


def _any_path(field: str, paths: tuple[str, ...]) -> Q:
    q = NOTHING
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def _units_q(scope, field: str) -> Q:
    """Q on an org-unit foreign key (`field`) matching the units a liaison holds."""
    q = _any_path(f"{field}__path", scope.liaison_paths)
    if scope.liaison_unit_ids:
        q |= Q(**{f"{field}_id__in": scope.liaison_unit_ids})
    return q


LEDGER_IDS_MAX = 5000


def _ledgers_read_whole(paths: tuple[str, ...]) -> list[int] | QuerySet | None:
    """The inspections whose ledgers lie within `paths`: None when that is every ledger there is (a
    national office: no filter at all), else a list of ids (a subquery if there are very many).

    A task is then visible by its own `inspection_id`, with no join to inspections and units per task,
    and the planner walks the tasks in the page's order (inspection, number) instead of joining and
    sorting every task of the country. Both counts come from one statement, so a ledger created
    meanwhile cannot pass for one of the user's."""
    within = _any_path("unit__path", paths)
    counts = Inspection.objects.aggregate(every=Count("pk"), read=Count("pk", filter=within))
    if counts["read"] == counts["every"]:
        return None
    ledgers = Inspection.objects.filter(within).order_by().values_list("pk", flat=True)
    ids = list(ledgers[: LEDGER_IDS_MAX + 1])
    return ids if len(ids) <= LEDGER_IDS_MAX else ledgers


def task_visibility(user) -> Q:
    """The Q selecting the tasks `user` may see (see the module docstring)."""
    scope = scope_for(user)
    if scope.user_id is None:
        return NOTHING
    if scope.is_admin:
        return Q()
    q = NOTHING
    if scope.reading_paths:
        ledgers = _ledgers_read_whole(scope.reading_paths)
        if ledgers is None:
            return Q()  # every ledger: nothing else could add to it
        q |= Q(inspection_id__in=ledgers)
    if scope.liaison_paths or scope.liaison_unit_ids:
        # Two indexed lookups, not a correlated EXISTS evaluated on every task of the table.
        leading = Task.objects.filter(_units_q(scope, "lead_unit")).order_by().values("pk")
        cooperating = (
            Task.cooperating_units.through.objects.filter(_units_q(scope, "orgunit"))
            .order_by()
            .values("task_id")
        )
        q |= Q(pk__in=leading.union(cooperating))
    if scope.is_leader:
        q |= Q(lead_leader_id=scope.user_id)
    return q


def inspections_visible(user) -> QuerySet[Inspection]:
    """Inspections whose ledger the user reads whole, or in which they see at least one task."""
    scope = scope_for(user)
    if scope.is_admin:
        return Inspection.objects.all()
    q = _any_path("unit__path", scope.reading_paths)
    q |= Q(pk__in=Task.objects.visible_to(user).values("inspection_id"))
    return Inspection.objects.filter(q)


def findings_visible(user) -> QuerySet[Finding]:
    """Findings of ledgers the user reads whole, or covered by a task they see."""
    scope = scope_for(user)
    if scope.is_admin:
        return Finding.objects.all()
    q = _any_path("inspection__unit__path", scope.reading_paths)
    q |= Q(
        pk__in=Task.findings.through.objects.filter(task__in=Task.objects.visible_to(user)).values(
            "finding_id"
        )
    )
    return Finding.objects.filter(q)


def inspection_plan_due(inspection: Inspection) -> WorkdayResult | None:
    """When the rectification plan is due: the feedback date plus the rule's working days (官方日历)."""
    if inspection.feedback_on is None:
        return None
    return official_calendar().add_working_days(inspection.feedback_on, inspection.plan_deadline_working_days)


def task_get_for_user(user, pk: int) -> Task:
    """One task the user may see, or 404."""
    queryset = Task.objects.visible_to(user).select_related(
        "inspection", "lead_unit", "lead_leader", "acceptance_unit", "rework__reported_by"
    )
    return get_object_or_404(queryset, pk=pk)


def finding_get_for_user(user, pk: int) -> Finding:
    return get_object_or_404(findings_visible(user).select_related("inspection"), pk=pk)


def inspection_get_for_user(user, pk: int) -> Inspection:
    return get_object_or_404(inspections_visible(user).select_related("unit"), pk=pk)


def measure_get_for_user(user, pk: int) -> Measure:
    return get_object_or_404(Measure.objects.filter(task__in=Task.objects.visible_to(user)), pk=pk)


def relations_to_task(user, task: Task) -> set[Relation]:
    """How `user` stands to `task`: liaison of its lead unit, its lead leader, the office over its ledger."""
    scope = scope_for(user)
    relations: set[Relation] = set()
    if scope.manages(task.inspection.unit):
        relations.add(Relation.OFFICE)
    if scope.liaises_for(task.lead_unit):
        relations.add(Relation.LIAISON)
    if scope.user_id is not None and task.lead_leader_id == scope.user_id:
        relations.add(Relation.LEADER)
    if scope.is_admin:
        relations.add(Relation.LEADER)
    return relations


def task_actions_for_user(user, task: Task) -> list:
    """The lifecycle actions `user` may take on `task` now (the buttons the page shows)."""
    return allowed_actions(task.state, relations_to_task(user, task))


UNIT_CHOICES_MAX = 100


def units_visible(user, chosen_id: int | None = None) -> QuerySet[OrgUnit]:
    """Units offered in the ledger's unit filter (choosing one covers its subtree): the first two levels
    of each subtree the user reads or liaises for, the units they liaise for, and the lead units of the
    tasks of users who see tasks one by one (liaisons, leaders).

    A scope wider than 100 such units (a national office: 31 regions and 400 prefectures) is offered a
    drill-down instead: its top units, and the chosen unit with its line up to them and its children.
    Deeper units are always reached through their parent, never listed ten thousand at a time."""
    scope = scope_for(user)
    roots = scope.reading_paths + scope.liaison_paths
    if scope.is_admin:
        roots = tuple(OrgUnit.objects.filter(depth=0).values_list("path", flat=True))
    own = Q(pk__in=scope.liaison_unit_ids)
    if not scope.reading_paths and not scope.is_admin:  # tasks seen one by one: their lead units
        own |= Q(pk__in=Task.objects.visible_to(user).values("lead_unit_id"))
    q = own
    for path in roots:
        q |= Q(path__startswith=path, depth__lte=path.count("/") - 1)
    units = OrgUnit.objects.filter(q)
    if len(units.order_by().values_list("pk", flat=True)[: UNIT_CHOICES_MAX + 1]) <= UNIT_CHOICES_MAX:
        return units
    drill = own | Q(path__in=roots)
    chosen = OrgUnit.objects.filter(pk=chosen_id).first() if chosen_id else None
    if chosen is not None and any(chosen.path.startswith(root) for root in roots):
        line = [f"/{'/'.join(chosen.path.strip('/').split('/')[: n + 1])}/" for n in range(chosen.depth + 1)]
        drill |= Q(path__in=[p for p in line if any(p.startswith(root) for root in roots)])
        drill |= Q(parent_id=chosen.pk)
    return OrgUnit.objects.filter(drill)


def units_managed(user) -> QuerySet[OrgUnit]:
    """The units whose ledgers the user runs as the office (or all, for an administrator)."""
    scope = scope_for(user)
    if scope.is_admin:
        return OrgUnit.objects.all()
    return OrgUnit.objects.filter(_any_path("path", scope.office_paths))


def leaders_within(paths: tuple[str, ...]) -> Q:
    """Q on users holding the leader role on a unit within any of `paths`."""
    assignments = RoleAssignment.objects.filter(role=Role.LEADER).filter(_any_path("unit__path", paths))
    return Q(pk__in=assignments.values("user_id"))


def unit_subtree_ids(unit: OrgUnit) -> list[int]:
    """The ids of `unit` and every unit below it, as values: a planner then reads tasks by lead unit
    from the indexes instead of joining every task to its unit (a region holds hundreds of units)."""
    return list(OrgUnit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True))


def inspections_with_tasks_of(unit: OrgUnit) -> set[int]:
    """Ids of the inspections holding a task that `unit` or a unit below it leads or cooperates on
    (two indexed lookups; a region's tasks stand in a few dozen ledgers)."""
    units = unit_subtree_ids(unit)
    leading = Task.objects.filter(lead_unit_id__in=units).order_by().values_list("inspection_id", flat=True)
    cooperating = _cooperations_of(units).values_list("task__inspection_id", flat=True)
    return set(leading.distinct()) | set(cooperating.distinct())


def _cooperations_of(units: list[int]) -> QuerySet:
    """The task–cooperating-unit links of `units`."""
    return Task.cooperating_units.through.objects.filter(orgunit_id__in=units).order_by()


@dataclass(frozen=True)
class LedgerFilters:
    """The ledger page's filters; every one optional."""

    inspection_id: int | None = None
    unit: OrgUnit | None = None  # lead or cooperating unit, with its subtree
    leader_id: int | None = None
    state: str | None = None
    flag: str | None = None
    due_from: date | None = None
    due_to: date | None = None
    text: str = ""


def with_flag(tasks: QuerySet[Task], as_of: date) -> QuerySet[Task]:
    """`tasks` annotated with their `flag` on `as_of`. Today: from the task as it stands (the stored flag
    when fresh). Any other date: from the task as it stood then (`ledger.as_of`), its state, percent and
    text then annotated too."""
    if as_of == timezone.localdate():
        return tasks.annotate(flag=flag_expression(as_of))
    return annotate_as_of(tasks, as_of)


def ledger_tasks(user, filters: LedgerFilters, as_of: date) -> QuerySet[Task]:
    """The visible tasks matching every filter but the flag, each annotated with its `flag` on `as_of`
    (and, for a date other than today, with its state, percent and text then: the state filter reads
    the state then)."""
    tasks = with_flag(Task.objects.visible_to(user), as_of)
    if filters.inspection_id:
        tasks = tasks.filter(inspection_id=filters.inspection_id)
    if filters.unit is not None:
        units = unit_subtree_ids(filters.unit)
        tasks = tasks.filter(Q(lead_unit_id__in=units) | Q(pk__in=_cooperations_of(units).values("task_id")))
    if filters.leader_id:
        tasks = tasks.filter(lead_leader_id=filters.leader_id)
    if filters.state:
        then = as_of != timezone.localdate()
        tasks = tasks.filter(**{STATE_THEN if then else "state": filters.state})
    if filters.due_from:
        tasks = tasks.filter(due_on__gte=filters.due_from)
    if filters.due_to:
        tasks = tasks.filter(due_on__lte=filters.due_to)
    if filters.text.strip():
        tasks = tasks.filter(search_matches(filters.text))
    return tasks


def with_list_columns(tasks: QuerySet[Task]) -> QuerySet[Task]:
    """What a ledger row shows, fetched in a constant number of queries."""
    return (
        tasks.select_related("inspection__unit", "lead_unit", "lead_leader", "rework")
        .prefetch_related(
            Prefetch("findings", queryset=Finding.objects.only("id", "number", "label")),
        )
        .order_by("inspection_id", "number")
    )


class TasksById(Sequence):
    """Ledger rows known by their ids, in order: the paginator slices it, each page one query."""

    def __init__(self, ids: list[int], as_of: date):
        self.ids, self.as_of = ids, as_of

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if isinstance(index, int):
            return self[index : index + 1][0]
        tasks = with_flag(Task.objects.filter(pk__in=self.ids[index]), self.as_of)
        return list(with_list_columns(tasks))


def ledger_listing(tasks: QuerySet[Task], *, flag: str | None, as_of: date, searched: bool):
    """({flag: count}, the rows to page through) for the ledger page; `tasks` as `ledger_tasks` gives them.

    In general: the counts in one query, and each page in its own. For a text search, one query fetches
    every matching task's id and flag in page order, and the counts and pages come from that list: the
    full-text subquery then runs once, and PostgreSQL (which cannot foresee how many tasks a word
    matches) is not left to plan the page's joins for twenty rows when there are thousands.
    """
    if not searched:
        counts = flag_counts(tasks)
        return counts, with_list_columns(tasks.filter(flag=flag) if flag else tasks)
    counts = {f.value: 0 for f in ScheduleFlag}
    ids = []
    for pk, task_flag in tasks.order_by("inspection_id", "number").values_list("pk", "flag"):
        counts[task_flag] += 1
        if flag is None or task_flag == flag:
            ids.append(pk)
    return counts, TasksById(ids, as_of)


def flag_counts(tasks: QuerySet[Task]) -> dict[str, int]:
    """{flag: count} over `tasks` (annotated by `ledger_tasks`), every flag present."""
    counts = {flag.value: 0 for flag in ScheduleFlag}
    # COUNT(*), not COUNT(id): PostgreSQL can then count from the index on the flag alone.
    for row in tasks.order_by().values("flag").annotate(n=Count("*")):
        counts[row["flag"]] = row["n"]
    return counts


def task_schedule_flag(task: Task, as_of: date) -> ScheduleFlag:
    """The flag of one task, computed in Python from the task and its milestones."""
    schedule = TaskSchedule(
        state=task.state,
        is_long_term=task.is_long_term,
        start_on=task.start_on,
        due_on=task.due_on,
        progress=task.progress,
        milestones=tuple((m.due_on, m.percent) for m in task.milestones.all()),
    )
    rule = ScheduleRule(
        tolerance=task.inspection.schedule_tolerance, due_soon_days=task.inspection.due_soon_days
    )
    return schedule_flag(schedule, as_of, rule)
