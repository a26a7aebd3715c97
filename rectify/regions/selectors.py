"""The units a user may arrange (the administrator: all; the office: its area), read scoped: a unit
outside them is a 404."""

from django.db.models import Q, QuerySet
from django.http import Http404

from rectify.audit import codes
from rectify.audit.models import AuditEvent
from rectify.orgunits.models import OrgUnit
from rectify.orgunits.scope import scope_for


def units_arranged_by(user) -> QuerySet[OrgUnit]:
    """The units `user` manages (its office's subtrees; every unit for the administrator), in tree order."""
    scope = scope_for(user)
    if scope.is_admin:
        return OrgUnit.objects.all()
    if not scope.office_paths:
        return OrgUnit.objects.none()
    q = Q()
    for path in scope.office_paths:
        q |= Q(path__startswith=path)
    return OrgUnit.objects.filter(q)


def unit_get_for_arranging(user, unit_id) -> OrgUnit:
    """The unit `unit_id` if `user` manages it; 404 otherwise (an unknown unit and another area's alike)."""
    unit = units_arranged_by(user).filter(pk=unit_id).first()
    if unit is None:
        raise Http404("没有找到该单位")
    return unit


def absorbed_unit_ids(unit: OrgUnit) -> list[int]:
    """The ids of the units merged into `unit`, and of those merged into them, as the merge events
    record them (a merged unit's own history stays under its id)."""
    found: list[int] = []
    frontier = [unit.pk]
    while frontier:
        events = AuditEvent.objects.filter(
            code=codes.ORGUNITS_UNIT_MERGE,
            object_type=OrgUnit._meta.label_lower,
            object_id__in=[str(pk) for pk in frontier],
        )
        merged = []
        for event in events:
            before, after = event.changes.get("merged_unit_id", (None, None))
            if after == int(event.object_id) and before is not None and before not in found:
                merged.append(int(before))
        found += merged
        frontier = merged
    return found


def unit_history(unit: OrgUnit) -> QuerySet[AuditEvent]:
    """The audit events of `unit` and of every unit merged into it, newest first."""
    ids = [str(unit.pk), *(str(pk) for pk in absorbed_unit_ids(unit))]
    return AuditEvent.objects.filter(object_type=OrgUnit._meta.label_lower, object_id__in=ids).order_by(
        "-at", "-pk"
    )


KIND_ORDER = {"region": 0, "prefecture": 1, "county": 2, "park": 3, "department": 4, "other": 5}


def in_tree_order(units) -> list[OrgUnit]:
    """`units` depth-first, each parent before its children, and siblings as the tree is read: counties
    (by division code) before parks before departments, then by sort order, code and creation. A unit whose
    parent is not among `units` starts a tree of its own."""
    units = list(units)
    present = {u.pk for u in units}
    below: dict[int | None, list[OrgUnit]] = {}
    for unit in units:
        below.setdefault(unit.parent_id if unit.parent_id in present else None, []).append(unit)
    for siblings in below.values():
        siblings.sort(key=lambda u: (KIND_ORDER.get(u.kind, 9), u.sort_order, u.code or "~", u.pk))
    ordered: list[OrgUnit] = []
    stack = list(reversed(below.get(None, [])))
    while stack:
        unit = stack.pop()
        ordered.append(unit)
        stack.extend(reversed(below.get(unit.pk, [])))
    return ordered
