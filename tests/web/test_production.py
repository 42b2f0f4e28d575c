"""Production mode (SPOR_DEBUG=0) refuses what would let an outsider in: weak or demo secrets, the
demo users and their public TOTP secret; and it sends HSTS (docs/operations.md#production-checklist).

The settings are read once per process, so the secrets and the production headers are tested in a
fresh interpreter, as `spor serve` or gunicorn would start it.
"""

from __future__ import annotations

import base64
import importlib
import json
import os
import secrets
import subprocess
import sys
import tempfile
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import SimpleTestCase, override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from spor.audit.models import AuditEvent
from spor.cases.demo import DEMO_PASSWORD
from spor.organisations.models import User
from spor.organisations.otp import DEMO_TOTP_KEY
from spor.settings import require_strong
from spor.web.checks import refuse_unsafe_start
from tests.base import SporTestCase
from tests.production_env import PRODUCTION

STRONG = PRODUCTION  # every secret set and strong

# Django's test client in a production-mode process: the headers of the log-in page over HTTPS.
HEADERS = """
import json, django
django.setup()
from django.test import Client
response = Client().get("/login/", secure=True)
print(json.dumps({"status": response.status_code, **dict(response.headers)}))
"""


def start(code: str = "import spor.settings", **environment: str) -> subprocess.CompletedProcess[str]:
    """Run `code` in a fresh interpreter in production mode with STRONG secrets, then `environment`."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("SPOR_")}
    with tempfile.TemporaryDirectory(prefix="spor-prod-") as var:
        env |= {"SPOR_DEBUG": "0", "SPOR_VAR_DIR": var, "DJANGO_SETTINGS_MODULE": "spor.settings"}
        env |= STRONG | environment
        return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)


def refused(**environment: str) -> str:
    done = start(**environment)
    assert done.returncode != 0, "started with " + ", ".join(environment)
    return done.stderr.strip().splitlines()[-1]


@pytest.mark.nodb
class SecretTests(SimpleTestCase):
    def test_it_starts_with_strong_secrets(self):
        done = start()
        self.assertEqual(done.returncode, 0, done.stderr)

    def test_it_refuses_a_short_or_repetitive_secret_key(self):
        self.assertIn("SPOR_SECRET_KEY: at least 50 characters", refused(SPOR_SECRET_KEY="x"))
        self.assertIn("SPOR_SECRET_KEY: at least 5 distinct", refused(SPOR_SECRET_KEY="ab" * 40))

    def test_it_refuses_a_field_key_that_is_not_a_random_fernet_key(self):
        self.assertIn("key 1 is not a Fernet key", refused(SPOR_FIELD_KEYS="x"))
        counted = base64.urlsafe_b64encode(bytes(range(8)) * 4).decode()  # 8 distinct bytes
        self.assertIn("key 1 is not random enough", refused(SPOR_FIELD_KEYS=counted))
        older = f"{STRONG['SPOR_FIELD_KEYS']},{base64.urlsafe_b64encode(b'a' * 32).decode()}"
        self.assertIn("key 2 is not random enough", refused(SPOR_FIELD_KEYS=older))

    def test_it_refuses_a_short_or_repetitive_blind_index_key(self):
        self.assertIn("SPOR_BLIND_INDEX_KEY: at least 32 characters", refused(SPOR_BLIND_INDEX_KEY="y"))
        self.assertIn("SPOR_BLIND_INDEX_KEY: at least 5 distinct", refused(SPOR_BLIND_INDEX_KEY="abcd" * 10))

    def test_the_error_names_the_variable_never_the_value(self):
        message = refused(SPOR_BLIND_INDEX_KEY="geheim-kort")
        self.assertNotIn("geheim-kort", message)

    def test_require_strong_is_there_for_every_secret(self):
        require_strong("SPOR_X_KEY", secrets.token_urlsafe(32), 32)
        with self.assertRaisesMessage(Exception, "SPOR_X_KEY: at least 32 characters"):
            require_strong("SPOR_X_KEY", "kort", 32)

    def test_it_sends_hsts_for_a_year_in_production_only(self):
        done = start(HEADERS, SPOR_ALLOWED_HOSTS="testserver")
        self.assertEqual(done.returncode, 0, done.stderr)
        headers = json.loads(done.stdout.strip().splitlines()[-1])
        self.assertEqual(headers["status"], 200)
        self.assertEqual(headers["Strict-Transport-Security"], "max-age=31536000; includeSubDomains")
        self.assertIn("default-src 'self'", headers["Content-Security-Policy"])
        self.assertIn("no-store", headers["Cache-Control"])

    def test_it_can_redirect_to_https_and_trust_the_proxy(self):
        code = HEADERS.replace('Client().get("/login/", secure=True)', 'Client().get("/login/")')
        done = start(code, SPOR_ALLOWED_HOSTS="testserver", SPOR_SSL_REDIRECT="1")
        headers = json.loads(done.stdout.strip().splitlines()[-1])
        self.assertEqual((headers["status"], headers["Location"]), (301, "https://testserver/login/"))
        code = HEADERS.replace("secure=True", 'HTTP_X_FORWARDED_PROTO="https"')
        done = start(code, SPOR_ALLOWED_HOSTS="testserver", SPOR_SSL_REDIRECT="1", SPOR_TLS_PROXY="1")
        headers = json.loads(done.stdout.strip().splitlines()[-1])
        self.assertEqual(headers["status"], 200)
        self.assertIn("Strict-Transport-Security", headers)


def load_wsgi() -> None:
    sys.modules.pop("spor.wsgi", None)
    importlib.import_module("spor.wsgi")


@override_settings(DEBUG=False)
class DemoUserTests(SporTestCase):
    def seed_demo(self) -> None:
        with self.settings(DEBUG=True):
            call_command("demo", "--years", "1", "--scale", "0.01", "--quiet", stdout=StringIO())

    def test_it_serves_a_database_without_demo_users(self):
        refuse_unsafe_start()
        load_wsgi()
        call_command("check", "--deploy", "--tag", "spor-production")

    def test_it_refuses_to_serve_a_demo_seeded_database(self):
        self.seed_demo()
        with self.assertRaisesMessage(SystemCheckError, "spor.E001"):
            call_command("serve")
        with self.assertRaisesMessage(SystemCheckError, "spor.E002"):
            load_wsgi()
        with self.assertRaises(SystemCheckError):
            call_command("check", "--deploy", "--tag", "spor-production")

    def test_it_refuses_a_demo_totp_device_of_any_user(self):
        TOTPDevice.objects.create(user=self.caseworker, name="spor", key=DEMO_TOTP_KEY, confirmed=True)
        with self.assertRaisesMessage(SystemCheckError, "spor.E002"):
            refuse_unsafe_start()

    def test_it_still_migrates_a_demo_seeded_database(self):
        self.seed_demo()
        call_command("migrate", verbosity=0)

    def test_demo_remove_runs_in_production_and_lets_the_server_start(self):
        self.seed_demo()
        devices = TOTPDevice.objects.filter(key=DEMO_TOTP_KEY).count()
        call_command("demo", "--remove", stdout=StringIO())
        refuse_unsafe_start()
        load_wsgi()
        manager = User.objects.get(username="leder")
        self.assertFalse(manager.is_active)
        self.assertFalse(manager.check_password(DEMO_PASSWORD))
        self.assertFalse(TOTPDevice.objects.filter(key=DEMO_TOTP_KEY).exists())
        self.assertEqual(AuditEvent.objects.filter(event="user.second_factor_removed").count(), devices)
