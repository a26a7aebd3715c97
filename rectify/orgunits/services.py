"""Changes to the unit tree and to role assignments."""

from django.db import transaction

from rectify.orgunits.models import OrgUnit, Role, RoleAssignment


@transaction.atomic
def orgunit_create(
    *,
    name: str,
    kind: str,
    parent: OrgUnit | None = None,
    short_name: str = "",
    sort_order: int = 0,
    code: str = "",
) -> OrgUnit:
    """Create a unit under `parent` and fill in its materialised path (unaudited: for the demo and the
    tests; people add units through `regions.tree.unit_create`)."""
    unit = OrgUnit.objects.create(
        name=name, short_name=short_name, kind=kind, parent=parent, sort_order=sort_order, code=code
    )
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.depth = parent.depth + 1 if parent else 0
    unit.save(update_fields=["path", "depth"])
    return unit


def role_assign(*, user, role: Role | str, unit: OrgUnit, include_subtree: bool = False) -> RoleAssignment:
    """Give `user` a role on `unit` (idempotent)."""
    assignment, _ = RoleAssignment.objects.update_or_create(
        user=user, role=role, unit=unit, defaults={"include_subtree": include_subtree}
    )
    return assignment
