"""SPOR_AUDIT_KEY is read strictly: from the environment or a file, long enough, never the demo key in production."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

from django.test import SimpleTestCase

from tests.production_env import production


def load_settings(**env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("SPOR_AUDIT_KEY")} | env
    code = "import spor.settings as s; print(len(s.AUDIT_KEY))"
    return subprocess.run([sys.executable, "-c", code], env=environ, capture_output=True, text=True, check=False)


class AuditKeyTests(SimpleTestCase):
    def test_it_refuses_the_demo_key_in_production(self) -> None:
        result = load_settings(**production(without="SPOR_AUDIT_KEY"))
        self.assertIn("SPOR_AUDIT_KEY: the demo key cannot be used with SPOR_DEBUG=0", result.stderr)

    def test_it_refuses_a_short_key(self) -> None:
        result = load_settings(SPOR_AUDIT_KEY="too-short")
        self.assertIn("SPOR_AUDIT_KEY: must be at least 32 characters", result.stderr)

    def test_it_reads_the_key_from_a_file(self) -> None:
        path = Path(tempfile.mkdtemp()) / "audit-key"
        path.write_text(secrets.token_urlsafe(30) + "\n")
        result = load_settings(**production(without="SPOR_AUDIT_KEY", SPOR_AUDIT_KEY_FILE=str(path)))
        self.assertEqual((result.returncode, result.stdout.strip()), (0, "40"), result.stderr)
