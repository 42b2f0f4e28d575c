"""Django admin for organisations and users only; never case content (docs/architecture.md#rules)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from spor.organisations.models import Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "type"]
    list_filter = ["type"]
    search_fields = ["name"]


@admin.register(User)
class SporUserAdmin(UserAdmin):
    list_display = ["username", "organisation", "role", "is_active"]
    list_filter = ["role", "organisation", "is_active"]
    fieldsets = (*(UserAdmin.fieldsets or ()), ("Spor", {"fields": ("organisation", "role")}))
