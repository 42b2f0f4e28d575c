"""Errors shared by services, selectors, views and the API."""

from __future__ import annotations

from django.core.exceptions import ValidationError


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
