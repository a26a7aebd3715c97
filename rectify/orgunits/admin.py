from django.contrib import admin

from rectify.orgunits.models import OrgUnit, RoleAssignment


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "path"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]

    def get_readonly_fields(self, request, obj=None):
        # Moving a unit would re-root its whole subtree and its history: not offered here.
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
