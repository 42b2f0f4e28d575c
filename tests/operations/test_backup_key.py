import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.test import SimpleTestCase

from tests.production_env import production


def settings_in(environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Load the settings in a fresh process, as `spor` does at start, and print the backup key's length."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPOR_BACKUP_KEY")} | environment
    code = "import spor.settings as s; print(len(s.BACKUP_KEY))"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)


@pytest.mark.nodb
class BackupKeyTests(SimpleTestCase):
    def test_it_refuses_the_demo_key_in_production(self) -> None:
        done = settings_in(production(without="SPOR_BACKUP_KEY"))
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("SPOR_BACKUP_KEY: the demo key cannot be used with SPOR_DEBUG=0", done.stderr)
        strong = production()
        self.assertEqual(settings_in(strong).stdout.strip(), str(len(strong["SPOR_BACKUP_KEY"])))

    def test_it_refuses_a_short_key(self) -> None:
        done = settings_in({"SPOR_BACKUP_KEY": "too-short"})
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("SPOR_BACKUP_KEY: at least 32 characters", done.stderr)

    def test_it_reads_the_key_from_a_file(self) -> None:
        path = Path(tempfile.mkdtemp()) / "backup-key"
        path.write_text(secrets.token_urlsafe(38)[:50] + "\n", encoding="utf-8")
        done = settings_in(production(without="SPOR_BACKUP_KEY") | {"SPOR_BACKUP_KEY_FILE": str(path)})
        self.assertEqual(done.stdout.strip(), "50", done.stderr)
