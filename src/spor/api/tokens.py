"""Create, check and revoke personal API tokens: services with an actor and an audit row.

See docs/architecture.md#write-path.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from spor.api.models import ApiToken
from spor.audit import services as audit
from spor.common.actor import service
from spor.common.errors import NotFound

#: The secret's prefix makes a leaked token recognisable to secret scanners.
PREFIX = "spor_"
MAX_DAYS = 366


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


@service
def token_create(*, actor: Any, user: Any, days: int = 90, label: str = "") -> tuple[ApiToken, str]:
    """Issue a token for `user`, valid `days` days; returns (token, secret). The secret is not stored.

    Called by administrators through `spor token create`. Audit: api.token_created.
    """
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError({"days": [_("En nøgle gælder 1 til %(max)d dage.") % {"max": MAX_DAYS}]})
    if not user.is_active:
        raise ValidationError({"user": [_("Brugeren er deaktiveret.")]})
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, digest=digest(secret), label=label, expires_at=timezone.now() + timedelta(days=days)
    )
    audit.record(actor=actor, event="api.token_created", subject=token, extra={"user": str(user.code), "days": days})
    return token, secret


@service
def token_revoke(*, actor: Any, code: Any) -> ApiToken:
    """Revoke a token at once; a revoked token never works again. Audit: api.token_revoked."""
    try:
        token = ApiToken.objects.select_for_update().get(code=code)
    except (ApiToken.DoesNotExist, ValueError, TypeError, ValidationError):
        raise NotFound from None
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        audit.record(actor=actor, event="api.token_revoked", subject=token, extra={"user": str(token.user.code)})
    return token


def token_authenticate(secret: str) -> ApiToken | None:
    """The usable token with this secret, else None (unknown, expired, revoked or inactive user)."""
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    token = ApiToken.objects.select_related("user", "user__organisation").filter(digest=digest(secret)).first()
    if token is None or not token.is_usable or not token.user.is_active:
        return None
    now = timezone.now()
    # Written at most once a minute per token, so a busy program does not write on every request.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def tokens_of(user: Any) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user).order_by("-created_at"))
