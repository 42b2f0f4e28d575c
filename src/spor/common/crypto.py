"""Encryption at rest of identifying data (docs/architecture.md#encryption-at-rest).

Fernet (AES-128-CBC + HMAC-SHA256, from `cryptography`) under a MultiFernet of the keys in
SPOR_FIELD_KEYS: the first key encrypts, every key decrypts, so a new key is put first, then
`spor rotate-keys` re-encrypts every value under it, then the old key can be dropped.

Every encrypted column is a text column named `*_ct`: key rotation and erasure find them by that
name, in every app and in the history tables. `encrypted_text` gives a model a plain-text property
over such a column. The helpers live in `common` so that apps which may not import `people`
(screening) encrypt with the same keys.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured("SPOR_FIELD_KEYS: each key must be 32 url-safe base64-encoded bytes") from exc


def _current() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_KEYS))


def encrypt_json(value: Any) -> str:
    """Encrypt a JSON-serialisable value; empty values are stored as the empty string."""
    if value in (None, "", {}, []):
        return ""
    return _current().encrypt(json.dumps(value, ensure_ascii=False, sort_keys=True).encode()).decode()


def decrypt_json(token: str, default: Any = None) -> Any:
    if not token:
        return default
    try:
        return json.loads(_current().decrypt(token.encode()))
    except InvalidToken:
        # A value under a key no longer configured: never show garbage, never crash a page.
        raise ImproperlyConfigured("SPOR_FIELD_KEYS: a stored value cannot be decrypted with the keys given") from None


def encrypted_text(column: str) -> property:
    """A property that reads and writes the text of the encrypted column `column` (a `*_ct` field).

    A `property`, so a model's constructor and `objects.create` accept it by name like a field.
    The column can be neither filtered nor ordered on: that is the point of encrypting it.
    """

    def read(instance: object) -> str:
        return str(decrypt_json(getattr(instance, column), ""))

    def write(instance: object, value: str | None) -> None:
        setattr(instance, column, encrypt_json(value or None))

    return property(read, write, doc=f"The decrypted text of `{column}`.")


def rotate(token: str) -> str:
    """Re-encrypt one value under the newest key (MultiFernet.rotate keeps the timestamp)."""
    if not token:
        return token
    return _current().rotate(token.encode()).decode()


def generate_key() -> str:
    return Fernet.generate_key().decode()
