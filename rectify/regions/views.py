"""The unit pages (单位设置), for the administrator and the office within its area: the tree, the set-up
from the official divisions, and a unit's page (rename, add below, move, merge, history). Thin: the
services decide and check; a unit outside the user's area is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from rectify.audit import codes
from rectify.orgunits.permissions import may
from rectify.orgunits.scope import scope_for
from rectify.regions import divisions, selectors, setup, tree
from rectify.regions.forms import ChildForm, MergeForm, MoveForm, RenameForm, SetupForm

DEFAULT_PROVINCE = "650000"


def _arranger(user):
    scope = scope_for(user)
    if not (scope.is_admin or scope.office_paths):
        raise Http404("单位设置只对整改办和系统管理员开放")
    return scope


def _service_errors(form, error):
    if isinstance(error, PermissionDenied):
        form.add_error(None, str(error))
    elif hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
def unit_tree(request):
    """The units the user arranges, as a tree."""
    _arranger(request.user)
    units = selectors.in_tree_order(selectors.units_arranged_by(request.user))
    top = min((u.depth for u in units), default=0)
    return render(request, "regions/tree.html", {"units": units, "top": top})


def _province_of(request, scope) -> str:
    asked = request.GET.get("province") or request.POST.get("province") or ""
    if divisions.division(asked) is not None and divisions.division(asked).level == divisions.PROVINCE:
        return divisions.full_code(asked)
    for unit in selectors.units_arranged_by(request.user).exclude(code="").order_by("depth")[:1]:
        found = divisions.division(unit.code)
        if found is not None:
            return found.code if found.level == divisions.PROVINCE else found.code[:2] + "0000"
    return DEFAULT_PROVINCE


@login_required
def region_setup_page(request):
    """Pick a prefecture (or a province), tick and add departments and parks, preview, then create."""
    scope = _arranger(request.user)
    province = _province_of(request, scope)
    form = SetupForm(request.POST or None, province=province)
    preview = None
    if request.method == "POST" and form.is_valid():
        confirm = "confirm" in request.POST
        try:
            result = setup.region_setup(
                actor=request.user,
                division_code=form.cleaned_data["division"],
                departments=form.department_lines(),
                parks=form.cleaned_data["parks"],
                dry_run=not confirm,
            )
        except (ValidationError, PermissionDenied) as error:
            _service_errors(form, error)
        else:
            if confirm:
                messages.success(
                    request,
                    f"已设置{result.unit.name}：新增{len(result.created)}个单位，沿用已有{len(result.reused)}个",
                )
                return redirect("regions:tree")
            preview = result
    context = {
        "form": form,
        "preview": preview,
        "province": province,
        "provinces": [d for d in divisions.provinces() if divisions.children(d.code)],
    }
    return render(request, "regions/setup.html", context)


@login_required
def unit_page(request, unit_id: int):
    """One unit: rename it, add a unit below it, move it, merge it into another; its history."""
    _arranger(request.user)
    unit = selectors.unit_get_for_arranging(request.user, unit_id)
    arranged = selectors.units_arranged_by(request.user)
    outside = arranged.exclude(path__startswith=unit.path)
    action = request.POST.get("action") if request.method == "POST" else None
    data = request.POST if action else None
    initial = {"name": unit.name, "short_name": unit.short_name, "code": unit.code}
    forms = {
        "rename": RenameForm(data if action == "rename" else None, initial=initial, prefix="rename"),
        "child": ChildForm(data if action == "child" else None, prefix="child"),
        "move": MoveForm(data if action == "move" else None, units=outside, prefix="move"),
        "merge": MergeForm(data if action == "merge" else None, units=outside, prefix="merge"),
    }
    form = forms.get(action)
    if form is not None and form.is_valid():
        d = form.cleaned_data
        try:
            if action == "rename":
                tree.unit_rename(
                    actor=request.user,
                    unit=unit,
                    name=d["name"],
                    short_name=d["short_name"],
                    code=d["code"],
                    reason=d["reason"],
                )
                messages.success(request, "已保存单位名称")
            elif action == "child":
                child = tree.unit_create(
                    actor=request.user,
                    name=d["name"],
                    short_name=d["short_name"],
                    kind=d["kind"],
                    code=d["code"],
                    parent=unit,
                )
                messages.success(request, f"已新增{child.name}")
            elif action == "move":
                tree.unit_move(actor=request.user, unit=unit, new_parent=d["target"], reason=d["reason"])
                messages.success(request, f"已将{unit.name}调整到{d['target'].name}之下")
            else:
                into = tree.unit_merge(actor=request.user, unit=unit, into=d["target"], reason=d["reason"])
                messages.success(request, f"已将{unit.name}合并到{into.name}")
                return redirect("regions:unit", unit_id=into.pk)
        except (ValidationError, PermissionDenied) as error:
            _service_errors(form, error)
        else:
            return redirect("regions:unit", unit_id=unit.pk)
    context = {
        "unit": unit,
        "ancestors": arranged.filter(pk__in=[int(i) for i in unit.path.strip("/").split("/")[:-1]]),
        "children": selectors.in_tree_order(unit.children.all()),
        "forms": forms,
        "open": action,
        "may_rearrange": may(request.user, codes.ORGUNITS_UNIT_MOVE, unit),
        "events": selectors.unit_history(unit)[:50],
    }
    return render(request, "regions/unit.html", context)
