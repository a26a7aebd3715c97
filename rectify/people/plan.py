"""What importing a people list would do (人员导入预览): accounts created or updated, roles granted.

    plan = people_import_plan(actor=office_user, rows=grid_rows, within=None)
    plan.errors        every problem, each naming its row and column: nothing is written if there is one
    plan.people        one PersonPlan per person (a person may span rows: roles on several units)

The plan reads the database and changes nothing; `services.people_import_apply` makes the plan again
inside its transaction and carries it out. People are matched to existing accounts by 用户名, else by
电话 (or a user name equal to it), else by 电子邮箱, so importing the same list twice changes nothing the
second time. Roles are only granted (or their reach changed), never withdrawn: withdrawing is a
decision made on the roles page, one role at a time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.functions import Lower

from rectify.audit import codes
from rectify.orgunits.models import OrgUnit, Role, RoleAssignment
from rectify.orgunits.permissions import may
from rectify.people.area import area_paths, paths_q
from rectify.people.sheet import (
    EMAIL,
    LABEL_BY_ROLE,
    PERSON_FIELDS,
    PHONE,
    UNIT,
    PersonRow,
    read_people_sheet,
    where,
)
from rectify.people.unit_names import UnitNames

ROLE_LABELS = dict(Role.choices)


@dataclass
class Grant:
    role: str
    unit: OrgUnit
    include_subtree: bool
    assignment: RoleAssignment | None = None  # set when the role is held already, with another reach

    @property
    def label(self) -> str:
        reach = "（含下级）" if self.include_subtree else ""
        return f"{LABEL_BY_ROLE.get(self.role, self.role)}·{self.unit}{reach}"


@dataclass
class PersonPlan:
    rows: list[int]
    full_name: str
    username: str
    user: object | None  # the existing account, or None: a new one
    values: dict[str, str]  # the person's fields the list states
    changes: dict[str, tuple[str, str]] = field(default_factory=dict)  # field → (before, after)
    grants: list[Grant] = field(default_factory=list)  # roles not held yet
    reaches: list[Grant] = field(default_factory=list)  # roles held with another reach
    is_new: bool = False  # no account yet: the import creates one (and sets `user` when it has)

    def __post_init__(self):
        self.is_new = self.user is None

    @property
    def is_unchanged(self) -> bool:
        return not self.is_new and not self.changes and not self.grants and not self.reaches

    @property
    def row_label(self) -> str:
        return "、".join(str(r) for r in self.rows)


@dataclass
class PeoplePlan:
    people: list[PersonPlan] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    row_count: int = 0

    @property
    def created(self) -> list[PersonPlan]:
        return [p for p in self.people if p.is_new]

    @property
    def updated(self) -> list[PersonPlan]:
        return [p for p in self.people if not p.is_new and p.changes]

    @property
    def grant_count(self) -> int:
        return sum(len(p.grants) + len(p.reaches) for p in self.people)

    @property
    def unchanged_count(self) -> int:
        return sum(1 for p in self.people if p.is_unchanged)

    @property
    def is_empty(self) -> bool:
        return all(p.is_unchanged for p in self.people)


def _new_username(person: PersonRow) -> str:
    if person.username:
        return person.username
    if person.phone:
        return re.sub(r"[\s转#]", "", person.phone)
    return person.email.lower()


class _Accounts:
    """The existing accounts the list may name, read in one query."""

    def __init__(self, people: list[PersonRow]):
        names = {p.username for p in people if p.username} | {_new_username(p) for p in people}
        phones = {p.phone for p in people if p.phone}
        emails = {p.email.lower() for p in people if p.email}
        users = (
            get_user_model()
            .objects.annotate(email_lower=Lower("email"))
            .filter(Q(username__in=names) | Q(phone__in=phones) | Q(email_lower__in=emails))
        )
        self.by_username, self.by_phone, self.by_email = {}, {}, {}
        for user in users:
            self.by_username[user.username] = user
            if user.phone:
                self.by_phone.setdefault(user.phone, []).append(user)
            if user.email:
                self.by_email.setdefault(user.email.lower(), []).append(user)

    def match(self, person: PersonRow) -> tuple[object | None, str | None]:
        kind, value = person.key
        if kind == "username":
            user = self.by_username.get(value)
            if user is None:
                return None, self._taken(person)
            return user, None
        found = {u.pk: u for u in (self.by_phone if kind == "phone" else self.by_email).get(value, [])}
        also = self.by_username.get(_new_username(person))
        if also is not None:
            found[also.pk] = also
        if len(found) > 1:
            column = PHONE if kind == "phone" else EMAIL
            shown = "、".join(sorted(u.username for u in found.values()))
            return (
                None,
                f"{where(person.row, column)}：“{value}”对应多个账号（{shown}），请填写「用户名」指明是哪一个",
            )
        return next(iter(found.values()), None), None

    def _taken(self, person: PersonRow) -> str | None:
        """A new user name whose phone or e-mail already belongs to an account: the same person, twice?"""
        for column, value, index in (
            (PHONE, person.phone, self.by_phone),
            (EMAIL, person.email.lower(), self.by_email),
        ):
            owners = index.get(value, []) if value else []
            if owners:
                return (
                    f"{where(person.row, column)}：“{value}”已属于账号“{owners[0].username}”，而「用户名」填的是"
                    f"“{person.username}”；如是同一人请填写“{owners[0].username}”，否则请更正电话或电子邮箱"
                )
        return None


def people_import_plan(*, actor, rows: list[list], within: OrgUnit | None = None) -> PeoplePlan:
    """The plan of importing `rows` (the sheet's cells) as `actor` (None: the system), see the docstring."""
    reading = read_people_sheet(rows)
    plan = PeoplePlan(errors=list(reading.errors), row_count=len(reading.people))
    if reading.errors and not reading.people:
        return plan
    paths = area_paths(actor, within)
    names = UnitNames(OrgUnit.objects.filter(paths_q(paths)).order_by("path"))
    accounts = _Accounts(reading.people)
    by_key: dict[tuple[str, str], PersonPlan] = {}
    units_of: list[tuple[PersonPlan, PersonRow, OrgUnit]] = []
    new_usernames: dict[str, PersonRow] = {}
    for person in reading.people:
        unit, problem = names.find(person.unit)
        if problem:
            plan.errors.append(f"{where(person.row, UNIT)}：{problem}")
        planned = by_key.get(person.key)
        if planned is None:
            user, problem = accounts.match(person)
            if problem:
                plan.errors.append(problem)
                continue
            values = {attr: getattr(person, attr) for column, attr in PERSON_FIELDS if reading.stated(column)}
            values["full_name"] = person.full_name
            username = user.username if user is not None else _new_username(person)
            planned = PersonPlan([], person.full_name, username, user, values)
            by_key[person.key] = planned
            plan.people.append(planned)
            if user is None:
                earlier = new_usernames.setdefault(username, person)
                if earlier is not person:
                    plan.errors.append(
                        f"{where(person.row)}：新账号的用户名“{username}”与第{earlier.row}行相同，请填写不同的「用户名」"
                    )
            else:
                _plan_changes(actor, planned, person.row, paths, plan.errors)
        planned.rows.append(person.row)
        if unit is not None:
            units_of.append((planned, person, unit))
    _plan_grants(actor, units_of, plan.errors)
    return plan


def _plan_changes(actor, planned: PersonPlan, row: int, paths, errors: list[str]) -> None:
    user = planned.user
    for attribute, value in planned.values.items():
        if attribute == "full_name" and not user.full_name and value == user.username:
            continue  # an account without a name is exported under its user name: no change
        if getattr(user, attribute) != value:
            planned.changes[attribute] = (getattr(user, attribute), value)
    if not user.is_active:
        errors.append(f"{where(row)}：账号“{user.username}”已停用，请先由系统管理员启用")
    elif planned.changes and not may(actor, codes.ACCOUNTS_USER_UPDATE, user):
        errors.append(
            f"{where(row)}：账号“{user.username}”在您管理的范围以外担任角色，不能在此修改其姓名、职务或联系方式"
            "（请与表中原样一致，或请系统管理员修改）"
        )


def _plan_grants(actor, units_of, errors: list[str]) -> None:
    users = [p.user.pk for p, _, _ in units_of if p.user is not None]
    held = {
        (a.user_id, a.role, a.unit_id): a
        for a in RoleAssignment.objects.filter(user_id__in=users, unit_id__in={u.pk for _, _, u in units_of})
    }
    seen: set[tuple[int, str, int]] = set()
    for planned, person, unit in units_of:
        if not may(actor, codes.ORGUNITS_ROLE_GRANT, unit):
            errors.append(f"{where(person.row, UNIT)}：找不到单位“{person.unit}”")
            continue
        for role, subtree in person.roles:
            mark = (id(planned), role, unit.pk)
            if mark in seen:
                continue
            seen.add(mark)
            current = held.get((planned.user.pk, role, unit.pk)) if planned.user is not None else None
            if current is None:
                planned.grants.append(Grant(role, unit, subtree))
            elif current.include_subtree != subtree:
                planned.reaches.append(Grant(role, unit, subtree, assignment=current))
