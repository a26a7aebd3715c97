"""The ledger page and the task pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from rectify.audit.models import AuditEvent
from rectify.ledger import selectors, services
from rectify.ledger.forms import ProgressForm, TaskForm, TransitionForm, ledger_query
from rectify.ledger.headline import ledger_headline
from rectify.ledger.lifecycle import ACTION_LABELS, REASON_REQUIRED, TaskAction
from rectify.ledger.schedule import FLAG_LABELS
from rectify.ledger.versions import EditConflict
from rectify.ledger.views.common import add_service_errors, service_arguments, show_conflict
from rectify.orgunits.permissions import may, require

PAGE_SIZE = 25


@login_required
def task_list(request):
    """The ledger (整改台账): visible tasks, filtered, with the headline counts at the top."""
    user = request.user
    ledger = ledger_query(request)
    form, as_of, tasks = ledger.form, ledger.as_of, ledger.tasks
    counts, rows = selectors.ledger_listing(tasks, flag=ledger.flag, as_of=as_of, searched=ledger.searched)
    paginator = Paginator(rows, PAGE_SIZE)
    # The flag counts already hold the total: spare the paginator a second COUNT over the same rows.
    paginator.count = counts[ledger.flag] if ledger.flag else sum(counts.values())
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "counts": counts,
        "headline": ledger_headline(counts),
        "as_of": as_of,
        "flag_labels": FLAG_LABELS,
        "query": query.urlencode(),
        "can_create": selectors.scope_for(user).office_paths or selectors.scope_for(user).is_admin,
    }
    template = (
        "ledger/_task_results.html" if request.htmx and request.htmx.target == "ledger-results" else None
    )
    return render(request, template or "ledger/task_list.html", context)


@login_required
def task_detail(request, pk: int):
    """One task: its findings, owners, deadline, milestones, measures, state, flag, actions and history."""
    return _task_page(request, selectors.task_get_for_user(request.user, pk))


def _task_page(request, task, progress_form=None):
    """The task page; `progress_form` is a refused progress report, shown with what the user typed."""
    as_of = timezone.localdate()
    flag = selectors.task_schedule_flag(task, as_of)
    measures = list(task.measures.select_related("responsible_unit"))
    actions = [
        (a.value, ACTION_LABELS[a], a in REASON_REQUIRED)
        for a in selectors.task_actions_for_user(request.user, task)
    ]
    return render(
        request,
        "ledger/task_detail.html",
        {
            "task": task,
            "flag": FLAG_LABELS[flag],
            "flag_code": flag.value,
            "as_of": as_of,
            "measures": measures,
            "milestones": task.milestones.all(),
            "findings": task.findings.all(),
            "cooperating_units": task.cooperating_units.all(),
            "actions": actions,
            "can_edit": may(request.user, "ledger.task.update", task),
            "can_report": may(request.user, "ledger.task.report_progress", task),
            "progress_form": progress_form
            or ProgressForm(
                initial={
                    "progress": task.progress,
                    "progress_text": task.progress_text,
                    "version": task.version,
                }
            ),
            "events": AuditEvent.objects.for_object(task, *measures).select_related("actor")[:100],
        },
    )


@login_required
def task_create(request, inspection_pk: int):
    inspection = selectors.inspection_get_for_user(request.user, inspection_pk)
    require(request.user, "ledger.task.create", inspection)
    next_number = (inspection.tasks.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    form = TaskForm(request.POST or None, inspection=inspection, initial={"number": next_number})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            task = services.task_create(actor=request.user, inspection=inspection, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已新增{task}")
            return redirect("ledger:task_detail", pk=task.pk)
    return render(
        request,
        "ledger/form.html",
        {"form": form, "title": f"新增整改任务 · {inspection}", "back": inspection},
    )


@login_required
def task_edit(request, pk: int):
    task = selectors.task_get_for_user(request.user, pk)
    require(request.user, "ledger.task.update", task)
    form = TaskForm(request.POST or None, instance=task, inspection=task.inspection)
    if request.method == "POST":
        # The form must not write the instance: the service compares before and after for the audit log.
        task = selectors.task_get_for_user(request.user, pk)
        if form.is_valid():
            try:
                services.task_update(
                    actor=request.user,
                    task=task,
                    reason=request.POST.get("reason", ""),
                    **service_arguments(form),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "已保存")
                return redirect("ledger:task_detail", pk=task.pk)
    return render(
        request,
        "ledger/form.html",
        {"form": form, "title": f"修改 · {task}", "back": task, "ask_reason": True},
    )


@login_required
@require_POST
def task_transition(request, pk: int, action: str):
    task = selectors.task_get_for_user(request.user, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():  # no version: a page from before versions, or a forged post
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect("ledger:task_detail", pk=task.pk)
    reason = form.cleaned_data["reason"]
    try:
        services.task_transition(
            actor=request.user,
            task=task,
            action=TaskAction(action).value,
            reason=reason,
            expected_version=form.cleaned_data["version"],
        )
    except ValueError:
        messages.error(request, "未知的操作")
    except EditConflict as conflict:  # refused: what changed since the page was read, and the reason kept
        changed = "；".join(f"{c.label}：{c.read} → {c.now}（{c.by}）" for c in conflict.changes)
        kept = f"您填写的理由（未提交）：{reason}" if reason.strip() else ""
        messages.error(
            request,
            f"未执行“{ACTION_LABELS[TaskAction(action)]}”：您打开此页后该任务已被修改"
            + (f"（{changed}）" if changed else "")
            + "，请核对最新内容后再操作。"
            + kept,
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"已{ACTION_LABELS[TaskAction(action)]}")
    return redirect("ledger:task_detail", pk=task.pk)


@login_required
@require_POST
def task_report_progress(request, pk: int):
    task = selectors.task_get_for_user(request.user, pk)
    require(request.user, "ledger.task.report_progress", task)
    form = ProgressForm(request.POST)
    if form.is_valid():
        try:
            services.task_report_progress(actor=request.user, task=task, **service_arguments(form))
        except EditConflict as conflict:  # shown on the task page, what the user typed kept
            show_conflict(form, conflict)
            return _task_page(request, selectors.task_get_for_user(request.user, pk), form)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, "进展已报送")
    else:
        messages.error(
            request,
            "；".join(
                f"{form.fields[f].label + '：' if form.fields[f].label else ''}{'，'.join(e)}"
                for f, e in form.errors.items()
            ),
        )
    return redirect("ledger:task_detail", pk=task.pk)
