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
        for dispatch_round in selectors.office_open_rounds(user)[:5]:
            counts = selectors.board_counts(dispatch_round, today=today)
            boards.append(
                {
                    "round": dispatch_round,
                    "counts": counts,
                    "total": sum(counts[state.value] for state in SubmissionState),
                    "missing": sum(counts[state] for state in WRITABLE_STATES),
                    "missing_units": selectors.units_not_submitted(dispatch_round, MISSING_SHOWN),
                    "overdue": today > dispatch_round.due_on,
                }
            )
        context["office"] = {
            "boards": boards,
            "overdue_tasks": list(
                visible.filter(flag=ScheduleFlag.OVERDUE)
                .select_related("lead_unit")
                .order_by("due_on", "number")[:OVERDUE_SHOWN]
            ),
            "flags": _flags(visible),
        }
    return render(request, "rounds/desk.html", context)
