"""Every row that points at a unit, found through Django's model metadata (never a hand-kept list), and
how a merge moves it: the merge of unit A into B re-points each of them from A to B.

The unit tree sits below the ledger and the rounds, so it cannot import them: a task's lead unit, a
round's submission, an import job are reached as foreign keys to OrgUnit, whatever app declares them.
A many-to-many (a task's cooperating units) is reached through its table's foreign key.

Where a foreign key is part of a uniqueness rule, A's row may collide with B's (the same person holding
the same role on both). Then:
  - DROP_DUPLICATE: the two rows say the same thing (a many-to-many pair, a role grant): A's goes.
  - REFUSE: the rows are separate records (two submissions of one round): the merge is refused with
    a message naming them, and nothing changes.
"""

from dataclasses import dataclass

from django.db import models

from rectify.orgunits.models import OrgUnit, RoleAssignment

REPOINT = "repoint"
DROP_DUPLICATE = "drop_duplicate"
REFUSE = "refuse"
CHILDREN = "children"


@dataclass(frozen=True)
class UnitReference:
    """A foreign key to OrgUnit: the model holding it, the field, and the merge's policy for it."""

    model: type[models.Model]
    field: models.ForeignKey
    unique_with: tuple[tuple[str, ...], ...]
    policy: str

    @property
    def label(self) -> str:
        return f"{self.model._meta.label}.{self.field.name}"

    @property
    def shown(self) -> str:
        """In Chinese: 整改任务·牵头单位 (a many-to-many's table by its field: 整改任务·配合单位)."""
        owner = self.model._meta.auto_created
        if owner:
            m2m = next(f for f in owner._meta.many_to_many if f.remote_field.through is self.model)
            return f"{owner._meta.verbose_name}·{m2m.verbose_name}"
        return f"{self.model._meta.verbose_name}·{self.field.verbose_name}"


def _unique_with(model, field) -> tuple[tuple[str, ...], ...]:
    """The other fields each uniqueness rule of `model` that includes `field` pairs it with."""
    sets = [
        tuple(c.fields)
        for c in model._meta.constraints
        if isinstance(c, models.UniqueConstraint) and c.fields
    ]
    sets += [tuple(fields) for fields in model._meta.unique_together]
    if field.unique:
        sets.append((field.name,))
    return tuple(tuple(f for f in fields if f != field.name) for fields in sets if field.name in fields)


def unit_references() -> list[UnitReference]:
    """Every foreign key to OrgUnit in the project (the hidden ones, related_name="+", and the tables of
    many-to-many fields included), with its merge policy, in a stable order."""
    found = []
    for relation in OrgUnit._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete and relation.is_relation):
            continue
        if relation.many_to_many:
            continue  # reached through its table's own foreign key, listed separately
        model, field = relation.related_model, relation.field
        unique_with = _unique_with(model, field)
        if model is OrgUnit and field.name == "parent":
            policy = CHILDREN
        elif not unique_with:
            policy = REPOINT
        elif model._meta.auto_created or model is RoleAssignment:
            policy = DROP_DUPLICATE
        else:
            policy = REFUSE
        found.append(UnitReference(model=model, field=field, unique_with=unique_with, policy=policy))
    return sorted(found, key=lambda r: r.label)


def _colliding(reference: UnitReference, unit: OrgUnit, into: OrgUnit) -> models.QuerySet:
    """Rows pointing at `unit` that would break a uniqueness rule once they point at `into`."""
    manager = reference.model._base_manager
    name = reference.field.name
    colliding = manager.none()
    for others in reference.unique_with:
        if not others:  # the field alone is unique (a one-to-one): any row of B's collides
            if manager.filter(**{name: into}).exists():
                colliding |= manager.filter(**{name: unit})
            continue
        keys = set(manager.filter(**{name: into}).values_list(*others))
        ids = [
            row[0]
            for row in manager.filter(**{name: unit}).values_list("pk", *others)
            if tuple(row[1:]) in keys
        ]
        colliding |= manager.filter(pk__in=ids)
    return colliding


def conflicts(unit: OrgUnit, into: OrgUnit) -> list[str]:
    """Why `unit` cannot be merged into `into` (records that would collide), in Chinese; empty if it can."""
    problems = []
    for reference in unit_references():
        if reference.policy == REFUSE:
            count = _colliding(reference, unit, into).count()
            if count:
                problems.append(
                    f"两个单位都有{reference.model._meta.verbose_name}（{count}条，如同一轮调度各有一份报送），"
                    "不能合并：请先处理这些记录"
                )
    return problems


def repoint(unit: OrgUnit, into: OrgUnit) -> dict[str, int]:
    """Point every row that points at `unit` at `into` (the tree's own parent links excepted: the
    merge moves the children); returns {reference label: rows moved}. Call inside the merge's
    transaction, after `conflicts` found none."""
    moved = {}
    for reference in unit_references():
        if reference.policy == CHILDREN:
            continue
        manager = reference.model._base_manager
        if reference.policy == DROP_DUPLICATE:
            duplicates = _colliding(reference, unit, into)
            if reference.model is RoleAssignment:
                _keep_subtree(duplicates, into)
            duplicates.delete()
        moved[reference.shown] = manager.filter(**{reference.field.name: unit}).update(
            **{reference.field.name: into}
        )
    return moved


def _keep_subtree(duplicates, into: OrgUnit) -> None:
    """A role held on both units keeps B's grant; it covers the subtree if either grant did."""
    for grant in duplicates.filter(include_subtree=True):
        RoleAssignment.objects.filter(user_id=grant.user_id, role=grant.role, unit=into).update(
            include_subtree=True
        )
