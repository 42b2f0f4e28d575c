"""Log-in with password and TOTP, lock-out, idle timeout, log-out everywhere, password change."""

from __future__ import annotations

import base64
import re
from datetime import timedelta

from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from spor.audit.models import AuditEvent
from spor.organisations import otp
from spor.organisations.models import EnrolmentCode
from tests.base import PASSWORD, SporTestCase


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key):06d}"


def otp_login_as(client: Client, user) -> None:
    """Give `user` a device and pass the second factor in `client`'s session."""
    device = TOTPDevice.objects.create(user=user, name="spor", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()


@override_settings(SECOND_FACTOR_REQUIRED=True)
class LoginTests(SporTestCase):
    def password_step(self, client: Client, username: str = "alice", password: str = PASSWORD):
        return client.post(reverse("login"), {"username": username, "password": password, "next": "/soeg/"})

    def enrol(self, client: Client) -> TOTPDevice:
        code = otp.enrolment_code_issue(actor=self.manager, user=self.caseworker)
        client.post(reverse("login-otp"), {"enrolment_code": code.lower(), "next": "/"})
        page = client.get(reverse("login-otp")).content.decode()
        secret = re.search(r'data-totp-secret="([A-Z2-7]+)"', page)
        assert secret, page
        key = base64.b32decode(secret.group(1) + "=" * (-len(secret.group(1)) % 8))
        response = client.post(reverse("login-otp"), {"otp_token": f"{totp(key):06d}", "next": "/"})
        self.assertRedirects(response, "/", fetch_redirect_response=False)
        return TOTPDevice.objects.get(user=self.caseworker)

    def test_it_allows_no_page_before_the_second_factor(self):
        response = self.password_step(self.client)
        self.assertRedirects(response, f"{reverse('login-otp')}?next=%2Fsoeg%2F", fetch_redirect_response=False)
        response = self.client.get(reverse("home"))
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("login-otp")))

    def test_it_enrols_a_device_with_a_qr_code_on_the_first_log_in(self):
        self.password_step(self.client)
        device = self.enrol(self.client)
        self.assertTrue(device.confirmed)
        self.assertEqual(self.client.get(reverse("home")).status_code, 200)
        self.assertTrue(AuditEvent.objects.filter(event="user.second_factor_enrolled").exists())

    def test_it_shows_no_qr_code_without_an_enrolment_code(self):
        self.password_step(self.client)
        page = self.client.get(reverse("login-otp")).content.decode()
        self.assertIn("Opsæt din godkendelsesapp", page)
        self.assertNotIn("data-totp-secret", page)  # the password alone enrols no device
        self.assertNotIn("<svg", page)
        response = self.client.post(reverse("login-otp"), {"enrolment_code": "ABCD-EFGH-JKMN-PQRS"})
        self.assertContains(response, "Koden er forkert, brugt eller udløbet")
        self.assertNotContains(response, "data-totp-secret")

    def test_it_takes_an_enrolment_code_once_and_before_it_expires(self):
        code = otp.enrolment_code_issue(actor=self.manager, user=self.caseworker)
        self.assertTrue(otp.enrolment_code_redeem(actor=self.caseworker, code=code))
        self.assertFalse(otp.enrolment_code_redeem(actor=self.caseworker, code=code))
        code = otp.enrolment_code_issue(actor=self.manager, user=self.caseworker)
        EnrolmentCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
        self.assertFalse(otp.enrolment_code_redeem(actor=self.caseworker, code=code))
        self.assertFalse(EnrolmentCode.objects.filter(digest__contains=code.replace("-", "")).exists())
        self.assertFalse(otp.enrolment_code_redeem(actor=self.manager, code=code))  # another user's code

    def test_it_lets_managers_issue_codes_for_the_centre_and_the_administrator_for_the_rest(self):
        cases = [
            (self.manager, self.caseworker, True),
            (self.manager, self.immigration_officer, False),
            (self.manager, self.manager, False),
            (self.caseworker, self.analyst, False),
            (self.admin, self.immigration_officer, True),
            (self.admin, self.caseworker, False),
            (self.immigration_officer, self.police_referrer, False),
        ]
        for actor, user, allowed in cases:
            with self.subTest(actor=actor.username, user=user.username):
                self.assertEqual(otp.may_issue_enrolment_code(actor, user), allowed)
                if not allowed:
                    with self.assertRaises(PermissionDenied):
                        otp.enrolment_code_issue(actor=actor, user=user)

    def test_the_operator_issues_a_code_at_the_command_line(self):
        import io

        from django.core.management import call_command

        out = io.StringIO()
        call_command("enrolmentcode", "bente", stdout=out)
        self.assertTrue(otp.enrolment_code_redeem(actor=self.manager, code=out.getvalue().strip()))

    def test_it_shows_an_issued_code_once_from_the_user_list(self):
        self.client.force_login(self.manager)
        otp_login_as(self.client, self.manager)
        page = self.client.get(reverse("web:users"))
        self.assertContains(page, "alice")
        self.assertNotContains(page, "ida")  # an immigration officer's code comes from the administrator
        url = reverse("web:enrolment-code-issue", args=[self.caseworker.code])
        response = self.client.post(url)
        code = re.search(r'data-enrolment-code="([A-Z0-9-]+)"', response.content.decode())
        assert code, response.content
        self.assertEqual(response["Cache-Control"], "no-store")
        self.assertTrue(otp.enrolment_code_redeem(actor=self.caseworker, code=code.group(1)))
        other = reverse("web:enrolment-code-issue", args=[self.immigration_officer.code])
        self.assertEqual(self.client.post(other).status_code, 404)

    def test_it_refuses_a_wrong_code_and_keeps_the_user_out(self):
        self.password_step(self.client)
        self.enrol(self.client)
        other = Client()
        self.password_step(other)
        response = other.post(reverse("login-otp"), {"otp_token": "000000"})
        self.assertContains(response, "Koden er forkert", status_code=200)
        self.assertContains(response, 'role="alert"')
        self.assertEqual(other.get(reverse("home")).status_code, 302)

    def test_it_verifies_an_enrolled_device_and_sends_the_user_on(self):
        self.password_step(self.client)
        device = self.enrol(self.client)
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
        other = Client()
        self.password_step(other)
        page = other.get(reverse("login-otp")).content.decode()
        self.assertNotIn("data-totp-secret", page)  # the secret is shown at enrolment only
        response = other.post(reverse("login-otp"), {"otp_token": code_for(device), "next": "/soeg/"})
        self.assertRedirects(response, "/soeg/", fetch_redirect_response=False)

    def test_it_locks_a_user_name_after_five_failures(self):
        for _ in range(5):
            response = self.password_step(self.client, password="wrong-password-123")
        self.assertEqual(response.status_code, 403)
        response = self.password_step(self.client)  # the right password no longer helps
        self.assertContains(response, "midlertidigt spærret", status_code=403)
        self.assertEqual(self.client.get(reverse("home")).status_code, 302)
        response = self.password_step(Client(), username="bente")  # another user is not locked
        self.assertEqual(response.status_code, 302)

    def test_it_locks_a_user_name_from_one_address_only(self):
        for _ in range(5):
            response = self.password_step(Client(REMOTE_ADDR="203.0.113.9"), password="wrong-password-123")
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.password_step(Client(REMOTE_ADDR="203.0.113.9")).status_code, 403)
        response = self.password_step(Client(REMOTE_ADDR="198.51.100.7"))  # the user at work still gets in
        self.assertEqual(response.status_code, 302)

    @override_settings(LOGIN_FAILURES_PER_USER=6)
    def test_it_locks_a_user_name_failing_from_many_addresses(self):
        for address in ["203.0.113.1", "203.0.113.2", "203.0.113.3"]:
            for _ in range(2):
                self.password_step(Client(REMOTE_ADDR=address), password="wrong-password-123")
        response = self.password_step(Client(REMOTE_ADDR="198.51.100.7"))
        self.assertContains(response, "midlertidigt spærret", status_code=403)

    def test_it_says_which_log_in_failed_without_saying_why(self):
        response = self.password_step(self.client, password="wrong-password-123")
        self.assertContains(response, "Brugernavnet eller adgangskoden er forkert.")
        self.assertContains(response, 'value="alice"')  # what was typed is kept

    def test_it_ends_the_session_after_thirty_idle_minutes(self):
        self.password_step(self.client)
        self.enrol(self.client)
        response = self.client.get(reverse("home"))
        self.assertEqual(response.cookies["sessionid"]["max-age"], 30 * 60)  # renewed by each request
        Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
        response = self.client.get(reverse("home"))
        self.assertRedirects(response, f"{reverse('login')}?next=/", fetch_redirect_response=False)

    def test_it_logs_out_everywhere(self):
        self.password_step(self.client)
        device = self.enrol(self.client)
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
        phone = Client()
        self.password_step(phone)
        phone.post(reverse("login-otp"), {"otp_token": code_for(device)})
        self.assertEqual(phone.get(reverse("home")).status_code, 200)
        response = self.client.post(reverse("web:logout-everywhere"))
        self.assertRedirects(response, reverse("login"), fetch_redirect_response=False)
        self.assertEqual(phone.get(reverse("home")).status_code, 302)
        self.assertEqual(self.client.get(reverse("home")).status_code, 302)

    def test_it_sends_the_admin_log_in_to_the_two_step_log_in(self):
        response = self.client.get("/admin/login/?next=/admin/")
        self.assertRedirects(response, f"{reverse('login')}?next=%2Fadmin%2F", fetch_redirect_response=False)


class PasswordTests(SporTestCase):
    def test_it_checks_a_new_password_against_the_validators(self):
        self.client.force_login(self.caseworker)
        url = reverse("web:security")
        response = self.client.post(url, {"old_password": PASSWORD, "new_password1": "1234", "new_password2": "1234"})
        self.assertContains(response, "Der er fejl i formularen")
        new = "an-entirely-new-passphrase-77"
        response = self.client.post(url, {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
        self.assertRedirects(response, url, fetch_redirect_response=False)
        self.assertEqual(self.client.get(url).status_code, 200)  # this session stays logged in


class DemoTests(SporTestCase):
    @override_settings(DEBUG=True)
    def test_the_demo_code_opens_the_demo_users_devices(self):
        import io

        from django.core.management import call_command

        from spor.organisations.otp import demo_devices_enrol

        secret = demo_devices_enrol([self.caseworker])
        out = io.StringIO()
        call_command("totp", stdout=out)
        device = TOTPDevice.objects.get(user=self.caseworker)
        self.assertEqual(base64.b32encode(device.bin_key).decode().rstrip("="), secret)
        self.assertTrue(device.verify_token(out.getvalue().strip()))

    def test_it_refuses_the_demo_code_in_production_mode(self):
        from django.core.management import CommandError, call_command

        with self.assertRaises(CommandError):
            call_command("totp")


class ReadmeCommandTests(SporTestCase):
    @override_settings(DEBUG=True)
    def test_the_readme_calls_spor_totp_as_the_command_takes_it(self):
        import io
        from pathlib import Path

        from django.core.management import call_command

        from spor.organisations.otp import demo_devices_enrol

        demo_devices_enrol([self.caseworker])
        readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
        usages = set(re.findall(r"`spor totp([^`]*)`", readme))
        self.assertTrue(usages)
        for usage in usages:
            with self.subTest(usage=usage):
                out = io.StringIO()
                call_command("totp", *usage.split(), stdout=out)
                self.assertRegex(out.getvalue().strip(), r"^\d{6}$")
