"""Every scoped read of dispatch rounds: a unit sees its own submissions, the office those of its area.

A submission outside the user's reach is not found (404 in a view): `submissions_visible_to` is the
one scoping primitive.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, Prefetch, Q, QuerySet, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from rectify.ledger.models import Measure
from rectify.orgunits.models import OrgUnit, Role
from rectify.orgunits.scope import scope_for
from rectify.rounds.lifecycle import WRITABLE_STATES, SubmissionState
from rectify.rounds.measure_parts import measures_reported_on
from rectify.rounds.models import (
    DispatchRound,
    Evidence,
    LineRole,
    MeasureLine,
    RoundState,
    RoundTaskSnapshot,
    Submission,
    SubmissionLine,
)


def _unit_condition(scope, user, prefix: str) -> Q:
    """Units (at `prefix`, e.g. "unit__") the user answers for: liaison units, and leader units."""
    q = Q(**{f"{prefix}pk__in": list(scope.liaison_unit_ids)})
    for path in scope.liaison_paths:
        q |= Q(**{f"{prefix}path__startswith": path})
    if scope.is_leader:
        for path, subtree, unit_id in user.role_assignments.filter(role=Role.LEADER).values_list(
            "unit__path", "include_subtree", "unit_id"
        ):
            q |= Q(**{f"{prefix}path__startswith": path}) if subtree else Q(**{f"{prefix}pk": unit_id})
    return q


def submissions_visible_to(user) -> QuerySet[Submission]:
    """The submissions `user` may see: the office's and observers' whole area (by the inspection's
    unit); a liaison's or leader's own unit."""
    scope = scope_for(user)
    submissions = Submission.objects.select_related("round", "round__inspection", "unit")
    if scope.user_id is None:
        return submissions.none()
    if scope.is_admin:
        return submissions
    q = _unit_condition(scope, user, "unit__")
    for path in scope.reading_paths:
        q |= Q(round__inspection__unit__path__startswith=path)
    return submissions.filter(q)


def rounds_visible_to(user) -> QuerySet[DispatchRound]:
    """The rounds whose inspection the user's office or observer role reaches, or in which one of the
    user's units has a submission."""
    scope = scope_for(user)
    if scope.is_admin:
        return DispatchRound.objects.all()
    q = Q(pk__in=submissions_visible_to(user).values("round_id"))
    for path in scope.reading_paths:
        q |= Q(inspection__unit__path__startswith=path)
    return DispatchRound.objects.filter(q).select_related("inspection", "inspection__unit")


BOARD_PAGE_SIZE = 60  # units per page of the board (a multiple of its 1, 2 and 3 columns)
OVERDUE = "overdue"  # the board's filter: not submitted past the due date (a locked round: by its lock)


@dataclass
class BoardRow:
    """One unit's line on the office's board (调度看板)."""

    submission: Submission
    lead_lines: int
    cooperating_lines: int
    filled_lines: int  # lines with this period's progress written
    overdue: bool = False  # not submitted past the due date (a locked round: never reported, locked after it)

    @property
    def state_label(self) -> str:
        return self.submission.get_state_display()


@dataclass
class Board:
    """The board of a round: `counts` per state (plus "late" and "overdue") over ALL its units, and the
    rows of one page of the units `chosen` selects (a state, OVERDUE, or "" for all)."""

    round: DispatchRound
    rows: list[BoardRow]
    counts: dict[str, int] = field(default_factory=dict)
    total: int = 0  # units in the round
    chosen: str = ""
    page: Page | None = None


def _past_due(dispatch_round: DispatchRound, today: date) -> bool:
    """Whether a unit that has not submitted is overdue: today is past the due date, or, once the round
    is locked, the lock came after it (a unit that never reported stays overdue on the locked round's
    board; one cut off by a lock before the due date is not)."""
    if dispatch_round.is_locked and dispatch_round.locked_at is not None:
        today = timezone.localdate(dispatch_round.locked_at)
    return today > dispatch_round.due_on


def board_counts(dispatch_round: DispatchRound, *, today: date | None = None) -> dict[str, int]:
    """The round's submissions per state, plus "late" (submitted after the due date) and "overdue" (not
    submitted past the due date; in a locked round, never submitted and locked after the due date): one
    query over all its units."""
    past_due = _past_due(dispatch_round, today or timezone.localdate())
    counts = {state.value: 0 for state in SubmissionState}
    counts["late"] = counts[OVERDUE] = 0
    for state, n, late in (
        Submission.objects.filter(round=dispatch_round)
        .order_by()
        .values_list("state")
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(late=True)))
    ):
        counts[state] += n
        counts["late"] += late
        if past_due and state in WRITABLE_STATES:
            counts[OVERDUE] += n
    return counts


def units_not_submitted(dispatch_round: DispatchRound, limit: int) -> list[OrgUnit]:
    """The first `limit` units (by unit) of the round that have not submitted (the office's desk)."""
    return [
        s.unit
        for s in Submission.objects.filter(round=dispatch_round, state__in=WRITABLE_STATES)
        .select_related("unit")
        .order_by("unit__path", "unit_id")[:limit]
    ]


def round_board(
    dispatch_round: DispatchRound, *, chosen: str = "", page: int | str = 1, today: date | None = None
) -> Board:
    """The office's board: the totals per state over every unit of the round, and one page
    (BOARD_PAGE_SIZE units, by unit) of the units `chosen` selects, each with its submission's state,
    late and overdue marks, submission time and line counts. A constant number of queries, and the
    lines are counted for the page's units only, whatever the number of units."""
    today = today or timezone.localdate()
    past_due = _past_due(dispatch_round, today)
    counts = board_counts(dispatch_round, today=today)
    total = sum(counts[state.value] for state in SubmissionState)
    submissions = Submission.objects.filter(round=dispatch_round)
    if chosen == OVERDUE:
        selected = submissions.filter(state__in=WRITABLE_STATES) if past_due else submissions.none()
    elif chosen in {state.value for state in SubmissionState}:
        selected = submissions.filter(state=chosen)
    else:
        chosen, selected = "", submissions
    selected = selected.select_related("unit", "submitted_by").order_by("unit__path", "unit_id")
    one_page = Paginator(selected, BOARD_PAGE_SIZE).get_page(page)
    shown = list(one_page.object_list)
    lines = {
        row["submission_id"]: row
        for row in SubmissionLine.objects.filter(submission_id__in=[s.pk for s in shown])
        .order_by()
        .values("submission_id")
        .annotate(
            lead=Count("pk", filter=Q(role=LineRole.LEAD)),
            cooperating=Count("pk", filter=Q(role=LineRole.COOPERATING)),
            filled=Count("pk", filter=~Q(progress_text="")),
        )
    }
    rows = []
    for s in shown:
        n = lines.get(s.pk, {})
        overdue = past_due and s.state in WRITABLE_STATES
        rows.append(BoardRow(s, n.get("lead", 0), n.get("cooperating", 0), n.get("filled", 0), overdue))
    return Board(round=dispatch_round, rows=rows, counts=counts, total=total, chosen=chosen, page=one_page)


LEAD_FIRST = Case(When(role=LineRole.LEAD, then=0), default=1)


def submission_lines(
    submission: Submission, *, start: int = 0, stop: int | None = None
) -> list[SubmissionLine]:
    """The form's lines, the lead lines first (by task number), then the cooperating ones: each with its
    task, the task's measures and this line's measure lines prefetched; a lead line also carries
    `cooperating_lines` (the cooperating units' lines on the same task in this round, which the lead
    unit sees when it writes its own). `start`/`stop`: one slice of them (the form loads a long list
    in parts)."""
    # The related rows ordered by their own columns: the models' default orderings ("line", "task")
    # follow the foreign keys' orderings through submission, round and inspection, joining four
    # tables into each prefetch.
    lines = list(
        submission.lines.select_related("task", "task__lead_unit")
        .prefetch_related(
            Prefetch("measure_lines", queryset=MeasureLine.objects.order_by("line_id", "pk")),
            Prefetch("evidence", queryset=Evidence.objects.order_by("line_id", "uploaded_at", "pk")),
            Prefetch("task__measures", queryset=Measure.objects.order_by("task_id", "number")),
        )
        .order_by(LEAD_FIRST, "task__number")[start:stop]
    )
    lead_tasks = [line.task_id for line in lines if line.role == LineRole.LEAD]
    others: dict[int, list[SubmissionLine]] = {}
    for other in (
        SubmissionLine.objects.filter(
            submission__round_id=submission.round_id, task_id__in=lead_tasks, role=LineRole.COOPERATING
        )
        .select_related("submission__unit")
        .order_by("submission__unit__path")
    ):
        others.setdefault(other.task_id, []).append(other)
    for line in lines:
        line.cooperating_lines = others.get(line.task_id, []) if line.role == LineRole.LEAD else []
    return lines


def cooperating_units_by_task(round_id: int, task_ids) -> dict[int, set[int]]:
    """{task id: the units with a cooperating line on it in the round} (who reports which measure:
    rounds.measure_parts), in one query."""
    units: dict[int, set[int]] = defaultdict(set)
    for task_id, unit_id in SubmissionLine.objects.filter(
        submission__round_id=round_id, task_id__in=list(task_ids), role=LineRole.COOPERATING
    ).values_list("task_id", "submission__unit_id"):
        units[task_id].add(unit_id)
    return units


def reported_measures(submission: Submission, lines) -> dict[int, list]:
    """{task id: the measures the submission's unit reports on its line of the task} for `lines` (of
    `submission`, their tasks' measures prefetched), by rounds.measure_parts; by measure number."""
    cooperating = cooperating_units_by_task(submission.round_id, [line.task_id for line in lines])
    return {
        line.task_id: measures_reported_on(
            sorted(line.task.measures.all(), key=lambda m: m.number),
            unit_id=submission.unit_id,
            lead=line.role == LineRole.LEAD,
            cooperating_unit_ids=cooperating[line.task_id],
        )
        for line in lines
    }


def submission_line_counts(submission: Submission) -> dict[str, int]:
    """How many lead and cooperating lines the submission has (the form's headings)."""
    counts = {LineRole.LEAD.value: 0, LineRole.COOPERATING.value: 0}
    counts.update(submission.lines.order_by().values_list("role").annotate(n=Count("pk")))
    return counts


@dataclass
class TaskRoundLine:
    """A task in one round: the round, each unit's line on it, and the snapshot once locked."""

    round: DispatchRound
    lines: list[SubmissionLine]
    snapshot: RoundTaskSnapshot | None
    submitted_at: datetime | None = None


def task_round_lines(task, user) -> list[TaskRoundLine]:
    """The task's line in every round of its inspection, newest first (for the task page), and the
    locked snapshot. The lines: those of the submissions `user` may see; in a round where the user
    sees the task's lead line (its lead unit's liaison or leader), the cooperating units' lines too, as
    on the lead unit's form; every line to the task's lead leader (领衔督办), who answers for it."""
    visible = submissions_visible_to(user).filter(round__inspection_id=task.inspection_id)
    of_task = SubmissionLine.objects.filter(task=task, submission__round__inspection_id=task.inspection_id)
    if task.lead_leader_id is None or task.lead_leader_id != user.pk:
        led_rounds = of_task.filter(role=LineRole.LEAD, submission__in=visible).values("submission__round_id")
        of_task = of_task.filter(Q(submission__in=visible) | Q(submission__round_id__in=led_rounds))
    lines: dict[int, list[SubmissionLine]] = {}
    for line in of_task.select_related("submission", "submission__unit").order_by(
        "role", "submission__unit__path"
    ):
        lines.setdefault(line.submission.round_id, []).append(line)
    snapshots = {s.round_id: s for s in RoundTaskSnapshot.objects.filter(task=task)}
    rounds = DispatchRound.objects.filter(inspection_id=task.inspection_id).order_by("-number")
    return [
        TaskRoundLine(round=r, lines=lines.get(r.pk, []), snapshot=snapshots.get(r.pk))
        for r in rounds
        if r.pk in lines or r.pk in snapshots
    ]


def submission_get_for_user(user, pk: int) -> Submission:
    """One submission the user may see, or Http404."""
    return get_object_or_404(submissions_visible_to(user).select_related("round__inspection__unit"), pk=pk)


def round_get_for_user(user, pk: int) -> DispatchRound:
    """One round the user may see, or Http404."""
    return get_object_or_404(rounds_visible_to(user).select_related("inspection__unit"), pk=pk)


def evidence_get_for_user(user, pk: int) -> Evidence:
    """One supporting file of a submission the user may see, or Http404 (never a public media URL)."""
    return get_object_or_404(
        Evidence.objects.select_related("line__submission"),
        pk=pk,
        line__submission__in=submissions_visible_to(user),
    )


def rounds_read_whole(user) -> QuerySet[DispatchRound]:
    """The rounds whose every unit the user may read (office or observer over the inspection's unit):
    what counts over all units (the list's totals, the board) may be shown only for these."""
    scope = scope_for(user)
    if scope.is_admin:
        return DispatchRound.objects.all()
    q = Q(pk__in=[])
    for path in scope.reading_paths:
        q |= Q(inspection__unit__path__startswith=path)
    return DispatchRound.objects.filter(q)


def rounds_listing(user) -> QuerySet[DispatchRound]:
    """The rounds on the office's list, newest first, each with its submissions counted (total,
    submitted or further, late) in the same query. Only rounds the user reads whole: a liaison of a
    unit elsewhere learns nothing of the other units' reporting from the counts."""
    passed = [SubmissionState.SUBMITTED, SubmissionState.CONFIRMED, SubmissionState.ACCEPTED]
    return (
        rounds_read_whole(user)
        .select_related("inspection", "inspection__unit")
        .annotate(
            total=Count("submissions"),
            submitted=Count("submissions", filter=Q(submissions__state__in=passed)),
            late_count=Count("submissions", filter=Q(submissions__late=True)),
        )
        .order_by("-opened_at", "-pk")
    )


def submissions_waiting_for(user) -> QuerySet[Submission]:
    """Submissions a leader of their unit is to confirm (领导审核): submitted in a round that requires
    confirmation, still open, of a unit the user leads."""
    scope = scope_for(user)
    if not scope.is_leader:
        return Submission.objects.none()
    leader_units = Q()
    for path, subtree, unit_id in user.role_assignments.filter(role=Role.LEADER).values_list(
        "unit__path", "include_subtree", "unit_id"
    ):
        leader_units |= Q(unit__path__startswith=path) if subtree else Q(unit_id=unit_id)
    return (
        Submission.objects.filter(
            leader_units,
            state=SubmissionState.SUBMITTED,
            round__requires_confirmation=True,
            round__state=RoundState.OPEN,
        )
        .exclude(submitted_by=user)  # nobody confirms their own
        .select_related("round", "round__inspection", "unit")
        .order_by("round__due_on", "unit__path")
    )


def open_submissions_for_liaison(user) -> QuerySet[Submission]:
    """The open rounds' submissions of the units the user is liaison of (the liaison's desk)."""
    scope = scope_for(user)
    if not (scope.liaison_unit_ids or scope.liaison_paths):
        return Submission.objects.none()
    q = Q(unit_id__in=list(scope.liaison_unit_ids))
    for path in scope.liaison_paths:
        q |= Q(unit__path__startswith=path)
    return (
        Submission.objects.filter(q, round__state=RoundState.OPEN)
        .select_related("round", "round__inspection", "unit")
        .annotate(line_count=Count("lines"), filled=Count("lines", filter=~Q(lines__progress_text="")))
        .order_by("round__due_on", "unit__path")
    )


def office_open_rounds(user) -> QuerySet[DispatchRound]:
    """The open rounds of the inspections the user's office manages (the office's desk)."""
    scope = scope_for(user)
    if not (scope.office_paths or scope.is_admin):
        return DispatchRound.objects.none()
    rounds = DispatchRound.objects.filter(state=RoundState.OPEN)
    if not scope.is_admin:
        q = Q()
        for path in scope.office_paths:
            q |= Q(inspection__unit__path__startswith=path)
        rounds = rounds.filter(q)
    return rounds.select_related("inspection").order_by("due_on", "pk")


def office_units(user) -> QuerySet[OrgUnit]:
    """The units whose office the user runs (opening rounds for every open inspection of their area)."""
    return OrgUnit.objects.filter(
        pk__in=user.role_assignments.filter(role=Role.OFFICE).values("unit_id")
    ).order_by("path")


def board_round_get_for_user(user, pk: int) -> DispatchRound:
    """A round whose board the user may read: the office's or an observer's area (or an administrator);
    a unit's liaison or leader is not shown the other units' reports (Http404)."""
    scope = scope_for(user)
    rounds = DispatchRound.objects.select_related("inspection", "inspection__unit")
    if not scope.is_admin:
        q = Q(pk__in=[])
        for path in scope.reading_paths:
            q |= Q(inspection__unit__path__startswith=path)
        rounds = rounds.filter(q)
    return get_object_or_404(rounds, pk=pk)
