"""The admin site manages accounts and never opens case content or second-factor secrets."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from spor.audit.models import AuditEvent
from spor.organisations import selectors, services
from spor.organisations.models import Role, User
from spor.organisations.permissions import require
from tests.base import SporTestCase


class AdminTests(SporTestCase):
    def setUp(self) -> None:
        self.it = services.user_access_change(actor=None, user=self.admin, is_staff=True, is_superuser=True)
        self.client.force_login(self.it)

    def change(self, user: User, **fields: object) -> object:
        data = {"username": user.username, "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00",
                "organisation": user.organisation_id or "", "role": user.role, "is_active": "on"}  # fmt: skip
        data.update({k: v for k, v in fields.items() if v is not None})
        return self.client.post(reverse("admin:organisations_user_change", args=[user.pk]), data)

    def test_it_never_shows_a_second_factor_secret(self) -> None:
        device = TOTPDevice.objects.create(user=self.caseworker, name="spor", confirmed=True)
        listing = self.client.get(reverse("admin:otp_totp_totpdevice_changelist"))
        page = self.client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
        self.assertEqual(page.status_code, 200)
        for response in (listing, page):
            self.assertNotIn(device.key, response.content.decode())
            self.assertNotIn("otpauth://", response.content.decode())
        self.assertEqual(self.client.get(reverse("admin:otp_totp_totpdevice_add")).status_code, 403)

    def test_the_administrator_cannot_give_himself_a_case_role(self) -> None:
        self.change(self.it, role=Role.CASEWORKER, is_staff="on", is_superuser="on")
        self.it.refresh_from_db()
        self.assertEqual(self.it.role, Role.ADMINISTRATOR)
        self.assertFalse(self.it.is_centre_staff)

    def test_a_staff_account_with_a_case_role_is_refused_with_a_form_error(self) -> None:
        response = self.change(self.analyst, role=Role.CASEWORKER, is_staff="on")
        self.assertEqual(response.status_code, 200)  # the form again, with the error
        self.assertContains(response, "En administrator kan ikke have en rolle med adgang til sager")
        self.analyst.refresh_from_db()
        self.assertEqual((self.analyst.role, self.analyst.is_staff), (Role.ANALYST, False))

    def test_a_role_change_goes_into_the_audit_chain(self) -> None:
        response = self.change(self.analyst, role=Role.CASEWORKER)
        self.assertEqual(response.status_code, 302)
        self.analyst.refresh_from_db()
        self.assertEqual(self.analyst.role, Role.CASEWORKER)
        event = AuditEvent.objects.filter(event="user.access_changed").latest("id")
        self.assertEqual(event.extra["changed"], {"role": [Role.ANALYST, Role.CASEWORKER]})
        self.assertEqual(event.actor_id, self.it.pk)


class AdministratorAccountTests(SporTestCase):
    """An administrator made by `spor createuser` (or the demo) can work in the admin site, no further."""

    def setUp(self) -> None:
        self.client.force_login(self.admin)

    def test_the_admin_site_opens_with_accounts_and_rates(self) -> None:
        self.assertTrue(self.admin.is_staff)
        self.assertFalse(self.admin.is_superuser)
        index = self.client.get(reverse("admin:index"))
        self.assertEqual(index.status_code, 200)
        for name in ("admin:organisations_user_changelist", "admin:cases_reintegrationrate_changelist",
                     "admin:cases_reintegrationrate_add", "admin:organisations_organisation_changelist"):  # fmt: skip
            self.assertEqual(self.client.get(reverse(name)).status_code, 200, name)

    def test_nothing_beyond_the_admin_models(self) -> None:
        self.assertEqual(self.client.get(reverse("admin:auth_group_changelist")).status_code, 403)
        for perm in ("cases.work_case", "cases.view_case", "people.view_identity", "cases.register_inquiry"):
            self.assertFalse(rules_allow(self.admin, perm), perm)


def rules_allow(user: User, perm: str) -> bool:
    try:
        require(user, perm)
    except PermissionDenied:
        return False
    return True


class AccessChangeTests(SporTestCase):
    def test_nobody_changes_their_own_access(self) -> None:
        with self.assertRaises(PermissionDenied):
            services.user_access_change(actor=self.manager, user=self.manager, role=Role.CASEWORKER)

    def test_a_manager_cannot_make_anyone_staff(self) -> None:
        with self.assertRaises(PermissionDenied):
            services.user_access_change(actor=self.manager, user=self.caseworker, is_staff=True)

    def test_a_caseworker_changes_no_access(self) -> None:
        with self.assertRaises(PermissionDenied):
            services.user_access_change(actor=self.caseworker, user=self.analyst, role=Role.MANAGER)

    def test_a_role_that_does_not_fit_the_organisation_is_refused(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            services.user_access_change(actor=self.admin, user=self.police_referrer, role=Role.CASEWORKER)
        self.assertIn("role", caught.exception.message_dict)

    def test_the_database_refuses_a_staff_account_with_a_case_role(self) -> None:
        self.caseworker.is_staff = True
        with self.assertRaises(IntegrityError), transaction.atomic():
            self.caseworker.save(update_fields=["is_staff"])


class AccessChangeNoticeTests(SporTestCase):
    """A change the administrator makes is shown to someone else: the organisation's managers."""

    def test_a_manager_sees_the_administrators_role_change_on_the_users_page(self) -> None:
        services.user_access_change(actor=self.admin, user=self.analyst, role=Role.CASEWORKER)
        self.client.force_login(self.manager)
        page = self.client.get(reverse("web:users"))
        self.assertContains(page, 'id="access-changes"')
        rows = page.content.decode().split('id="access-changes"')[1].split("</table>")[0]
        self.assertIn("anders", rows)
        self.assertIn("admin", rows)
        self.assertIn(str(Role.CASEWORKER.label), rows)

    def test_the_notice_is_only_for_managers_and_the_administrator(self) -> None:
        services.user_access_change(actor=self.admin, user=self.analyst, role=Role.CASEWORKER)
        self.assertEqual(selectors.access_changes_for(actor=self.caseworker), [])
        newest = selectors.access_changes_for(actor=self.manager)[0]
        self.assertEqual((newest.by, newest.user), ("admin", "anders"))
        self.assertEqual(newest.changes, [("rolle", str(Role.ANALYST.label), str(Role.CASEWORKER.label))])
        # The administrator sees other organisations' users (their creation here), not the centre's.
        self.assertNotIn("anders", [c.user for c in selectors.access_changes_for(actor=self.admin)])
        self.assertIn("peter", [c.user for c in selectors.access_changes_for(actor=self.admin)])
