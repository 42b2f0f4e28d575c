"""Django admin for organisations and users only; never case content (docs/architecture.md#permissions).

The administrator manages accounts, not cases, so the admin is built to keep it that way:
- a TOTP device's secret is never shown (django-otp's own admin would show it and its QR code, which
  is enough to log in as the user), only who has a device and whether it is confirmed;
- every change of a user's access (role, organisation, active, staff, superuser) goes through
  `user_access_change`, which writes it into the audit chain, and nobody changes their own access;
- a staff or superuser account holds no role but administrator (a database constraint), so giving
  oneself or a colleague the admin site never opens case content.
"""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from spor.organisations.models import Organisation, User
from spor.organisations.services import ACCESS_FIELDS, access_validate, user_access_change


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "type"]
    list_filter = ["type"]
    search_fields = ["name"]


class AccessForm(UserChangeForm):
    """The user form, refusing a role/staff combination before anything is saved."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        instance = self.instance
        fields = {
            name: data.get(name, getattr(instance, name))
            for name in ("role", "organisation", "is_staff", "is_superuser")
        }
        access_validate(**fields)
        return data


@admin.register(User)
class SporUserAdmin(UserAdmin):
    form = AccessForm
    list_display = ["username", "organisation", "role", "is_active"]
    list_filter = ["role", "organisation", "is_active"]
    fieldsets = (*(UserAdmin.fieldsets or ()), ("Spor", {"fields": ("organisation", "role")}))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == getattr(request.user, "pk", None):
            readonly += [*ACCESS_FIELDS, "groups", "user_permissions"]
        return readonly

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            super().save_model(request, obj, form, change)
            return
        before = User.objects.get(pk=obj.pk)
        changes = {name: getattr(obj, name) for name in ACCESS_FIELDS if getattr(obj, name) != getattr(before, name)}
        for name in ACCESS_FIELDS:  # the access fields are written by the service only
            setattr(obj, name, getattr(before, name))
        super().save_model(request, obj, form, change)
        if changes:
            user_access_change(actor=request.user, user=obj, **changes)  # type: ignore[arg-type]


admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class DeviceAdmin(admin.ModelAdmin):
    """Who has a second factor; the secret itself never leaves the database."""

    list_display = ["user", "name", "confirmed"]
    list_filter = ["confirmed"]
    fields = ["user", "name", "confirmed"]
    readonly_fields = ["user", "name", "confirmed"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
