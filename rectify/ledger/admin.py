"""The ledger in the Django admin, read-only: changes go through the ledger's pages and their services,
so every change is checked, audited and keeps the stored schedule flags right (ledger/flags.py)."""

from django.contrib import admin

from rectify.ledger.models import Finding, FlagsRun, Inspection, Measure, Milestone, Task


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ["name", "unit", "kind", "round_number", "feedback_on"]
    list_filter = ["kind"]
    search_fields = ["name", "unit__name"]


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ["inspection", "number", "label", "category"]
    list_filter = ["category", "inspection"]
    search_fields = ["text"]


class MeasureInline(ReadOnlyInline):
    model = Measure
    fields = ["number", "text", "responsible_unit"]


class MilestoneInline(ReadOnlyInline):
    model = Milestone


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ["inspection", "number", "title", "lead_unit", "state", "schedule_flag", "due_on"]
    list_filter = ["state", "schedule_flag", "inspection"]
    search_fields = ["title"]
    inlines = [MilestoneInline, MeasureInline]


@admin.register(FlagsRun)
class FlagsRunAdmin(ReadOnlyAdmin):
    """The daily flag computation's record: shows whether the job has been running."""

    list_display = ["day", "started_at", "finished_at", "changed"]
