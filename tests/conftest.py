"""Suite-wide test configuration: a fast password hasher and a private var/ directory."""

from __future__ import annotations

import os
import tempfile

# Tests never touch the developer's var/ (demo database, crawl data).
os.environ.setdefault("SPOR_VAR_DIR", tempfile.mkdtemp(prefix="spor-test-var-"))
# Most tests log in with force_login; the log-in tests switch the second factor on themselves.
os.environ.setdefault("SPOR_SECOND_FACTOR", "0")


def pytest_configure(config):
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
