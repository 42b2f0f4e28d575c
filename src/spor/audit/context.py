"""Where the current request or command comes from, for the audit trail's `via`.

Web views, API endpoints and CLI commands set it; services read it when they write audit rows.
A context variable works for threads and async alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_via: ContextVar[str] = ContextVar("spor_via", default="")


def current_via() -> str:
    return _via.get()


@contextmanager
def via(label: str) -> Iterator[None]:
    token = _via.set(label)
    try:
        yield
    finally:
        _via.reset(token)
