"""The office's import pages: upload, watch the reading, preview, confirm, watch progress, run again."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from rectify.ingest import jobs
from rectify.ingest.forms import UploadForm
from rectify.ingest.issuer_unit import NOT_A_PLACE
from rectify.ingest.models import ImportJob
from rectify.ledger import selectors
from rectify.ledger.models import Inspection
from rectify.orgunits.permissions import require

PREVIEW_ROWS = 500


def _job_for(user, pk) -> ImportJob:
    """A job of a unit the user runs the office of, or 404."""
    job = get_object_or_404(
        ImportJob.objects.filter(unit__in=selectors.units_managed(user)).select_related("unit"), pk=pk
    )
    return jobs.import_job_detect_dead_worker(job)


@login_required
def upload(request):
    require(request.user, "ingest.job.upload", None)
    units = selectors.units_managed(request.user)
    places = units.exclude(kind__in=NOT_A_PLACE).select_related(
        "parent"
    )  # a ledger is a place's, not a bureau's
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        units=places,
        initial={"unit": places.order_by("depth").first()},
    )
    for name in getattr(request, "uploads_refused", []):  # stopped while streaming in: over the limit
        form.add_error(
            "file", f"文件“{jobs.display_name(name)}”超过{jobs.MAX_UPLOAD_BYTES // 1024 // 1024}MB"
        )
    if request.method == "POST" and form.is_valid():
        try:
            job = jobs.import_job_create(
                actor=request.user,
                unit=form.cleaned_data["unit"],
                inspection_name=form.cleaned_data["inspection_name"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            return redirect("ingest:job", pk=job.pk)
    recent = ImportJob.objects.filter(unit__in=units).select_related("created_by").defer("draft")[:20]
    return render(
        request,
        "ingest/upload.html",
        {
            "form": form,
            "inspection_names": Inspection.objects.filter(unit__in=units)
            .values_list("name", flat=True)
            .distinct(),
            "recent": [jobs.import_job_detect_dead_worker(j) for j in recent],
        },
    )


@login_required
def job(request, pk: int):
    job = _job_for(request.user, pk)
    if request.htmx and job.status == ImportJob.Status.PREVIEWED:
        return HttpResponseClientRefresh()  # the reading is done: the whole page shows the preview
    context = {"job": job, "can_retry": jobs.import_job_can_retry(job)}
    if job.status == ImportJob.Status.PREVIEWED:
        plan = jobs.import_job_plan(job)
        context.update(
            plan=plan,
            counts=plan.labelled_counts(),
            rows=plan.changes[:PREVIEW_ROWS],
            hidden=max(0, len(plan.changes) - PREVIEW_ROWS),
            duplicate=ImportJob.objects.filter(
                sha256=job.sha256, status=ImportJob.Status.DONE, unit=job.unit
            ).first(),
        )
    if job.status in (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING):
        context["done"], context["total"] = jobs.import_job_progress(job)
    template = "ingest/_progress.html" if request.htmx else "ingest/job.html"
    return render(request, template, context)


@login_required
@require_POST
def confirm(request, pk: int):
    job = _job_for(request.user, pk)
    try:
        jobs.import_job_confirm(actor=request.user, job=job)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return redirect("ingest:job", pk=job.pk)


@login_required
@require_POST
def retry(request, pk: int):
    job = _job_for(request.user, pk)
    try:
        jobs.import_job_retry(actor=request.user, job=job)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return redirect("ingest:job", pk=job.pk)
