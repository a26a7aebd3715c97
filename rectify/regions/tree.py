"""Changes to the unit tree, audited: add a unit, rename it, move it under another parent, merge it into
another (its tasks, roles, submissions and children following it).

Each is one transaction, asks `orgunits.permissions.require` under its audit code and writes the event.
The tree is a materialised path ("/1/7/42/"): a move rewrites the path and depth of the whole subtree
in one UPDATE.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr

from rectify.audit import codes
from rectify.audit.services import audit_record
from rectify.orgunits.models import OrgUnit, OrgUnitKind
from rectify.orgunits.permissions import require
from rectify.regions import relations

DIVISION_KINDS = {OrgUnitKind.REGION, OrgUnitKind.PREFECTURE, OrgUnitKind.COUNTY}


def _check_names(*, name: str, short_name: str, code: str, kind: str, unit: OrgUnit | None = None) -> dict:
    """The cleaned name, short name and code, or a ValidationError by field."""
    name, short_name, code = (name or "").strip(), (short_name or "").strip(), (code or "").strip()
    errors = {}
    if not name:
        errors["name"] = "请填写单位名称"
    elif len(name) > OrgUnit._meta.get_field("name").max_length:
        errors["name"] = "单位名称过长（最多100字）"
    if len(short_name) > OrgUnit._meta.get_field("short_name").max_length:
        errors["short_name"] = "简称过长（最多50字）"
    if code:
        if kind not in DIVISION_KINDS:
            errors["code"] = "园区、部门等单位没有行政区划代码，请留空"
        elif not (code.isdigit() and len(code) == 6):
            errors["code"] = "行政区划代码应为6位数字，如 652300"
        else:
            holder = OrgUnit.objects.filter(code=code).exclude(pk=getattr(unit, "pk", None)).first()
            if holder is not None:
                errors["code"] = f"行政区划代码 {code} 已属于“{holder.name}”"
    if errors:
        raise ValidationError(errors)
    return {"name": name, "short_name": "" if short_name == name else short_name, "code": code}


@transaction.atomic
def unit_create(
    *,
    actor,
    name: str,
    kind: str,
    parent: OrgUnit | None,
    short_name: str = "",
    code: str = "",
    sort_order: int = 0,
    reason: str = "",
) -> OrgUnit:
    """Add a unit under `parent` (a root when None: the administrator only)."""
    require(actor, codes.ORGUNITS_UNIT_CREATE, parent)
    if kind not in OrgUnitKind.values:
        raise ValidationError({"kind": "请选择单位类型"})
    cleaned = _check_names(name=name, short_name=short_name, code=code, kind=kind)
    unit = OrgUnit.objects.create(kind=kind, parent=parent, sort_order=sort_order, **cleaned)
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.depth = parent.depth + 1 if parent else 0
    unit.save(update_fields=["path", "depth"])
    audit_record(
        actor=actor,
        action="新增单位",
        code=codes.ORGUNITS_UNIT_CREATE,
        obj=unit,
        changes={
            "name": (None, unit.name),
            "short_name": (None, unit.short_name),
            "code": (None, unit.code),
            "kind": (None, unit.kind),
            "parent": (None, str(parent) if parent else None),
        },
        reason=reason,
    )
    return unit


@transaction.atomic
def unit_rename(
    *, actor, unit: OrgUnit, name: str, short_name: str = "", code: str | None = None, reason: str = ""
):
    """Change a unit's name, short name and (when given) division code; the old values stay in the audit log."""
    require(actor, codes.ORGUNITS_UNIT_RENAME, unit)
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    cleaned = _check_names(
        name=name, short_name=short_name, code=unit.code if code is None else code, kind=unit.kind, unit=unit
    )
    changes = {
        field: (getattr(unit, field), value)
        for field, value in cleaned.items()
        if getattr(unit, field) != value
    }
    if not changes:
        return unit
    for field, (_, value) in changes.items():
        setattr(unit, field, value)
    unit.save(update_fields=list(changes))
    audit_record(
        actor=actor,
        action="修改单位名称",
        code=codes.ORGUNITS_UNIT_RENAME,
        obj=unit,
        changes=changes,
        reason=reason,
    )
    return unit


def _reroot(unit: OrgUnit, new_parent: OrgUnit) -> tuple[str, int]:
    """Rewrite the path and depth of `unit`'s whole subtree for its place under `new_parent` (one UPDATE);
    returns (its new path, how many units moved)."""
    old_path = unit.path
    new_path = f"{new_parent.path}{unit.pk}/"
    delta = new_parent.depth + 1 - unit.depth
    moved = OrgUnit.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + delta,
    )
    OrgUnit.objects.filter(pk=unit.pk).update(parent=new_parent)
    return new_path, moved


def _refuse_inside(unit: OrgUnit, target: OrgUnit, message: str) -> None:
    if target.path.startswith(unit.path):
        raise ValidationError({"target": message})


@transaction.atomic
def unit_move(*, actor, unit: OrgUnit, new_parent: OrgUnit, reason: str = "") -> OrgUnit:
    """Put `unit` (and its subtree) under `new_parent`; its tasks, roles and history stay with it."""
    require(actor, codes.ORGUNITS_UNIT_MOVE, unit)
    require(actor, codes.ORGUNITS_UNIT_CREATE, new_parent)
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    new_parent = OrgUnit.objects.get(pk=new_parent.pk)
    _refuse_inside(unit, new_parent, "不能把单位移到它自己或它的下级单位之下")
    if unit.parent_id == new_parent.pk:
        return unit
    old_parent = str(unit.parent) if unit.parent_id else None
    _, moved = _reroot(unit, new_parent)
    unit.refresh_from_db()
    audit_record(
        actor=actor,
        action="调整上级单位",
        code=codes.ORGUNITS_UNIT_MOVE,
        obj=unit,
        changes={"parent": (old_parent, str(new_parent))}
        | ({"units_below": (None, moved - 1)} if moved > 1 else {}),
        reason=reason,
    )
    return unit


@transaction.atomic
def unit_merge(*, actor, unit: OrgUnit, into: OrgUnit, reason: str = "") -> OrgUnit:
    """Merge `unit` into `into`: everything that points at `unit` (tasks as lead, cooperating or
    accepting unit, measures, inspections, role grants, round submissions, import jobs, robots — every
    foreign key, see `relations`) points at `into`; its children move under `into`; `unit` is deleted.
    Both units' logs record the merge, and `into`'s history shows `unit`'s (selectors.unit_history)."""
    require(actor, codes.ORGUNITS_UNIT_MERGE, unit)
    require(actor, codes.ORGUNITS_UNIT_CREATE, into)
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    into = OrgUnit.objects.select_for_update().get(pk=into.pk)
    _refuse_inside(unit, into, "不能把单位合并到它自己或它的下级单位")
    problems = relations.conflicts(unit, into)
    if problems:
        raise ValidationError({"target": problems})
    children = list(OrgUnit.objects.filter(parent=unit))
    for child in children:
        _reroot(child, into)
    moved = relations.repoint(unit, into)
    changes = {
        "merged_unit_id": (unit.pk, into.pk),
        "merged_unit": (f"{unit.name}（{unit.code}）" if unit.code else unit.name, into.name),
    }
    if children:
        changes["units_below"] = (None, len(children))
    followed = "；".join(f"{label}{count}条" for label, count in moved.items() if count)
    why = "；".join(part for part in (reason, f"随之转移：{followed}" if followed else "") if part)
    for obj in (unit, into):
        audit_record(
            actor=actor,
            action="合并单位",
            code=codes.ORGUNITS_UNIT_MERGE,
            obj=obj,
            changes=changes,
            reason=why,
        )
    unit.delete()
    into.refresh_from_db()
    return into
