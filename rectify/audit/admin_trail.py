"""The admin's security-relevant changes written to the audit log: users, role assignments and units.

The admin classes live with their models (accounts, orgunits), which sit below the audit log in the
layers and cannot call it; `rectify/audit/admin.py` registers these audited subclasses in their place.
Passwords are never written, not even as hashes: an event says only that one was set or changed.
"""

from django.db import transaction

from rectify.accounts.admin import RectifyUserAdmin
from rectify.audit import codes
from rectify.audit.services import audit_record, diff, snapshot
from rectify.orgunits.admin import OrgUnitAdmin, RoleAssignmentAdmin

USER_FIELDS = [
    "username",
    "full_name",
    "title",
    "phone",
    "email",
    "first_name",
    "last_name",
    "is_active",
    "is_staff",
    "is_superuser",
]
ROLE_FIELDS = ["user", "role", "unit", "include_subtree"]
UNIT_FIELDS = ["name", "short_name", "kind", "parent", "path"]


def _user_access(user) -> dict:
    """The user's groups and individual permissions, by name."""
    return {
        "groups": sorted(g.name for g in user.groups.all()),
        "user_permissions": sorted(
            f"{p.content_type.app_label}.{p.codename}" for p in user.user_permissions.all()
        ),
    }


class AuditedUserAdmin(RectifyUserAdmin):
    """User admin whose every add, change, password change and delete writes one audit event."""

    def save_model(self, request, obj, form, change):
        if change:
            stored = type(obj).objects.get(pk=obj.pk)
            request._rectify_user_before = {**snapshot(stored, USER_FIELDS), **_user_access(stored)}
        else:
            request._rectify_user_before = {}
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        before = getattr(request, "_rectify_user_before", {})
        after = {**snapshot(user, USER_FIELDS), **_user_access(user)}
        if change:
            changes = diff(before, after)
            if changes:
                audit_record(
                    actor=request.user,
                    action="修改用户",
                    code=codes.ACCOUNTS_USER_UPDATE,
                    obj=user,
                    changes=changes,
                )
        else:
            changes = {k: [None, v] for k, v in after.items() if v not in ("", [], None)}
            changes["has_usable_password"] = [None, user.has_usable_password()]
            audit_record(
                actor=request.user,
                action="新增用户",
                code=codes.ACCOUNTS_USER_CREATE,
                obj=user,
                changes=changes,
            )

    def user_change_password(self, request, id, form_url=""):
        with transaction.atomic():
            model = self.model
            before = model.objects.filter(pk=id).values_list("password", flat=True).first()
            response = super().user_change_password(request, id, form_url)
            user = model.objects.filter(pk=id).first()
            if user is not None and before is not None and user.password != before:
                usable = user.has_usable_password()
                audit_record(
                    actor=request.user,
                    action="修改用户密码" if usable else "停用用户密码登录",
                    code=codes.ACCOUNTS_USER_PASSWORD,
                    obj=user,
                    changes={"has_usable_password": [None, usable]},
                )
        return response

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit_record(
                actor=request.user,
                action="删除用户",
                code=codes.ACCOUNTS_USER_DELETE,
                obj=obj,
                changes=_deleted(obj, USER_FIELDS),
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                audit_record(
                    actor=request.user,
                    action="删除用户",
                    code=codes.ACCOUNTS_USER_DELETE,
                    obj=obj,
                    changes=_deleted(obj, USER_FIELDS),
                )
            super().delete_queryset(request, queryset)


class AuditedChangesMixin:
    """An admin whose every add, change and delete writes one audit event with the `audit_fields`."""

    audit_fields: list[str]
    audit_actions: tuple[str, str, str]  # the actions' labels: added, changed, deleted
    audit_codes: tuple[str, str, str]  # and their codes (audit.codes)

    def save_model(self, request, obj, form, change):
        before = snapshot(type(obj).objects.get(pk=obj.pk), self.audit_fields) if change else {}
        super().save_model(request, obj, form, change)
        after = snapshot(obj, self.audit_fields)
        (added, changed, _), (added_code, changed_code, _) = self.audit_actions, self.audit_codes
        if change:
            changes = diff(before, after)
            if changes:
                audit_record(actor=request.user, action=changed, code=changed_code, obj=obj, changes=changes)
        else:
            audit_record(
                actor=request.user,
                action=added,
                code=added_code,
                obj=obj,
                changes={k: [None, v] for k, v in after.items()},
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            deleted = self.audit_actions[2]
            audit_record(
                actor=request.user,
                action=deleted,
                code=self.audit_codes[2],
                obj=obj,
                changes=_deleted(obj, self.audit_fields),
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                changes = _deleted(obj, self.audit_fields)
                audit_record(
                    actor=request.user,
                    action=self.audit_actions[2],
                    code=self.audit_codes[2],
                    obj=obj,
                    changes=changes,
                )
            super().delete_queryset(request, queryset)


class AuditedRoleAssignmentAdmin(AuditedChangesMixin, RoleAssignmentAdmin):
    """Role assignment admin whose every grant, change and revocation writes one audit event."""

    audit_fields = ROLE_FIELDS
    audit_actions = ("授予角色", "修改角色授予", "撤销角色")
    audit_codes = (codes.ORGUNITS_ROLE_GRANT, codes.ORGUNITS_ROLE_UPDATE, codes.ORGUNITS_ROLE_REVOKE)


class AuditedOrgUnitAdmin(AuditedChangesMixin, OrgUnitAdmin):
    """Unit admin whose every new unit, change (name, kind: what a role's reach is read from) and deletion
    writes one audit event."""

    audit_fields = UNIT_FIELDS
    audit_actions = ("新增单位", "修改单位", "删除单位")
    audit_codes = (codes.ORGUNITS_UNIT_CREATE, codes.ORGUNITS_UNIT_UPDATE, codes.ORGUNITS_UNIT_DELETE)


def _deleted(obj, fields) -> dict:
    return {k: [v, None] for k, v in snapshot(obj, fields).items()}
