from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from rectify.accounts.models import User


@admin.register(User)
class RectifyUserAdmin(UserAdmin):
    list_display = ["username", "full_name", "title", "phone", "is_active"]
    search_fields = ["username", "full_name", "title"]
    fieldsets = (
        *UserAdmin.fieldsets,
        ("整改职务", {"fields": ("full_name", "title", "phone", "must_change_password")}),
    )
