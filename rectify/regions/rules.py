"""Who may change the unit tree: the rules registered under the services' audit codes.

orgunits.unit.create   obj: the parent — the administrator anywhere (a root too), the office within
                       its area (its own unit included: it adds counties, parks, departments below it)
orgunits.unit.rename   obj: the unit — the administrator; the office within its area
orgunits.unit.move     obj: the unit moved — the administrator; the office within its area, not its own unit
orgunits.unit.merge    obj: the unit merged away — as for a move (the receiving unit needs `create`)
"""

from rectify.audit import codes
from rectify.orgunits.permissions import register
from rectify.orgunits.scope import scope_for


def _may_create_under(user, parent) -> bool | str:
    scope = scope_for(user)
    if parent is None:
        return scope.is_admin or "只有系统管理员可以新增最上级单位"
    return scope.manages(parent) or "只能在本整改办负责的区域内设置单位"


def _may_rename(user, unit) -> bool | str:
    return scope_for(user).manages(unit) or "只能修改本整改办负责区域内的单位"


def _may_rearrange(user, unit) -> bool | str:
    scope = scope_for(user)
    if scope.is_admin:
        return True
    if unit.path in scope.office_paths:
        return "整改办不能移动或合并本级单位，请联系系统管理员"
    return scope.manages(unit) or "只能调整本整改办负责区域内的单位"


def register_rules() -> None:
    register(codes.ORGUNITS_UNIT_CREATE, _may_create_under)
    register(codes.ORGUNITS_UNIT_RENAME, _may_rename)
    register(codes.ORGUNITS_UNIT_MOVE, _may_rearrange)
    register(codes.ORGUNITS_UNIT_MERGE, _may_rearrange)
