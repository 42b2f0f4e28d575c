"""Personal API tokens: hashed at rest, expiring, revocable, managed with `spor token` (docs/api.md#authentication)."""

from __future__ import annotations

import io
from datetime import timedelta

from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from spor.api.models import ApiToken
from spor.audit.models import AuditEvent
from spor.organisations.models import User
from tests.api.base import ApiTestCase
from tests.base import PASSWORD


class TokenTests(ApiTestCase):
    def create(self, *args: str) -> tuple[ApiToken, str]:
        out = io.StringIO()
        call_command("token", "create", "alice", *args, stdout=out)
        secret = out.getvalue().strip().splitlines()[-1]
        return ApiToken.objects.latest("created_at"), secret

    def get(self, secret: str):
        return self.client.get("/api/inquiries", HTTP_AUTHORIZATION=f"Bearer {secret}")

    def test_it_stores_only_a_digest_and_shows_the_secret_once(self):
        token, secret = self.create("--days", "7")
        self.assertEqual(self.get(secret).status_code, 200)
        self.assertNotIn(secret, {token.digest, token.label})
        self.assertEqual(len(token.digest), 64)
        self.assertAlmostEqual(token.expires_at, timezone.now() + timedelta(days=7), delta=timedelta(minutes=5))

    def test_it_refuses_an_expired_token(self):
        token, secret = self.create()
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
        self.assertEqual(self.get(secret).status_code, 401)

    def test_it_refuses_a_revoked_token(self):
        token, secret = self.create()
        call_command("token", "revoke", str(token.code), stdout=io.StringIO())
        response = self.get(secret)
        self.assertEqual((response.status_code, set(response.json())), (401, {"message", "fields"}))

    def test_it_refuses_the_token_of_a_deactivated_user(self):
        _, secret = self.create()
        self.caseworker.is_active = False
        self.caseworker.save(update_fields=["is_active"])
        self.assertEqual(self.get(secret).status_code, 401)

    def test_it_refuses_unknown_and_malformed_tokens(self):
        for secret in ["spor_nonsense", "x" * 500, ""]:
            with self.subTest(secret=secret[:10]):
                self.assertEqual(self.get(secret).status_code, 401)

    def test_it_rejects_bad_command_input(self):
        with self.assertRaisesMessage(CommandError, "unknown user"):
            call_command("token", "create", "nobody", stdout=io.StringIO())
        with self.assertRaisesMessage(CommandError, "days"):
            call_command("token", "create", "alice", "--days", "0", stdout=io.StringIO())
        with self.assertRaisesMessage(CommandError, "unknown token"):
            call_command("token", "revoke", "not-a-code", stdout=io.StringIO())

    def test_it_lists_tokens_without_secrets(self):
        token, secret = self.create("--label", "police-sync")
        out = io.StringIO()
        call_command("token", "list", "alice", stdout=out)
        self.assertIn(f"{token.code}  active", out.getvalue())
        self.assertNotIn(secret, out.getvalue())

    def test_it_accepts_the_web_session(self):
        self.client.force_login(self.caseworker)
        self.assertEqual(self.client.get("/api/inquiries").status_code, 200)


class TokenRevocationTests(ApiTestCase):
    """Log out everywhere and a new password revoke the user's tokens (docs/api.md#authentication)."""

    def get(self, role: str):
        return self.call(role, "GET", "/inquiries")

    def test_it_revokes_the_tokens_when_the_user_logs_out_everywhere(self):
        self.client.force_login(self.caseworker)
        self.client.post(reverse("web:logout-everywhere"))
        self.assertEqual(self.get("caseworker").status_code, 401)
        self.assertEqual(self.get("manager").status_code, 200)  # only the user's own tokens
        self.assertTrue(AuditEvent.objects.filter(event="api.tokens_revoked", extra__tokens=1).exists())

    def test_it_revokes_the_tokens_when_the_password_changes_on_the_security_page(self):
        self.client.force_login(self.caseworker)
        new = "an-entirely-new-passphrase-77"
        data = {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
        self.assertEqual(self.client.post(reverse("web:security"), data).status_code, 302)
        self.client.logout()  # the API calls below carry the token only, not this session
        self.assertEqual(self.get("caseworker").status_code, 401)
        self.assertEqual(self.get("manager").status_code, 200)

    def test_it_revokes_the_tokens_when_the_password_is_set_elsewhere(self):
        self.manager.set_password("another-entirely-new-passphrase-78")
        self.manager.save()  # what the admin's password form and `spor changepassword` do
        self.assertEqual(self.get("manager").status_code, 401)

    def test_it_keeps_the_tokens_when_only_the_hash_is_upgraded_at_log_in(self):
        user = User.objects.get(pk=self.caseworker.pk)
        user.save()  # no new password
        self.assertTrue(user.check_password(PASSWORD))  # which may rehash and save the password
        self.assertEqual(self.get("caseworker").status_code, 200)
