"""The office's report page: as-of date, narrative, check, generate, download; and the reading ledger export."""

from pathlib import Path
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from rectify.documents import generation
from rectify.documents.models import GeneratedDocument, ReportDates
from rectify.documents.reading_ledger import write_reading_ledger
from rectify.documents.report_data import HEADLINE, report_headline, report_snapshot
from rectify.documents.report_forms import GenerateForm, NarrativeForm
from rectify.ledger import selectors
from rectify.ledger.forms import ledger_query
from rectify.ledger.views.common import add_service_errors, service_arguments
from rectify.orgunits.permissions import require
from rectify.orgunits.scope import scope_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _managed_inspection(user, pk):
    inspection = selectors.inspection_get_for_user(user, pk)
    require(user, "documents.report.prepare", inspection)
    return inspection


@login_required
def report_page(request, pk: int):
    inspection = _managed_inspection(request.user, pk)
    narrative = generation.latest_narrative(inspection)
    parts = generation.default_narrative_parts(inspection)
    if narrative:
        parts.update(
            title=narrative.title,
            opening=narrative.opening,
            sections=narrative.sections,
            closing=narrative.closing,
            issuer=narrative.issuer,
            attachment_title=narrative.attachment_title or parts["attachment_title"],
        )
    narrative_form = NarrativeForm(
        request.POST or None,
        initial={
            **parts,
            "body": generation.sections_to_text(parts["sections"]),
            "version": narrative.version if narrative else 0,
        },
    )
    if request.method == "POST" and narrative_form.is_valid():
        data = service_arguments(narrative_form)
        try:
            saved = generation.narrative_save(
                actor=request.user,
                inspection=inspection,
                note=data.pop("note"),
                sections=generation.sections_from_text(data.pop("body")),
                **data,
            )
        except ValidationError as error:
            add_service_errors(narrative_form, error)
        else:
            messages.success(request, f"正文已保存（第{saved.version}版）")
            return redirect("documents:report", pk=inspection.pk)
    chosen = ReportDates.objects.filter(inspection=inspection).first()
    as_of = chosen.as_of if chosen else timezone.localdate()
    dates = {"as_of": as_of, "signed_on": chosen.signed_on if chosen else timezone.localdate()}
    snap = report_snapshot(inspection, as_of)
    headline = report_headline(snap.counts(), inspection.unit.short_name or inspection.unit.name)
    return render(
        request,
        "documents/report.html",
        {
            "inspection": inspection,
            "narrative": narrative,
            "narrative_form": narrative_form,
            "generate_form": GenerateForm(initial=dates, inspection=inspection),
            "dates_chosen": chosen,
            "as_of": as_of,
            "headline": headline,
            "opening_preview": parts["opening"].replace(HEADLINE, headline),
            "versions": inspection.narratives.select_related("edited_by")[:20],
            "documents": inspection.documents.select_related("generated_by", "dispatch_round")[:30],
        },
    )


@login_required
def report_check(request, pk: int):
    """The consistency check of the report as it would be generated (an htmx partial)."""
    inspection = _managed_inspection(request.user, pk)
    form = GenerateForm(request.GET, inspection=inspection)
    data = form.cleaned_data if form.is_valid() else {}
    as_of = data.get("as_of") or timezone.localdate()
    problems = generation.report_check(
        inspection, as_of, data.get("signed_on"), dispatch_round=data.get("dispatch_round")
    )
    return render(request, "documents/_check.html", {"problems": problems, "as_of": as_of})


@login_required
@require_POST
def report_export(request, pk: int):
    """The report page's "按截至日导出台账 Excel": on to the reading ledger of this inspection as of the
    date chosen in the page's form (a POST, so the form's CSRF token never lands in a URL)."""
    inspection = _managed_inspection(request.user, pk)
    form = GenerateForm(request.POST, inspection=inspection)
    if not form.is_valid():
        messages.error(request, "请填写正确的日期")
        return redirect("documents:report", pk=inspection.pk)
    query = urlencode({"inspection": inspection.pk, "as_of": form.cleaned_data["as_of"].isoformat()})
    return redirect(f"{reverse('documents:reading_ledger')}?{query}")


@login_required
@require_POST
def report_generate(request, pk: int, kind: str):
    inspection = _managed_inspection(request.user, pk)
    if kind not in GeneratedDocument.Kind.values:
        raise Http404
    form = GenerateForm(request.POST, inspection=inspection)
    if not form.is_valid():
        messages.error(request, "请填写正确的日期或调度轮次")
        return redirect("documents:report", pk=inspection.pk)
    generation.report_dates_save(
        actor=request.user,
        inspection=inspection,
        as_of=form.cleaned_data["as_of"],
        signed_on=form.cleaned_data.get("signed_on"),
    )
    try:
        document = generation.document_generate(
            actor=request.user, inspection=inspection, kind=kind, **form.cleaned_data
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        problems = document.check_result.get("problems", [])
        if problems:
            messages.warning(request, f"已开始生成；一致性检查发现{len(problems)}处问题，请核对后再印发")
        else:
            messages.success(request, "已开始生成；一致性检查未发现问题")
    return redirect("documents:report", pk=inspection.pk)


@login_required
def document_status(request, pk: int):
    document = _document_for(request.user, pk)
    return render(request, "documents/_document_row.html", {"document": document})


def _document_for(user, pk) -> GeneratedDocument:
    """A generated document of a ledger the user reads whole (office or observer), or 404."""
    document = get_object_or_404(
        GeneratedDocument.objects.select_related("inspection__unit", "generated_by"), pk=pk
    )
    scope = scope_for(user)
    if not (scope.is_admin or any(document.inspection.unit.path.startswith(p) for p in scope.reading_paths)):
        raise Http404
    return document


@login_required
def document_download(request, pk: int):
    document = _document_for(request.user, pk)
    if document.status != GeneratedDocument.Status.DONE or not Path(document.stored_path).exists():
        raise Http404("文件尚未生成")
    return FileResponse(open(document.stored_path, "rb"), as_attachment=True, filename=document.file_name)


@login_required
def reading_ledger(request):
    """The ledger as filtered on screen, as an Excel 台账 (tasks, overdue list, per-unit summary)."""
    query = ledger_query(request)
    tasks = query.tasks.filter(flag=query.flag) if query.flag else query.tasks
    title = f"整改台账（截至{query.as_of:%Y-%m-%d}）"
    response = HttpResponse(write_reading_ledger(tasks, as_of=query.as_of, title=title), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=f"{title}.xlsx")
    return response
