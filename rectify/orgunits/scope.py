"""What part of the unit tree a user's roles reach: the one input of every scoped read and write check."""

from dataclasses import dataclass, field

from rectify.orgunits.models import OrgUnit, Role


@dataclass(frozen=True)
class Scope:
    """The reach of one user's role assignments.

    `*_paths` are subtree prefixes ("/1/7/"); `liaison_unit_ids` are units held without their subtree.
    """

    user_id: int | None
    is_admin: bool = False
    office_paths: tuple[str, ...] = ()
    observer_paths: tuple[str, ...] = ()
    liaison_paths: tuple[str, ...] = ()
    liaison_unit_ids: frozenset[int] = field(default_factory=frozenset)
    is_leader: bool = False

    @property
    def reading_paths(self) -> tuple[str, ...]:
        """Subtrees whose whole ledger the user may read (office and observers)."""
        return self.office_paths + self.observer_paths

    def manages(self, unit: OrgUnit) -> bool:
        """Whether the user runs the office (or administers) over `unit`."""
        return self.is_admin or any(unit.path.startswith(p) for p in self.office_paths)

    def liaises_for(self, unit: OrgUnit) -> bool:
        """Whether the user is a liaison officer of `unit` (directly or through a subtree assignment)."""
        return unit.pk in self.liaison_unit_ids or any(unit.path.startswith(p) for p in self.liaison_paths)


ANONYMOUS = Scope(user_id=None)


def scope_for(user) -> Scope:
    """The scope of `user`, computed once per user object (one query)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_rectify_scope", None)
    if cached is not None:
        return cached
    office, observer, liaison_paths, liaison_ids = [], [], [], set()
    is_admin, is_leader = user.is_superuser, False
    for role, path, unit_id, subtree in user.role_assignments.values_list(
        "role", "unit__path", "unit_id", "include_subtree"
    ):
        if role == Role.ADMIN:
            is_admin = True
        elif role == Role.LEADER:
            is_leader = True
        elif role == Role.OFFICE:
            office.append(path)
        elif role == Role.OBSERVER:
            observer.append(path)
        elif role == Role.LIAISON:
            if subtree:
                liaison_paths.append(path)
            else:
                liaison_ids.add(unit_id)
    scope = Scope(
        user_id=user.pk,
        is_admin=is_admin,
        office_paths=tuple(office),
        observer_paths=tuple(observer),
        liaison_paths=tuple(liaison_paths),
        liaison_unit_ids=frozenset(liaison_ids),
        is_leader=is_leader,
    )
    user._rectify_scope = scope
    return scope
