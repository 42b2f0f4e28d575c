"""Who is acting: every service runs under `@service`, which opens the transaction and makes the
service's `actor` known to the change history, so each historical row says who changed it whether
the change came from a page, the API, the command line or a test: who, when, before, after
(docs/architecture.md#write-path).
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from functools import wraps
from typing import TYPE_CHECKING, Any, ParamSpec, TypeAlias, TypeVar, cast

from django.db import transaction

if TYPE_CHECKING:
    from spor.organisations.models import User

#: Who acts in a service: a signed-in user (from a page, the API, a test, or `--as USERNAME` at
#: the command line). Services the operator may run at the command line (import, export, user
#: administration, purges) take `Actor | None`, None being the operator; the audit trail and the
#: change history then name no user.
Actor: TypeAlias = "User"

P = ParamSpec("P")
R = TypeVar("R")

_actor: ContextVar[Actor | None] = ContextVar("spor_actor", default=None)


def service(fn: Callable[P, R]) -> Callable[P, R]:
    """Run a service in one transaction with its `actor` as the current actor."""

    @wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        token = _actor.set(cast("Actor | None", kwargs.get("actor")))
        try:
            with transaction.atomic():
                return fn(*args, **kwargs)
        finally:
            _actor.reset(token)

    return wrapper


def history_user(request: Any = None, **kwargs: Any) -> Actor | None:
    """For simple_history: the acting service's actor, else the logged-in user of the request."""
    actor = _actor.get()
    if getattr(actor, "pk", None):
        return actor
    user = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None
