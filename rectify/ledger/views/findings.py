"""Inspection, finding and measure pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from rectify.audit.models import AuditEvent
from rectify.ledger import selectors, services
from rectify.ledger.forms import FindingForm, InspectionForm, MeasureForm, MeasureProgressForm
from rectify.ledger.views.common import add_service_errors, service_arguments
from rectify.orgunits.permissions import may, require


def _save(request, form, service, **kwargs):
    """Call `service` with the form's data and return what it saved; on a ValidationError show it, return None."""
    try:
        obj = service(actor=request.user, **kwargs, **service_arguments(form))
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    messages.success(request, "已保存")
    return obj


@login_required
def inspection_list(request):
    inspections = selectors.inspections_visible(request.user).select_related("unit")
    return render(
        request,
        "ledger/inspection_list.html",
        {
            "inspections": inspections,
            "can_create": may(request.user, "ledger.inspection.create", None),
        },
    )


@login_required
def inspection_detail(request, pk: int):
    inspection = selectors.inspection_get_for_user(request.user, pk)
    findings = (
        selectors.findings_visible(request.user).filter(inspection=inspection).prefetch_related("tasks")
    )
    return render(
        request,
        "ledger/inspection_detail.html",
        {
            "inspection": inspection,
            "plan_due": selectors.inspection_plan_due(inspection),
            "findings": findings,
            "can_edit": may(request.user, "ledger.inspection.update", inspection),
            "events": AuditEvent.objects.for_object(inspection).select_related("actor")[:50],
        },
    )


@login_required
def inspection_create(request):
    require(request.user, "ledger.inspection.create", None)
    units = selectors.units_managed(request.user)
    form = InspectionForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        inspection = _save(request, form, services.inspection_create)
        if inspection:
            return redirect("ledger:inspection_detail", pk=inspection.pk)
    return render(request, "ledger/form.html", {"form": form, "title": "新增督察"})


@login_required
def inspection_edit(request, pk: int):
    inspection = selectors.inspection_get_for_user(request.user, pk)
    require(request.user, "ledger.inspection.update", inspection)
    form = InspectionForm(
        request.POST or None,
        instance=selectors.inspection_get_for_user(request.user, pk),
        units=selectors.units_managed(request.user),
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(
            request,
            form,
            services.inspection_update,
            inspection=inspection,
            reason=request.POST.get("reason", ""),
        )
    ):
        return redirect("ledger:inspection_detail", pk=inspection.pk)
    return render(
        request,
        "ledger/form.html",
        {"form": form, "title": f"修改 · {inspection}", "back": inspection, "ask_reason": True},
    )


@login_required
def finding_detail(request, pk: int):
    finding = selectors.finding_get_for_user(request.user, pk)
    tasks = finding.tasks.filter(pk__in=selectors.Task.objects.visible_to(request.user).values("pk"))
    return render(
        request,
        "ledger/finding_detail.html",
        {
            "finding": finding,
            "tasks": tasks.select_related("lead_unit", "lead_leader").prefetch_related("measures"),
            "can_edit": may(request.user, "ledger.finding.update", finding),
            "events": AuditEvent.objects.for_object(finding).select_related("actor")[:50],
        },
    )


@login_required
def finding_create(request, inspection_pk: int):
    inspection = selectors.inspection_get_for_user(request.user, inspection_pk)
    require(request.user, "ledger.finding.create", inspection)
    next_number = (inspection.findings.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    form = FindingForm(request.POST or None, initial={"number": next_number})
    if request.method == "POST" and form.is_valid():
        finding = _save(request, form, services.finding_create, inspection=inspection)
        if finding:
            return redirect("ledger:finding_detail", pk=finding.pk)
    return render(
        request,
        "ledger/form.html",
        {"form": form, "title": f"新增反馈问题 · {inspection}", "back": inspection},
    )


@login_required
def finding_edit(request, pk: int):
    finding = selectors.finding_get_for_user(request.user, pk)
    require(request.user, "ledger.finding.update", finding)
    form = FindingForm(request.POST or None, instance=selectors.finding_get_for_user(request.user, pk))
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(
            request, form, services.finding_update, finding=finding, reason=request.POST.get("reason", "")
        )
    ):
        return redirect("ledger:finding_detail", pk=finding.pk)
    return render(
        request,
        "ledger/form.html",
        {"form": form, "title": f"修改 · {finding}", "back": finding, "ask_reason": True},
    )


@login_required
def measure_create(request, task_pk: int):
    task = selectors.task_get_for_user(request.user, task_pk)
    require(request.user, "ledger.measure.create", task)
    next_number = (task.measures.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    form = MeasureForm(request.POST or None, inspection=task.inspection, initial={"number": next_number})
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(request, form, services.measure_create, task=task)
    ):
        return redirect("ledger:task_detail", pk=task.pk)
    return render(
        request, "ledger/form.html", {"form": form, "title": f"新增整改措施 · {task}", "back": task}
    )


@login_required
def measure_edit(request, pk: int):
    """The office edits a measure whole; the lead unit's liaison reports its progress only."""
    measure = selectors.measure_get_for_user(request.user, pk)
    task = measure.task
    if may(request.user, "ledger.measure.update", measure):
        form_class, kwargs = MeasureForm, {"inspection": task.inspection}
    else:
        require(request.user, "ledger.measure.report_progress", measure)
        form_class, kwargs = MeasureProgressForm, {}
    fresh = selectors.measure_get_for_user(request.user, pk)
    form = form_class(request.POST or None, instance=fresh, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_update(actor=request.user, measure=measure, **service_arguments(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "已保存")
            return redirect("ledger:task_detail", pk=task.pk)
    return render(request, "ledger/form.html", {"form": form, "title": f"{task} · {measure}", "back": task})
