"""The office's people pages (人员与角色): the list, a person's roles (grant, withdraw), import, export."""

import base64

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from rectify.audit import codes
from rectify.orgunits.permissions import may, require
from rectify.people import reading, selectors
from rectify.people.area import units_in_area
from rectify.people.export import passwords_workbook, people_workbook
from rectify.people.forms import PeopleUploadForm, RoleGrantForm
from rectify.people.plan import people_import_plan
from rectify.people.services import people_import_apply, role_grant, role_withdraw

PAGE_SIZE = 50
PREVIEW_PEOPLE = 500
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _office(request) -> None:
    require(request.user, codes.ORGUNITS_ROLE_GRANT, None)


@login_required
def people_list(request):
    _office(request)
    query = request.GET.get("q", "").strip()[:50]
    page = Paginator(selectors.people_in_area(request.user, query), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "people/list.html", {"page": page, "query": query})


@login_required
def person_detail(request, pk):
    _office(request)
    person = selectors.person_in_area(request.user, pk)
    form = RoleGrantForm(request.POST or None, units=units_in_area(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            role_grant(actor=request.user, user=person, **form.cleaned_data)
        except PermissionDenied as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request, f"已授予{person}“{dict(form.fields['role'].choices)[form.cleaned_data['role']]}”角色"
            )
            return redirect("people:person", pk=person.pk)
    roles = [(a, may(request.user, codes.ORGUNITS_ROLE_REVOKE, a)) for a in person.roles_in_area]
    return render(request, "people/person.html", {"person": person, "roles": roles, "form": form})


@login_required
@require_POST
def role_withdraw_view(request, pk):
    _office(request)
    assignment = selectors.assignment_in_area(request.user, pk)
    person = assignment.user
    role_withdraw(actor=request.user, assignment=assignment, reason=request.POST.get("reason", "")[:200])
    messages.success(request, f"已撤销{person}在{assignment.unit}的“{assignment.get_role_display()}”角色")
    if selectors.people_in_area(request.user).filter(pk=person.pk).exists():
        return redirect("people:person", pk=person.pk)
    return redirect("people:list")


@login_required
def people_export(request):
    _office(request)
    body = people_workbook(actor=request.user)
    response = HttpResponse(body, content_type=XLSX)
    name = f"人员名单-{timezone.localdate().isoformat()}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@login_required
@never_cache
def people_import(request):
    """Upload → preview (nothing written) → confirm → the result, with the one-time passwords shown once."""
    _office(request)
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request)
    form = PeopleUploadForm(request.POST or None, request.FILES or None)
    for name in getattr(request, "uploads_refused", []):
        form.add_error("file", f"文件“{name}”超过上传大小上限")
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = reading.read_upload(upload)
        except reading.ListUnreadable as error:
            form.add_error("file", str(error))
        else:
            plan = people_import_plan(actor=request.user, rows=rows)
            token = reading.sign_rows(request.user, upload.name, rows) if not plan.errors else ""
            return render(request, "people/preview.html", _preview(plan, upload.name, token))
    return render(request, "people/import.html", {"form": form})


def _preview(plan, source, token):
    changed = [p for p in plan.people if not p.is_unchanged]
    shown = changed[:PREVIEW_PEOPLE]
    return {"plan": plan, "source": source, "token": token, "shown": shown, "more": len(changed) - len(shown)}


def _confirm(request):
    try:
        source, rows = reading.unsign_rows(request.user, request.POST["token"])
    except signing.BadSignature:
        messages.error(request, "预览已过期或无效（预览后1小时内须确认），请重新上传人员名单")
        return redirect("people:import")
    try:
        result = people_import_apply(actor=request.user, rows=rows, source=source)
    except ValidationError as error:
        plan = people_import_plan(actor=request.user, rows=rows)
        plan.errors = plan.errors or list(error.messages)
        return render(request, "people/preview.html", _preview(plan, source, ""))
    download = ""
    if result.accounts:
        download = base64.b64encode(passwords_workbook(result.accounts)).decode()
    return render(
        request,
        "people/result.html",
        {"result": result, "plan": result.plan, "source": source, "download": download, "xlsx": XLSX},
    )
