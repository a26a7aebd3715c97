"""Reference data in the Django admin. Day-to-day ledger changes go through the pages and their services."""

from django.contrib import admin

from rectify.ledger.models import Finding, Inspection, Measure, Milestone, Task


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "kind", "round_number", "feedback_on"]
    list_filter = ["kind"]
    search_fields = ["name", "unit__name"]


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ["inspection", "number", "label", "category"]
    list_filter = ["category", "inspection"]
    search_fields = ["text"]


class MeasureInline(admin.TabularInline):
    model = Measure
    extra = 0
    fields = ["number", "text", "responsible_unit"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    """Read-only here: tasks change through the ledger's pages so every change is checked and audited."""

    list_display = ["inspection", "number", "title", "lead_unit", "state", "due_on"]
    list_filter = ["state", "inspection"]
    search_fields = ["title"]
    inlines = [MilestoneInline, MeasureInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
