"""Errors shared by services, selectors, views and the API."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections


class NotFound(Exception):
    """Raised for a missing object and for one the actor may not see: the two are one answer.

    See docs/architecture.md#missing-not-forbidden.
    """


class Conflict(Exception):
    """Raised when a record changed since the caller read it (optimistic version check).

    `changed` names the fields that differ between the caller's version and the stored one.
    """

    def __init__(self, message: str, *, changed: list[str] | None = None, current: object = None) -> None:
        super().__init__(message)
        self.changed = changed or []
        self.current = current


class IdempotencyMismatch(ValidationError):
    """An idempotency key used again with a different request: neither a replay nor a new request.

    A ValidationError naming `idempotency_key`, so a form shows it; the API answers 422.
    """


def connection_lost(exc: BaseException) -> bool:
    """Whether `exc` means the database connection was lost or could not be made.

    Only then is a request answered 503 (docs/operations.md#database-faults). The same exception
    classes also carry a bad statement (SQLite's "no such column"), which stays a server error.
    PostgreSQL names the cause: SQLSTATE class 08 (connection exception) or 57 (operator
    intervention: the backend terminated, the server shutting down); none when the client found
    the connection already closed.
    """
    if isinstance(exc, InterfaceError):
        return True
    if not isinstance(exc, OperationalError):
        return False
    raw = connections[DEFAULT_DB_ALIAS].connection
    if raw is None or getattr(raw, "closed", False) or getattr(raw, "broken", False):
        return True
    cause = exc.__cause__
    if cause is None or not hasattr(cause, "sqlstate"):
        return False  # SQLite: no connection to lose
    return cause.sqlstate is None or str(cause.sqlstate).startswith(("08", "57"))
