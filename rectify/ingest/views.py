"""The office's import pages: upload and preview, confirm, watch progress."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from rectify.ingest import jobs
from rectify.ingest.forms import UploadForm
from rectify.ingest.models import ImportJob
from rectify.ingest.readers import UnreadableDocument
from rectify.ledger import selectors
from rectify.ledger.models import Inspection

PREVIEW_ROWS = 500


def _job_for(user, pk) -> ImportJob:
    """A job of a unit the user runs the office of, or 404."""
    return get_object_or_404(
        ImportJob.objects.filter(unit__in=selectors.units_managed(user)).select_related("unit"), pk=pk
    )


@login_required
def upload(request):
    units = selectors.units_managed(request.user)
    if not units.exists():
        raise PermissionDenied("只有整改办可以导入")
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        units=units,
        initial={"unit": units.order_by("depth").first()},
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = jobs.import_job_create(
                actor=request.user,
                unit=form.cleaned_data["unit"],
                inspection_name=form.cleaned_data["inspection_name"],
                file_name=upload.name,
                data=upload.read(),
            )
        except (UnreadableDocument, ValidationError) as error:
            form.add_error("file", getattr(error, "messages", None) or str(error))
        else:
            return redirect("ingest:job", pk=job.pk)
    return render(
        request,
        "ingest/upload.html",
        {
            "form": form,
            "inspection_names": Inspection.objects.filter(unit__in=units)
            .values_list("name", flat=True)
            .distinct(),
            "recent": ImportJob.objects.filter(unit__in=units).select_related("created_by")[:20],
        },
    )


@login_required
def job(request, pk: int):
    job = _job_for(request.user, pk)
    context = {"job": job}
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
