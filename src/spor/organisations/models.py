"""Organisations, users and their roles (docs/definitions.md#users-and-roles)."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from spor.common.models import Coded


class OrganisationType(models.TextChoices):
    CMM = "cmm", _("Center mod Menneskehandel")
    DIS = "dis", _("Udlændingestyrelsen")
    RETURN_AGENCY = "return_agency", _("Hjemrejsestyrelsen")
    POLICE_DISTRICT = "police_district", _("politikreds")
    NGO = "ngo", _("NGO")
    OTHER_AUTHORITY = "other_authority", _("anden myndighed")


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("sagsbehandler")
    MANAGER = "manager", _("leder")
    ANALYST = "analyst", _("analytiker")
    IMMIGRATION_OFFICER = "immigration_officer", _("sagsbehandler i Udlændingestyrelsen")
    RETURN_OFFICER = "return_officer", _("sagsbehandler i Hjemrejsestyrelsen")
    REFERRER = "referrer", _("henviser")
    OUTREACH_WORKER = "outreach_worker", _("opsøgende medarbejder")
    ADMINISTRATOR = "administrator", _("administrator")


class Organisation(Coded):
    name = models.CharField(_("navn"), max_length=200, unique=True)
    type = models.CharField(_("type"), max_length=32, choices=OrganisationType.choices)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A user of one organisation with one role; `code` identifies the user in URLs and the API."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("rolle"), max_length=32, choices=Role.choices, blank=True)
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta(AbstractUser.Meta):  # type: ignore[name-defined]
        constraints = [
            # The administrator manages accounts, never cases: an account that reaches the admin
            # site holds no role but administrator (docs/architecture.md#permissions).
            models.CheckConstraint(
                condition=models.Q(is_staff=False, is_superuser=False) | models.Q(role__in=["", "administrator"]),
                name="admin_account_holds_no_case_role",
            )
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A new password revokes the user's API tokens, whichever way it was set: the security
        # page, the admin or `spor changepassword` (all end in set_password + save, which leaves
        # `_password` set). A hasher upgrade at log-in saves with `_password` cleared, so it does not.
        password_changed = self._password is not None and self.pk is not None  # type: ignore[attr-defined]
        super().save(*args, **kwargs)
        if password_changed:
            from spor.common.actor import history_user
            from spor.organisations.sessions import api_tokens_revoke_all

            api_tokens_revoke_all(actor=history_user(), user=self, reason="password_changed")

    @property
    def is_centre_staff(self) -> bool:
        """Caseworkers and managers of the centre (CMM) run cases."""
        return (
            self.is_active
            and self.role in {Role.CASEWORKER, Role.MANAGER}
            and self.organisation is not None
            and self.organisation.type == OrganisationType.CMM
        )


class EnrolmentCode(models.Model):
    """A one-time code with which a user enrols a second factor (docs/web.md#log-in-and-sessions).

    Issued by a manager (centre users) or the administrator (other organisations), shown once; only
    its SHA-256 is stored. The password alone does not let anyone enrol a device.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="enrolment_codes")
    digest = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
