"""The office's offline forms (离线报送表) of a round: download them, upload them back (preview, then apply).

The parsing and planning are `rounds.offline_import`, the reading in the background `rounds.offline_jobs`
(each file in a child process under limits; the preview page polls until it is read), the writing
`rounds.offline_export`, the change `services.round_offline_import`; the preview's plan waits in the
session until the office confirms it (the versions in it refuse the plan if a submission changed
meanwhile).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django_htmx.http import HttpResponseClientRefresh

from rectify.core.ids import id_from_text
from rectify.ingest.jobs import MAX_UPLOAD_BYTES
from rectify.ingest.workbook import WorkbookError
from rectify.orgunits.permissions import require
from rectify.rounds import services
from rectify.rounds.lifecycle import WRITABLE_STATES
from rectify.rounds.models import OfflineUpload, Submission
from rectify.rounds.offline_export import file_name, round_workbooks_zip, submission_workbook
from rectify.rounds.offline_import import OfflinePlan
from rectify.rounds.offline_jobs import (
    offline_upload_create,
    offline_upload_detect_dead_worker,
    offline_upload_plan,
)
from rectify.rounds.selectors import rounds_visible_to

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _round_for(user, pk: int):
    """A round the user sees (else 404) and may handle offline forms of (else 403)."""
    dispatch_round = get_object_or_404(rounds_visible_to(user), pk=pk)
    require(user, "rounds.round.offline", dispatch_round)
    return dispatch_round


def _session_key(dispatch_round) -> str:
    return f"rounds_offline_plan_{dispatch_round.pk}"


@login_required
def download(request, pk: int):
    """?unit=<id>: that unit's workbook; else a .zip of every submission the units may still write."""
    dispatch_round = _round_for(request.user, pk)
    submissions = Submission.objects.filter(round=dispatch_round).select_related("unit", "round")
    if "unit" in request.GET:
        submission = get_object_or_404(submissions, unit_id=id_from_text(request.GET["unit"]))
        body, name, kind = submission_workbook(submission), file_name(submission), XLSX
    else:
        writable = list(submissions.filter(state__in=WRITABLE_STATES).order_by("unit__path"))
        if not writable:
            raise Http404("本轮没有待填报的报送")
        body, kind = round_workbooks_zip(dispatch_round, writable), "application/zip"
        name = f"{dispatch_round.period}调度离线报送表.zip"
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def _job_for(user, pk: int, upload_pk: int) -> OfflineUpload:
    dispatch_round = _round_for(user, pk)
    job = get_object_or_404(OfflineUpload.objects.select_related("round"), pk=upload_pk, round=dispatch_round)
    return offline_upload_detect_dead_worker(job)


@login_required
def upload(request, pk: int):
    """GET: the upload form. POST action=preview: keep the files and read them in the background (the
    preview page shows what would change). POST action=confirm: apply the previewed plan (代为提交 if
    ticked)."""
    dispatch_round = _round_for(request.user, pk)
    key = _session_key(dispatch_round)
    context = {"round": dispatch_round, "errors": [], "plan": None}
    if request.method == "POST" and request.POST.get("action") == "confirm":
        data = request.session.get(key)
        if data is None:
            messages.error(request, "预览已失效，请重新上传离线报送表")
            return redirect("rounds_offline:upload", pk=pk)
        try:
            count = services.round_offline_import(
                actor=request.user,
                dispatch_round=dispatch_round,
                plan=OfflinePlan.from_json(data),
                submit=request.POST.get("submit") == "1",
            )
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, f"已导入离线报送表：{count}个单位的报送有改动或已代为提交")
        request.session.pop(key, None)
        return redirect("rounds_offline:upload", pk=pk)
    if request.method == "POST":
        refused = getattr(request, "uploads_refused", [])
        try:
            if refused:
                raise WorkbookError([f"文件“{n}”超过{MAX_UPLOAD_BYTES // 1024 // 1024}MB" for n in refused])
            job = offline_upload_create(
                actor=request.user,
                dispatch_round=dispatch_round,
                uploads=request.FILES.getlist("files"),
                submit=request.POST.get("submit") == "1",
            )
        except ValidationError as error:
            context["errors"] = getattr(error, "errors", None) or error.messages
        else:
            return redirect("rounds_offline:preview", pk=pk, upload_pk=job.pk)
    return render(request, "rounds/offline_upload.html", context)


@login_required
def preview(request, pk: int, upload_pk: int):
    """The upload being read (the page polls), then what it would change, with the confirm form."""
    job = _job_for(request.user, pk, upload_pk)
    if request.htmx and job.status != OfflineUpload.Status.READING:
        return HttpResponseClientRefresh()  # the reading is done: the whole page shows the preview
    context = {"round": job.round, "job": job, "errors": [], "plan": None, "submit": job.submit}
    if job.status == OfflineUpload.Status.FAILED:
        context["errors"] = [job.error]
    elif job.status == OfflineUpload.Status.READ:
        try:
            plan = offline_upload_plan(job)
        except ValidationError as error:
            context["errors"] = getattr(error, "errors", None) or error.messages
        else:
            request.session[_session_key(job.round)] = plan.to_json()
            context["plan"] = plan
    template = "rounds/_offline_reading.html" if request.htmx else "rounds/offline_upload.html"
    return render(request, template, context)
