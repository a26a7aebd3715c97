from django.contrib import admin

from rectify.orgunits.models import OrgUnit, RoleAssignment


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "code", "kind", "parent", "path"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "code"]

    def get_readonly_fields(self, request, obj=None):
        # Moving a unit re-roots its whole subtree: done on the unit's page (/units/<id>/), audited.
        return ["path", "depth", "parent"] if obj else ["path", "depth"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            obj.path = f"{obj.parent.path if obj.parent else '/'}{obj.pk}/"
            obj.depth = obj.parent.depth + 1 if obj.parent else 0
            obj.save(update_fields=["path", "depth"])


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit", "include_subtree"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__full_name", "unit__name"]
    autocomplete_fields = ["user", "unit"]
