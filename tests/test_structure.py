"""The app structure is checked by machine (docs/adr/0007-app-structure.md).

Each app registers its own permissions in its own `rules.py`, so a permission exists as soon as
Django is set up, without first importing another app's module; and the import contracts in
pyproject.toml (`[tool.importlinter]`) hold.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.nodb

ROOT = Path(__file__).resolve().parent.parent

PERMISSIONS = {
    "cases.view_case",
    "cases.work_case",
    "cases.decide_case",
    "cases.grant_reflection",
    "cases.decide_return",
    "cases.view_inquiry",
    "cases.register_inquiry",
    "cases.refer",
    "cases.manage",
    "people.view_identity",
    "casefiles.read",
    "casefiles.write",
}

FRESH = """
import json, django, rules
django.setup()
print(json.dumps(sorted(name for name in rules.permissions.permissions if rules.perm_exists(name))))
"""


def test_every_permission_exists_once_django_is_set_up():
    """A fresh interpreter that imports nothing of Spor's but settings has every permission."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "spor.settings"}
    done = subprocess.run([sys.executable, "-c", FRESH], env=env, capture_output=True, text=True, check=True)
    registered = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert registered >= PERMISSIONS, sorted(PERMISSIONS - registered)


def test_the_import_contracts_hold():
    """`lint-imports` (import-linter) finds no forbidden import between the apps."""
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
