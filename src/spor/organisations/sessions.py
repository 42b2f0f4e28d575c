"""Ending a user's sessions and API tokens everywhere ("log out everywhere", a password change;
docs/web.md#log-in-and-sessions)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from spor.audit import services as audit
from spor.organisations.models import User


@transaction.atomic
def sessions_end_all(*, actor: User) -> int:
    """Delete every unexpired session of `actor` and revoke their API tokens; returns how many sessions.

    Audit: user.logged_out_everywhere (and api.tokens_revoked when a token was live).

    Sessions are signed blobs in the database, so each live one is decoded to find its user; a
    centre has hundreds of live sessions at most, and expired ones are skipped by the query.
    """
    mine = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == str(actor.pk)
    ]
    Session.objects.filter(pk__in=mine).delete()
    api_tokens_revoke_all(actor=actor, user=actor, reason="logged_out_everywhere")
    audit.record(actor=actor, event="user.logged_out_everywhere", subject=actor, extra={"sessions": len(mine)})
    return len(mine)


def api_tokens_revoke_all(*, actor: Any, user: User, reason: str) -> int:
    """Revoke every live API token of `user`; returns how many. Audit: api.tokens_revoked.

    Called by "log out everywhere" and whenever the user's password changes (`User.save`): a
    program holding a token must not outlive the credentials it was issued under. The token model
    is looked up by name, since the API app builds on this one and not the other way round.
    """
    token_model = apps.get_model("api", "ApiToken")
    count = token_model.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if count:
        extra = {"user": str(user.code), "tokens": count, "reason": reason}
        audit.record(actor=actor, event="api.tokens_revoked", subject=user, extra=extra)
    return count
