"""Who may manage people and roles (人员与角色的权限规则), registered with `rectify.orgunits.permissions`
by PeopleConfig.ready().

An office manages the people and roles of its own area (the subtrees it runs as 整改办), not only the
administrator: it grants and withdraws roles on units of its area, creates accounts from a list and
corrects the names and contacts of people whose roles all lie in its area. It never grants or withdraws
系统管理员, never changes an administrator's account, and never withdraws its own 整改办 role (it would
lock itself out; another office above it, or the administrator, can).
"""

from rectify.audit import codes
from rectify.orgunits.models import Role
from rectify.orgunits.permissions import register
from rectify.orgunits.scope import scope_for

NO_OFFICE = "只有整改办可以管理人员和角色"
OUTSIDE = "该单位不在您管理的范围内"
NO_ADMIN = "系统管理员角色只能由系统管理员在后台授予或撤销"


def role_grant(user, unit) -> bool | str:
    """Grant a role on `unit`; with None, on some unit (whether to offer the pages at all)."""
    scope = scope_for(user)
    if unit is None:
        return True if scope.is_admin or scope.office_paths else NO_OFFICE
    return True if scope.manages(unit) else OUTSIDE


def role_change(user, assignment) -> bool | str:
    """Change the reach of, or withdraw, a role held on a unit of the area."""
    if assignment.role == Role.ADMIN and not scope_for(user).is_admin:
        return NO_ADMIN
    return role_grant(user, assignment.unit)


def role_revoke(user, assignment) -> bool | str:
    if assignment.role == Role.OFFICE and assignment.user_id == user.pk and not scope_for(user).is_admin:
        return "不能撤销本人的整改办角色（请由上级整改办或系统管理员撤销）"
    return role_change(user, assignment)


def user_create(user, _unused) -> bool | str:
    return role_grant(user, None)


def user_update(user, person) -> bool | str:
    """Correct `person`'s name, title and contacts: an administrator, or the office over all their roles."""
    scope = scope_for(user)
    if scope.is_admin:
        return True
    if person.is_superuser:
        return NO_ADMIN
    held = list(person.role_assignments.select_related("unit"))
    if any(a.role == Role.ADMIN for a in held):
        return NO_ADMIN
    if not scope.office_paths or not all(scope.manages(a.unit) for a in held):
        return "此人在您管理的范围以外担任角色，其信息只能由系统管理员修改"
    return True


def password_own(user, person) -> bool | str:
    """Change one's own password (anyone signed in)."""
    return True if person.pk == user.pk else "只能修改本人的密码"


RULES = {
    codes.ORGUNITS_ROLE_GRANT: role_grant,
    codes.ORGUNITS_ROLE_UPDATE: role_change,
    codes.ORGUNITS_ROLE_REVOKE: role_revoke,
    codes.ACCOUNTS_USER_CREATE: user_create,
    codes.ACCOUNTS_USER_UPDATE: user_update,
    codes.ACCOUNTS_USER_PASSWORD: password_own,
}


def register_rules() -> None:
    for action, rule in RULES.items():
        register(action, rule)
