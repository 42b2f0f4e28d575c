"""Personal API tokens: hashed at rest, expiring, revocable, managed with `spor token` (docs/api.md#authentication)."""

from __future__ import annotations

import io
from datetime import timedelta

from django.core.management import CommandError, call_command
from django.utils import timezone

from spor.api.models import ApiToken
from tests.api.base import ApiTestCase


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
