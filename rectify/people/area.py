"""The area (管理范围) a person acts in: the units whose people and roles they may manage.

An office's area is the subtrees it runs (its 整改办 assignments); an administrator's (the command
line's system actor included) is the whole tree. `within` narrows it to one unit's
subtree (the command's --unit, or a unit the office picks).
"""

from django.db.models import Q, QuerySet

from rectify.orgunits.models import OrgUnit
from rectify.orgunits.scope import scope_for


def area_paths(actor, within: OrgUnit | None = None) -> tuple[str, ...] | None:
    """The subtree prefixes of the area; None for the whole tree; () for nothing."""
    if scope_for(actor).is_admin:
        return None if within is None else (within.path,)
    paths = scope_for(actor).office_paths
    if within is None:
        return paths
    return (within.path,) if any(within.path.startswith(p) for p in paths) else ()


def paths_q(paths: tuple[str, ...] | None, field: str = "path") -> Q:
    """Q on `field` lying within `paths` (everything for None, nothing for ())."""
    if paths is None:
        return Q()
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


def units_in_area(actor, within: OrgUnit | None = None) -> QuerySet[OrgUnit]:
    """The units of the area, in tree order."""
    return OrgUnit.objects.filter(paths_q(area_paths(actor, within))).order_by("path")


def in_area(unit: OrgUnit, paths: tuple[str, ...] | None) -> bool:
    return paths is None or any(unit.path.startswith(p) for p in paths)
