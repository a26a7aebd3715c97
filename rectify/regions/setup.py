"""Setting up a region (设置区域): a prefecture (or a province) from the official divisions becomes the
unit tree region → prefecture → counties/cities/districts, with the departments and parks its template
lists. Safe to run twice: a unit that exists already (the same division code, or the same name under the
same parent) is reused — its missing code filled in — and nothing is created twice.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from rectify.audit import codes
from rectify.audit.services import audit_record
from rectify.orgunits.models import OrgUnit, OrgUnitKind
from rectify.orgunits.permissions import require
from rectify.regions import divisions
from rectify.regions.naming import level_word, short_name
from rectify.regions.templates import TemplateLine, department_names
from rectify.regions.tree import unit_create

KIND_OF_LEVEL = {
    divisions.PROVINCE: OrgUnitKind.REGION,
    divisions.PREFECTURE: OrgUnitKind.PREFECTURE,
    divisions.COUNTY: OrgUnitKind.COUNTY,
}


@dataclass
class SetupResult:
    """What a set-up did (or, tried without saving, would do): the unit of the chosen division, the units
    created and those found already there."""

    unit: OrgUnit | None = None
    created: list[OrgUnit] = field(default_factory=list)
    reused: list[OrgUnit] = field(default_factory=list)
    saved: bool = True


def division_for_setup(code: str) -> divisions.Division:
    """The province or prefecture with this code, or a ValidationError saying what is wrong."""
    division = divisions.division(code)
    if division is None:
        raise ValidationError({"division": f"没有行政区划代码为“{code}”的地区"})
    if division.level == divisions.COUNTY:
        raise ValidationError(
            {"division": f"{division.name}是县级单位：请选择州/市或省/自治区，县市区随之设置"}
        )
    return division


def _short(division: divisions.Division) -> str:
    return short_name(division.name, province=division.level == divisions.PROVINCE)


def _existing(
    division: divisions.Division, parent: OrgUnit | None, *, anywhere: bool = False
) -> OrgUnit | None:
    """The unit standing for `division`: by its code, else by its name or short name under `parent`
    (anywhere, when exactly one unit has it, for the chosen division itself)."""
    unit = OrgUnit.objects.filter(code=division.code).first()
    if unit is not None:
        return unit
    names = {division.name, _short(division)}
    candidates = OrgUnit.objects.filter(name__in=names) | OrgUnit.objects.filter(short_name__in=names)
    candidates = candidates.filter(code="")
    if not anywhere:
        return candidates.filter(parent=parent).first()
    matches = list(candidates.distinct()[:2])
    return matches[0] if len(matches) == 1 else None


def _fill_code(actor, unit: OrgUnit, division: divisions.Division) -> None:
    require(actor, codes.ORGUNITS_UNIT_RENAME, unit)
    unit.code = division.code
    unit.save(update_fields=["code"])
    audit_record(
        actor=actor,
        action="修改单位",
        code=codes.ORGUNITS_UNIT_UPDATE,
        obj=unit,
        changes={"code": ("", division.code)},
    )


def _place(actor, division, parent, result, *, anywhere=False) -> OrgUnit:
    unit = _existing(division, parent, anywhere=anywhere)
    if unit is None:
        unit = unit_create(
            actor=actor,
            name=division.name,
            short_name=_short(division),
            code=division.code,
            kind=KIND_OF_LEVEL[division.level],
            parent=parent,
        )
        result.created.append(unit)
    else:
        if not unit.code:
            _fill_code(actor, unit, division)
        result.reused.append(unit)
    return unit


def _place_named(actor, *, name, short, kind, parent, result) -> None:
    unit = OrgUnit.objects.filter(parent=parent, name=name).first()
    if unit is None:
        result.created.append(unit_create(actor=actor, name=name, short_name=short, kind=kind, parent=parent))
    else:
        result.reused.append(unit)


@transaction.atomic
def region_setup(
    *,
    actor,
    division_code: str,
    departments: list[TemplateLine] = (),
    parks: list[TemplateLine] = (),
    dry_run: bool = False,
) -> SetupResult:
    """Set up the region of `division_code` (a prefecture: its province above it and its county-level
    units below; a province: its prefectures and all their county-level units), then its departments
    (named with its short name: 昌吉州生态环境局, short name 州生态环境局) and parks. Every unit created is
    audited (orgunits.unit.create) and asks `orgunits.unit.create` of its parent: the office sets up
    only within its area, so its own unit must exist (the administrator's set-up creates it).
    `dry_run` does it all and rolls it back: the preview says exactly what saving would do."""
    division = division_for_setup(division_code)
    result = SetupResult(saved=not dry_run)
    unit = _existing(division, None, anywhere=True)
    if unit is None:
        parent = None
        if division.parent_code:
            parent = _place(actor, divisions.division(division.parent_code), None, result, anywhere=True)
        unit = _place(actor, division, parent, result)
    else:
        require(actor, codes.ORGUNITS_UNIT_CREATE, unit)  # the office sets up its own area only
        if not unit.code:
            _fill_code(actor, unit, division)
        result.reused.append(unit)
    result.unit = unit

    def below(div, under):
        for child in divisions.children(div.code):
            placed = _place(actor, child, under, result)
            if child.level == divisions.PREFECTURE:
                below(child, placed)

    below(division, unit)
    prefix, level = _short(division), level_word(division.name)
    for line in departments:
        name, short = department_names(line, prefix=prefix, level=level)
        _place_named(actor, name=name, short=short, kind=OrgUnitKind.DEPARTMENT, parent=unit, result=result)
    for line in parks:
        _place_named(
            actor, name=line.name, short=line.short_name, kind=OrgUnitKind.PARK, parent=unit, result=result
        )
    if dry_run:
        transaction.set_rollback(True)
    return result
