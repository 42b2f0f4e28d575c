"""Encryption at rest of identifying data: the helpers live in `spor.common.crypto`, so that apps
which may not import people (screening) use the same keys (docs/architecture.md#encryption-at-rest)."""

from spor.common.crypto import decrypt_json, encrypt_json, encrypted_text, generate_key, rotate

__all__ = ["decrypt_json", "encrypt_json", "encrypted_text", "generate_key", "rotate"]
