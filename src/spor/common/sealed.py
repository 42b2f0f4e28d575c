"""The encrypted, authenticated container of a backup file (docs/operations.md#backup-file-format).

Also the container of a stored case document (docs/casefiles.md#documents), under the document's
own key and its own magic: it lives in `common` so the domain apps can use it.

A backup holds password hashes, TOTP seeds and the encrypted identities, so the whole file is
sealed under SPOR_BACKUP_KEY, streaming, so memory stays at one chunk whatever the size:

    header  = MAGIC | version (1 byte) | salt (16) | nonce prefix (7) | key check (16)
    chunks  = AES-256-GCM(plaintext chunk of 1 MiB), each with its 16-byte tag

The file key and the key-check key come from SPOR_BACKUP_KEY by HKDF-SHA256 with the file's random
salt, so every file has its own key and nonces never repeat across files. Chunk i's nonce is the
prefix, i as 4 bytes and a final-chunk flag (the STREAM construction); every chunk is also bound to
the whole header as associated data. So a flipped bit fails that chunk's tag, reordered chunks fail
on their counter, a file cut at a chunk boundary fails because its last chunk was not sealed as
final, and appended bytes fail because the final chunk is then opened as not final. The key check
tells a wrong key apart from a damaged file before any chunk is read.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import struct
from collections.abc import Iterator
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"SPOR-BACKUP\0"
VERSION = 2
CHUNK = 1 << 20
TAG = 16
_SALT, _PREFIX, _CHECK = 16, 7, 16
HEADER_SIZE = len(MAGIC) + 1 + _SALT + _PREFIX + _CHECK
_MAX_CHUNKS = 1 << 32


class BackupError(Exception):
    """A backup that cannot be written or read; the message names the cause, never any data."""


def _keys(secret: str, salt: bytes) -> tuple[bytes, bytes]:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=64, salt=salt, info=b"spor-backup/2")
    material = hkdf.derive(secret.encode())
    return material[:32], material[32:]


def _check(check_key: bytes, head: bytes) -> bytes:
    return hmac.new(check_key, head, hashlib.sha256).digest()[:_CHECK]


def _nonce(prefix: bytes, counter: int, final: bool) -> bytes:
    return prefix + struct.pack(">I?", counter, final)


class SealedWriter:
    """Encrypt what is written to `handle` chunk by chunk; `close()` seals the final chunk."""

    def __init__(self, handle: BinaryIO, secret: str, *, magic: bytes = MAGIC) -> None:
        if len(magic) != len(MAGIC):
            raise ValueError("the magic must be as long as the backup's")
        salt, self._prefix = os.urandom(_SALT), os.urandom(_PREFIX)
        key, check_key = _keys(secret, salt)
        head = magic + bytes([VERSION]) + salt + self._prefix
        self._header = head + _check(check_key, head)
        self._aead = AESGCM(key)
        self._handle = handle
        self._buffer = bytearray()
        self._counter = 0
        handle.write(self._header)

    def write(self, data: bytes) -> None:
        self._buffer += data
        # Keep at least one byte back: the final chunk is sealed by close(), never here.
        while len(self._buffer) > CHUNK:
            self._seal(bytes(self._buffer[:CHUNK]), final=False)
            del self._buffer[:CHUNK]

    def close(self) -> None:
        self._seal(bytes(self._buffer), final=True)
        self._buffer.clear()

    def _seal(self, plain: bytes, *, final: bool) -> None:
        if self._counter >= _MAX_CHUNKS:
            raise BackupError("the backup is larger than one file can hold (4 TiB)")
        nonce = _nonce(self._prefix, self._counter, final)
        self._handle.write(self._aead.encrypt(nonce, plain, self._header))
        self._counter += 1


def open_sealed(handle: BinaryIO, secret: str, *, magic: bytes = MAGIC) -> Iterator[bytes]:
    """Yield the plaintext chunks of a sealed file, each checked before it is yielded.

    Raises BackupError naming what is wrong (not a backup, unknown version, wrong key, damaged or
    cut short) as soon as it is found; the caller must discard what it got before the error.
    """
    header = handle.read(HEADER_SIZE)
    if len(header) < HEADER_SIZE or not header.startswith(magic):
        raise BackupError("not a Spor backup file (or one of the old unencrypted format)")
    if header[len(MAGIC)] != VERSION:
        raise BackupError(f"backup format version {header[len(MAGIC)]} is not supported (expected {VERSION})")
    salt = header[len(MAGIC) + 1 : len(MAGIC) + 1 + _SALT]
    prefix = header[len(MAGIC) + 1 + _SALT : -_CHECK]
    key, check_key = _keys(secret, salt)
    if not hmac.compare_digest(_check(check_key, header[:-_CHECK]), header[-_CHECK:]):
        raise BackupError("SPOR_BACKUP_KEY does not open this backup (wrong key, or a damaged header)")
    aead = AESGCM(key)
    counter = 0
    block = handle.read(CHUNK + TAG)
    while True:
        following = handle.read(CHUNK + TAG) if len(block) == CHUNK + TAG else b""
        final = not following
        if len(block) < TAG:
            raise BackupError("the backup is cut short")
        try:
            plain = aead.decrypt(_nonce(prefix, counter, final), block, header)
        except InvalidTag:
            raise BackupError(f"the backup is damaged, altered or cut short (at chunk {counter + 1})") from None
        yield plain
        if final:
            return
        block, counter = following, counter + 1
