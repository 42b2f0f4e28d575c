"""A document's bytes: what type they are, and their encryption in storage (docs/casefiles.md#documents).

The type is found in the content, never in the name or in what the browser says: `filetype` reads
the signature of PDF, PNG, JPEG, DOCX and ODT (docs/adr/0008-document-types.md), and plain text is
UTF-8 without control characters and without markup, so an SVG or an HTML page with a script in
it is refused even named `.txt` or `.pdf`. Nothing is ever unpacked: a DOCX or ODT is recognised
from its first entries, so a zip bomb costs nothing but its size, which the limit bounds.

The bytes are sealed before they reach storage, by the streaming AES-256-GCM container of
`spor.common.sealed`, under a random key of the document's own; that key is kept wrapped under the
field keys (`CaseDocument.key_ct`). The file's name in storage is random.
"""

from __future__ import annotations

import re
import secrets
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import PurePosixPath
from typing import Any

import filetype
from django.core.files import File

from spor.common import crypto
from spor.common.sealed import BackupError, SealedWriter, open_sealed

MAGIC = b"SPOR-DOCFIL\0"
#: How much of the start of a file the type check reads.
HEAD = 8192

TEXT = "text/plain"
#: The types a document may have, with the extension its download name gets.
ALLOWED = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.oasis.opendocument.text": "odt",
    TEXT: "txt",
}
_CONTROL = set(range(0, 9)) | {11, 12} | set(range(14, 32)) | {127}
_MARKUP = re.compile(rb"<\s*(svg|script|html|!doctype|\?xml|iframe|object|embed)\b", re.IGNORECASE)


class DocumentDamaged(Exception):
    """Stored bytes that do not open under the document's key (altered, cut short, or erased)."""


def detect(head: bytes) -> str | None:
    """The content type of a file that starts with `head`, if it is one of `ALLOWED`, else None."""
    kind = filetype.guess(head)
    if kind is not None:
        return kind.mime if kind.mime in ALLOWED else None
    return TEXT if _is_plain_text(head) else None


def _is_plain_text(head: bytes) -> bool:
    if not head or _MARKUP.search(head) or head.lstrip().startswith(b"<"):
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # The head may cut a character in two at its end; anything else is not UTF-8 text.
        if exc.start < len(head) - 3:
            return False
        text = head[: exc.start].decode("utf-8")
    return not any(ord(ch) in _CONTROL for ch in text)


def safe_name(name: str, content_type: str) -> str:
    """A download name: no folders, no quotes or control characters, the extension of the type."""
    base = PurePosixPath(name.replace("\\", "/")).name
    base = unicodedata.normalize("NFC", base)
    base = re.sub(r"[^\w .()-]", "_", base)
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = stem.strip(" ._")[:100] or "dokument"
    return f"{stem}.{ALLOWED.get(content_type, 'bin')}"


def new_key() -> tuple[str, str]:
    """A new document key and its wrapped form for `key_ct`."""
    key = secrets.token_urlsafe(32)
    return key, crypto.encrypt_json(key)


def sealed(chunks: Iterable[bytes], key: str) -> File[Any]:
    """The encrypted form of `chunks` in a temporary file (memory holds one chunk at a time)."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - handed to storage, closed by the caller
    writer = SealedWriter(handle, key, magic=MAGIC)
    for chunk in chunks:
        writer.write(chunk)
    writer.close()
    handle.seek(0)
    return File(handle)


def opened(handle: Any, key_ct: str) -> Iterator[bytes]:
    """The plain bytes of a stored document, chunk by chunk, each checked before it is given."""
    key = crypto.decrypt_json(key_ct, "")
    if not key:
        raise DocumentDamaged("the document's key is gone (erased)")
    try:
        yield from open_sealed(handle, key, magic=MAGIC)
    except BackupError as exc:
        raise DocumentDamaged("the stored document does not open under its key") from exc


def random_name() -> str:
    """A storage name that says nothing about the document."""
    return f"documents/{secrets.token_hex(2)}/{secrets.token_hex(16)}"
