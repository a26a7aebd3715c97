"""Each person's desk (我的工作台), the page after login: what waits for them, by role."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from rectify.ledger.models import Task
from rectify.ledger.schedule import FLAG_LABELS, ScheduleFlag
from rectify.ledger.selectors import flag_counts, with_flag
from rectify.notifications.selectors import messages_for
from rectify.orgunits.scope import scope_for
from rectify.rounds import selectors
from rectify.rounds.lifecycle import WRITABLE_STATES, SubmissionState

OVERDUE_SHOWN = 20
MESSAGES_SHOWN = 5
MISSING_SHOWN = 30  # units named under a round on the office's desk (the board lists them all)
ROUNDS_SHOWN = 5  # open rounds on the office's desk; the desk says how many more, the list shows all


def _flags(tasks) -> list[tuple[str, str, int]]:
    counts = flag_counts(tasks)
    return [(flag.value, FLAG_LABELS[flag], counts.get(flag.value, 0)) for flag in ScheduleFlag]


@login_required
def desk(request):
    user = request.user
    scope = scope_for(user)
    today = timezone.localdate()
    visible = with_flag(Task.objects.visible_to(user), today)
    context = {
        "today": today,
        "flag_labels": FLAG_LABELS,
        "desk_messages": list(messages_for(user)[:MESSAGES_SHOWN]),
    }
    if scope.liaison_unit_ids or scope.liaison_paths:
        context["liaison"] = {
            "submissions": list(selectors.open_submissions_for_liaison(user)),
            "flags": _flags(visible.exclude(lead_leader_id=user.pk) if scope.is_leader else visible),
        }
    if scope.is_leader:
        led = visible.filter(lead_leader_id=user.pk)
        tasks = list(led.select_related("lead_unit").order_by("inspection_id", "number")[:50])
        for task in tasks:
            task.flag_label = FLAG_LABELS[ScheduleFlag(task.flag)]
        context["leader"] = {
            "flags": _flags(led),
            "tasks": tasks,
            "waiting": list(selectors.submissions_waiting_for(user)),
        }
    if scope.office_paths or scope.is_admin:
        boards = []
        open_rounds = selectors.office_open_rounds(user)
        shown = list(open_rounds[: ROUNDS_SHOWN + 1])
        more = open_rounds.count() - ROUNDS_SHOWN if len(shown) > ROUNDS_SHOWN else 0
        for dispatch_round in shown[:ROUNDS_SHOWN]:
            counts = selectors.board_counts(dispatch_round, today=today)
            boards.append(
                {
                    "round": dispatch_round,
                    "counts": counts,
                    "total": sum(counts[state.value] for state in SubmissionState),
                    # not yet reported: never submitted (a returned unit is counted under 已退回)
                    "not_reported": counts[SubmissionState.NOT_STARTED] + counts[SubmissionState.DRAFT],
                    # owing a submission, the returned ones too: the units named below the line
                    "missing": sum(counts[state] for state in WRITABLE_STATES),
                    "missing_units": selectors.units_not_submitted(dispatch_round, MISSING_SHOWN),
                    "overdue": today > dispatch_round.due_on,
                }
            )
        context["office"] = {
            "boards": boards,
            "more_rounds": more,
            "overdue_tasks": list(
                visible.filter(flag=ScheduleFlag.OVERDUE)
                .select_related("lead_unit")
                .order_by("due_on", "number")[:OVERDUE_SHOWN]
            ),
            "flags": _flags(visible),
        }
    return render(request, "rounds/desk.html", context)
