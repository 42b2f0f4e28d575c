"""Ending a user's sessions everywhere ("log out everywhere", docs/web.md#log-in-and-sessions)."""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from spor.audit import services as audit
from spor.organisations.models import User


@transaction.atomic
def sessions_end_all(*, actor: User) -> int:
    """Delete every unexpired session of `actor`; returns how many. Audit: user.logged_out_everywhere.

    Sessions are signed blobs in the database, so each live one is decoded to find its user; a
    centre has hundreds of live sessions at most, and expired ones are skipped by the query.
    """
    mine = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == str(actor.pk)
    ]
    Session.objects.filter(pk__in=mine).delete()
    audit.record(actor=actor, event="user.logged_out_everywhere", subject=actor, extra={"sessions": len(mine)})
    return len(mine)
