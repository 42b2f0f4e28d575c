"""Who is calling: a personal API token (programs) or the web session (pages), and `via` for the
audit trail.

Every operation runs inside `spor.audit.context.via(...)`, so the history and the read log say
whether a change or a read came through the API, and with which token (docs/api.md#authentication).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from spor.api.models import ApiToken
from spor.api.tokens import token_authenticate
from spor.audit.context import via


class TokenAuth(HttpBearer):
    """`Authorization: Bearer spor_...`; the token's user becomes the request's user."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = token_authenticate(token)
        if found is not None:
            request.user = found.user
        return found


class ActiveSessionAuth(SessionAuth):
    """The logged-in web user (with Django's CSRF check on writes)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        return user if getattr(user, "is_authenticated", False) and getattr(user, "is_active", False) else None


def via_label(request: HttpRequest) -> str:
    auth = getattr(request, "auth", None)
    if isinstance(auth, ApiToken):
        return f"api:token:{auth.code}"
    return "api:session"


def attributed(view: Callable[..., Any]) -> Callable[..., Any]:
    """Run an operation with `via` naming the token (or the session) that authorised it."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        with via(via_label(request)):
            return view(request, *args, **kwargs)

    return wrapper


def actor(request: HttpRequest) -> Any:
    return request.user
