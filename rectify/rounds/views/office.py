"""The office's pages: the rounds list and opening, the schedule per inspection, the board of a round."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from rectify.ledger.selectors import inspection_get_for_user, inspections_visible
from rectify.ledger.views.common import add_service_errors
from rectify.orgunits.permissions import may
from rectify.orgunits.scope import scope_for
from rectify.rounds import selectors, services
from rectify.rounds.forms import ALL_OPEN, ReturnForm, RoundOpenForm, RoundScheduleForm
from rectify.rounds.lifecycle import STATE_LABELS
from rectify.rounds.models import RoundSchedule


def _office_units(user):
    scope = scope_for(user)
    if not (scope.office_paths or scope.is_admin):
        raise Http404("调度页面只对整改办开放")
    return scope


@login_required
def round_list(request):
    """The office's rounds (newest first, counts submitted/total and late), opening a round, and each
    managed inspection's schedule."""
    _office_units(request.user)
    inspections = [i for i in inspections_visible(request.user) if may(request.user, "rounds.round.open", i)]
    form = RoundOpenForm(request.POST or None, inspections=inspections)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        when = {"due_on": data["due_on"], "due_working_days": data["due_working_days"]}
        try:
            if data["inspection"] == ALL_OPEN:
                opened = []
                for unit in selectors.office_units(request.user):
                    opened += services.rounds_open_for_area(
                        actor=request.user, unit=unit, period=data["period"], as_of=data["as_of"], **when
                    )
            else:
                inspection = inspection_get_for_user(request.user, int(data["inspection"]))
                opened = [
                    services.round_open(
                        actor=request.user,
                        inspection=inspection,
                        period=data["period"],
                        as_of=data["as_of"],
                        **when,
                    )
                ]
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as denied:
            form.add_error(None, str(denied))
        else:
            if opened:
                messages.success(request, f"已开启{len(opened)}个督察的{data['period']}调度")
            else:
                messages.info(request, f"没有需要开启的督察：各在办督察已开启过{data['period']}的调度")
            return redirect("rounds:list")
    schedules = {s.inspection_id: s for s in RoundSchedule.objects.filter(inspection__in=inspections)}
    return render(
        request,
        "rounds/round_list.html",
        {
            "rounds": selectors.rounds_listing(request.user),
            "form": form,
            "inspections": [(i, schedules.get(i.pk)) for i in inspections],
            "today": timezone.localdate(),
        },
    )


@login_required
def schedule_edit(request, inspection_pk: int):
    """An inspection's dispatch settings: cadence, opening day, working days to submit, 领导审核."""
    inspection = inspection_get_for_user(request.user, inspection_pk)
    if not may(request.user, "rounds.schedule.set", inspection):
        raise PermissionDenied("只有本级整改办可以修改调度设置")
    current = RoundSchedule.objects.filter(inspection=inspection).first() or RoundSchedule(
        inspection=inspection
    )
    form = RoundScheduleForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.round_schedule_set(actor=request.user, inspection=inspection, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已保存{inspection}的调度设置")
            return redirect("rounds:list")
    return render(request, "rounds/schedule_form.html", {"form": form, "inspection": inspection})


@login_required
def board(request, pk: int):
    """The office's board of one round: the counts per state over all its units, and one page of the
    units the chosen filter selects, each with its state, counts, submission time and late mark."""
    dispatch_round = selectors.board_round_get_for_user(request.user, pk)
    data = selectors.round_board(
        dispatch_round, chosen=request.GET.get("state", ""), page=request.GET.get("page", 1)
    )
    filters = [(code, label, data.counts.get(code, 0)) for code, label in STATE_LABELS.items()]
    filters.append((selectors.OVERDUE, "逾期未报", data.counts[selectors.OVERDUE]))
    can_act = may(request.user, "rounds.round.lock", dispatch_round)
    return render(
        request,
        "rounds/board.html",
        {
            "round": dispatch_round,
            "rows": data.rows,
            "page": data.page,
            "query": urlencode({"state": data.chosen}) if data.chosen else "",
            "total": data.total,
            "counts": data.counts,
            "filters": filters,
            "chosen": data.chosen,
            "can_act": can_act and not dispatch_round.is_locked,
            "return_form": ReturnForm(),
        },
    )


@login_required
@require_POST
def round_remind(request, pk: int):
    dispatch_round = selectors.board_round_get_for_user(request.user, pk)
    try:
        recipients = services.round_remind_missing(actor=request.user, dispatch_round=dispatch_round)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"已提醒未报单位的{len(recipients)}名联络员")
    return redirect("rounds:board", pk=pk)


@login_required
@require_POST
def round_lock(request, pk: int):
    dispatch_round = selectors.board_round_get_for_user(request.user, pk)
    if request.POST.get("confirm") != "yes":
        messages.error(request, "请勾选“确认锁定”：锁定后本轮报送不能再修改")
        return redirect("rounds:board", pk=pk)
    try:
        services.round_lock(actor=request.user, dispatch_round=dispatch_round)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"{dispatch_round}已锁定，已采纳的进展已写入台账")
    return redirect("rounds:board", pk=pk)
