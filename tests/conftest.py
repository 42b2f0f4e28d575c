"""Suite-wide test configuration: a fast password hasher (the environment: spor/test_env.py)."""

from __future__ import annotations


def pytest_configure(config):
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
