from django.contrib import admin

from rectify.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "action", "code", "object_type", "object_repr"]
    list_filter = ["code", "action", "object_type"]
    search_fields = ["object_repr", "reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Users, role assignments and units: the same admin pages, each change written to the log (admin_trail.py).
from rectify.accounts.models import User  # noqa: E402
from rectify.audit.admin_trail import (  # noqa: E402
    AuditedOrgUnitAdmin,
    AuditedRoleAssignmentAdmin,
    AuditedUserAdmin,
)
from rectify.orgunits.models import OrgUnit, RoleAssignment  # noqa: E402

for model, audited in (
    (User, AuditedUserAdmin),
    (RoleAssignment, AuditedRoleAssignmentAdmin),
    (OrgUnit, AuditedOrgUnitAdmin),
):
    admin.site.unregister(model)
    admin.site.register(model, audited)
