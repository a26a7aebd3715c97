"""Changes to people and their roles (人员与角色): the import of a people list, a role granted or withdrawn
by the office, one's own password changed. Each is one transaction, checks the actor's permission
(`rectify.orgunits.permissions`, rules in `people.rules`) and writes audit events with the codes the
admin's trail uses (`accounts.user.*`, `orgunits.role.*`).

A command run with no person named acts as the system actor (`accounts.commands.system_actor`, an
administrator nobody signs in as), so its events name it as theirs.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from rectify.accounts.one_time import one_time_hash, one_time_password
from rectify.audit import codes
from rectify.audit.services import audit_record, audit_record_many
from rectify.orgunits.models import OrgUnit, Role, RoleAssignment
from rectify.orgunits.permissions import require
from rectify.people.plan import PeoplePlan, people_import_plan


@dataclass(frozen=True)
class NewAccount:
    """An account the import created, with its one-time password: shown once, never stored in clear."""

    rows: str
    full_name: str
    username: str
    password: str
    roles: str


@dataclass(frozen=True)
class PeopleImportResult:
    plan: PeoplePlan
    accounts: tuple[NewAccount, ...]


def _reason(actor, source: str) -> str:
    return f"人员名单“{source}”" if source else "人员名单"


@transaction.atomic
def people_import_apply(*, actor, rows: list[list], source: str = "", within: OrgUnit | None = None):
    """Import a people list (人员导入), all or nothing: the plan is made again here, and any error in it
    raises ValidationError with every message, changing nothing. New accounts get a one-time password
    and must change it at first login; existing ones are updated; roles are granted. Returns the result
    with the new accounts' passwords, which exist nowhere else."""
    require(actor, codes.ORGUNITS_ROLE_GRANT, None)
    plan = people_import_plan(actor=actor, rows=rows, within=within)
    if plan.errors:
        raise ValidationError(plan.errors)
    reason = _reason(actor, source)
    User = get_user_model()
    passwords: dict[str, str] = {}
    fresh = []
    for person in plan.created:
        passwords[person.username] = one_time_password()
        fresh.append(
            User(
                username=person.username,
                password=one_time_hash(passwords[person.username]),
                must_change_password=True,
                **person.values,
            )
        )
    created = User.objects.bulk_create(fresh, batch_size=500)
    for person, user in zip(plan.created, created, strict=True):
        person.user = user
    audit_record_many(
        actor=actor,
        action="新增用户",
        code=codes.ACCOUNTS_USER_CREATE,
        reason=reason,
        items=[
            (user, {"username": [None, user.username], "must_change_password": [None, True]} | _new(p.values))
            for p, user in zip(plan.created, created, strict=True)
        ],
    )
    updated = plan.updated
    for person in updated:
        for attribute, (_, after) in person.changes.items():
            setattr(person.user, attribute, after)
    fields = sorted({a for p in updated for a in p.changes})
    if fields:
        User.objects.bulk_update([p.user for p in updated], fields, batch_size=500)
    audit_record_many(
        actor=actor,
        action="修改用户",
        code=codes.ACCOUNTS_USER_UPDATE,
        reason=reason,
        items=[(p.user, {k: list(v) for k, v in p.changes.items()}) for p in updated],
    )
    grants = [
        RoleAssignment(user=p.user, role=g.role, unit=g.unit, include_subtree=g.include_subtree)
        for p in plan.people
        for g in p.grants
    ]
    RoleAssignment.objects.bulk_create(grants, batch_size=500)
    audit_record_many(
        actor=actor,
        action="授予角色",
        code=codes.ORGUNITS_ROLE_GRANT,
        reason=reason,
        items=[(a, _grant_changes(a)) for a in grants],
    )
    reaches = [(g.assignment, g.include_subtree) for p in plan.people for g in p.reaches]
    for assignment, subtree in reaches:
        assignment.include_subtree = subtree
    RoleAssignment.objects.bulk_update([a for a, _ in reaches], ["include_subtree"], batch_size=500)
    audit_record_many(
        actor=actor,
        action="修改角色授予",
        code=codes.ORGUNITS_ROLE_UPDATE,
        reason=reason,
        items=[(a, {"include_subtree": [not s, s]}) for a, s in reaches],
    )
    accounts = tuple(
        NewAccount(
            rows=p.row_label,
            full_name=p.full_name,
            username=p.username,
            password=passwords[p.username],
            roles="；".join(g.label for g in p.grants),
        )
        for p in plan.created
    )
    return PeopleImportResult(plan=plan, accounts=accounts)


def _new(values: dict) -> dict:
    return {k: [None, v] for k, v in values.items() if v}


def _grant_changes(assignment: RoleAssignment) -> dict:
    return {
        "user": [None, str(assignment.user)],
        "role": [None, assignment.role],
        "unit": [None, str(assignment.unit)],
        "include_subtree": [None, assignment.include_subtree],
    }


@transaction.atomic
def role_grant(*, actor, user, role: str, unit: OrgUnit, include_subtree: bool) -> RoleAssignment:
    """Grant `user` a role on `unit` (授予角色), or change its reach if it is held already."""
    if role == Role.ADMIN or role not in Role.values:
        raise PermissionDenied("系统管理员角色只能由系统管理员在后台授予")
    require(actor, codes.ORGUNITS_ROLE_GRANT, unit)
    current = RoleAssignment.objects.select_for_update().filter(user=user, role=role, unit=unit).first()
    if current is None:
        assignment = RoleAssignment.objects.create(
            user=user, role=role, unit=unit, include_subtree=include_subtree
        )
        audit_record(
            actor=actor,
            action="授予角色",
            code=codes.ORGUNITS_ROLE_GRANT,
            obj=assignment,
            changes=_grant_changes(assignment),
            reason="",
        )
        return assignment
    if current.include_subtree != include_subtree:
        current.include_subtree = include_subtree
        current.save(update_fields=["include_subtree"])
        audit_record(
            actor=actor,
            action="修改角色授予",
            code=codes.ORGUNITS_ROLE_UPDATE,
            obj=current,
            changes={"include_subtree": [not include_subtree, include_subtree]},
        )
    return current


@transaction.atomic
def role_withdraw(*, actor, assignment: RoleAssignment, reason: str = "") -> None:
    """Withdraw a role (撤销角色): the assignment is deleted, the event keeps what it was."""
    assignment = (
        RoleAssignment.objects.select_for_update().select_related("user", "unit").get(pk=assignment.pk)
    )
    require(actor, codes.ORGUNITS_ROLE_REVOKE, assignment)
    audit_record(
        actor=actor,
        action="撤销角色",
        code=codes.ORGUNITS_ROLE_REVOKE,
        obj=assignment,
        changes={k: [v[1], None] for k, v in _grant_changes(assignment).items()},
        reason=reason,
    )
    assignment.delete()


@transaction.atomic
def password_change_own(*, actor, password: str) -> None:
    """A person changes their own password (修改本人密码), which ends the use of a one-time password.
    The password is checked by the form (Django's validators); the event says only that it changed."""
    require(actor, codes.ACCOUNTS_USER_PASSWORD, actor)
    was_one_time = actor.must_change_password
    actor.set_password(password)
    actor.must_change_password = False
    actor.save(update_fields=["password", "must_change_password"])
    audit_record(
        actor=actor,
        action="修改本人密码",
        code=codes.ACCOUNTS_USER_PASSWORD,
        obj=actor,
        changes={"must_change_password": [True, False]} if was_one_time else {},
    )
