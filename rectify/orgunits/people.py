"""Who holds a role on a unit (本单位的联络员、领导…): the recipients of the messages about the unit."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from rectify.orgunits.models import OrgUnit


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
