"""Optimistic concurrency: a save based on an old version is refused, naming what changed.

Models that can be edited by two people at once carry a `version` counter and a simple_history
log; `spor.common.update.model_update` bumps the version on every write. A service receives the
version the user read; if the row has moved on, the historical record of that version is compared
with the current row so the conflict says which fields changed.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from spor.common.errors import Conflict


def check_version(obj: Any, expected: int | None, fields: list[str]) -> None:
    """Raise Conflict if `obj.version` is not `expected` (None skips the check: a new value)."""
    if expected is None or obj.version == expected:
        return
    changed: list[str] = []
    old = obj.history.filter(version=expected).order_by("-history_id").first() if hasattr(obj, "history") else None
    if old is not None:
        changed = [name for name in fields if getattr(old, name, None) != getattr(obj, name, None)]
    raise Conflict(
        _("Posten er ændret af en anden, siden du åbnede den."),
        changed=changed or fields,
        current=obj,
    )
