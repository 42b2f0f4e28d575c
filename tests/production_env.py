"""An environment in which the settings load in production mode: every secret set, none a demo value.

Tests that start Spor in production mode in a fresh process take this and change one variable.
"""

from __future__ import annotations

import base64
import secrets

PRODUCTION: dict[str, str] = {
    "SPOR_DEBUG": "0",
    "SPOR_SECOND_FACTOR": "1",
    "SPOR_SECRET_KEY": secrets.token_urlsafe(50),
    "SPOR_FIELD_KEYS": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii"),
    "SPOR_BLIND_INDEX_KEY": secrets.token_urlsafe(32),
    "SPOR_AUDIT_KEY": secrets.token_urlsafe(48),
    "SPOR_BACKUP_KEY": secrets.token_urlsafe(32),
}


def production(*, without: str = "", **changes: str) -> dict[str, str]:
    """PRODUCTION with `without` (and its `_FILE` form) left out and `changes` applied."""
    env = {k: v for k, v in PRODUCTION.items() if k != without}
    return env | changes
