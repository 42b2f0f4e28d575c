"""Refuse to serve in production mode while the database still lets the demo users in.

A database that was once seeded with `spor demo` holds users whose password is printed by the
command and TOTP devices whose secret is in the source; with SPOR_DEBUG=0 nobody may log in with
them. The check is a deployment check of Django's check framework, tagged `spor-production`: it
runs with `spor check --deploy`, and `spor serve` and `spor.wsgi` run it before serving
(`refuse_unsafe_start`). `spor migrate` does not run it, so a database can always be migrated and
then cleaned with `spor demo --remove` (docs/operations.md#production-checklist).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks
from django.core.management.base import SystemCheckError
from django.db import DatabaseError
from django_otp.plugins.otp_totp.models import TOTPDevice

from spor.cases.demo import DEMO_USERS
from spor.organisations.models import User
from spor.organisations.otp import DEMO_TOTP_KEY

TAG = "spor-production"


@checks.register(TAG, deploy=True)
def demo_credentials_absent(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """An error for each kind of demo credential still usable: active demo users, demo TOTP devices."""
    if settings.DEBUG:
        return []
    usernames = [username for *_, username, _role in DEMO_USERS]
    try:
        users = User.objects.filter(username__in=usernames, is_active=True).count()
        devices = TOTPDevice.objects.filter(key=DEMO_TOTP_KEY).count()
    except DatabaseError:  # no tables yet: nothing to let in, and `spor migrate` must run
        return []
    errors: list[checks.CheckMessage] = []
    if users:
        errors.append(
            checks.Error(
                f"{users} demo users are active with SPOR_DEBUG=0; their password is public",
                hint="Run `spor demo --remove` (deactivates them), or rename a real user with a demo name.",
                id="spor.E001",
            )
        )
    if devices:
        errors.append(
            checks.Error(
                f"{devices} TOTP devices use the public demo secret with SPOR_DEBUG=0",
                hint="Run `spor demo --remove` (deletes them; their users enrol again at the next log-in).",
                id="spor.E002",
            )
        )
    return errors


def refuse_unsafe_start() -> None:
    """Raise SystemCheckError (naming each problem) if the `spor-production` checks find an error."""
    found = checks.run_checks(tags=[TAG], include_deployment_checks=True)
    errors = [message for message in found if message.is_serious() and not message.is_silenced()]
    if errors:
        raise SystemCheckError("Spor refuses to serve:\n" + "\n".join(str(error) for error in errors))
