"""The unit a document's issuers (落款) name: 中共昌吉州委 + 昌吉州人民政府 → 昌吉回族自治州.

Each issuer is matched to the unit whose name or short name is the longest beginning of it
(`report.issuers.name_candidates`); a department (昌吉州生态环境局) stands for the place it belongs to,
the nearest unit above it that is not a department. The issuers agree on one unit, or there is none:
two different places, or a name two units share, is said plainly rather than guessed.
"""

from dataclasses import dataclass

from django.db.models import Q

from rectify.ingest.report.issuers import name_candidates
from rectify.orgunits.models import OrgUnit, OrgUnitKind

NOT_A_PLACE = (OrgUnitKind.DEPARTMENT, OrgUnitKind.OTHER)


@dataclass(frozen=True)
class IssuerUnit:
    """What the issuers say: the unit they name, or why none (`problem`, a Chinese sentence; blank when
    there were no issuers to read, or none of them names a unit of the tree)."""

    unit: OrgUnit | None
    problem: str = ""


def _place(unit: OrgUnit) -> OrgUnit:
    """The unit itself, or for a department the nearest unit above it that is a place."""
    while unit.kind in NOT_A_PLACE and unit.parent_id is not None:
        unit = unit.parent
    return unit


def _units_named(issuer: str, units) -> list[OrgUnit]:
    """The units called by the longest name that begins `issuer` (several when two units share it)."""
    candidates = name_candidates(issuer)
    if not candidates:
        return []
    found = list(units.filter(Q(name__in=candidates) | Q(short_name__in=candidates)).select_related("parent"))
    for name in candidates:  # longest first
        named = [u for u in found if name in (u.name, u.short_name)]
        if named:
            return named
    return []


def issuer_unit(issuers, units=None) -> IssuerUnit:
    """The one unit (a place) that `issuers` name, among `units` (default: the whole tree)."""
    units = OrgUnit.objects.all() if units is None else units
    places: dict[int, OrgUnit] = {}
    for issuer in issuers:
        named = {u.pk: u for u in map(_place, _units_named(issuer, units))}
        if len(named) > 1:
            names = "、".join(f"{u.name}（{u.parent or '顶级'}）" for u in named.values())
            return IssuerUnit(None, f"落款“{issuer}”可能是{names}，无法确定是哪一个")
        places.update(named)
    if len(places) > 1:
        names = "、".join(u.name for u in places.values())
        return IssuerUnit(None, f"落款单位分属{names}，无法确定整改责任地区")
    return IssuerUnit(next(iter(places.values()), None))
