"""Who holds a role on a unit (本单位的联络员、领导…): the recipients of the messages about the unit."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from rectify.orgunits.models import OrgUnit, RoleAssignment


def people_holding(unit: OrgUnit, role: str):
    """Active people holding `role` on `unit`, or on a unit above it with its subtree."""
    ancestors = [int(i) for i in unit.path.strip("/").split("/") if i]
    return (
        get_user_model()
        .objects.filter(is_active=True, role_assignments__role=role)
        .filter(
            Q(role_assignments__unit_id=unit.pk)
            | Q(role_assignments__include_subtree=True, role_assignments__unit_id__in=ancestors)
        )
        .distinct()
    )


def people_holding_each(units, role: str) -> dict[int, list]:
    """{unit id: the active people holding `role` on it or above it with its subtree} for many units, in
    one query (a round opened for a thousand units tells each unit's liaisons)."""
    units = list(units)
    ancestors = {unit.pk: [int(i) for i in unit.path.strip("/").split("/") if i] for unit in units}
    wanted = {pk for chain in ancestors.values() for pk in chain} | {unit.pk for unit in units}
    held: dict[int, list] = {}
    assignments = RoleAssignment.objects.filter(role=role, unit_id__in=wanted, user__is_active=True)
    for grant in assignments.select_related("user").order_by("user_id"):
        held.setdefault(grant.unit_id, []).append(grant)
    result = {}
    for unit in units:
        people = {g.user_id: g.user for g in held.get(unit.pk, ())}
        for above in ancestors[unit.pk]:
            if above != unit.pk:
                people.update({g.user_id: g.user for g in held.get(above, ()) if g.include_subtree})
        result[unit.pk] = list(people.values())
    return result
