"""`--as USERNAME` for the interchange commands: act as a named user instead of the operator."""

from __future__ import annotations

from django.core.management.base import CommandError

from spor.common.actor import Actor
from spor.organisations.models import User


def actor_named(username: str | None) -> Actor | None:
    """The active user `username`, or None (the operator) when no name is given."""
    if not username:
        return None
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"Ukendt bruger / unknown user: {username}")
    return user
