"""The upload limit, enforced while the request body is read (docs/casefiles.md#documents).

A request whose declared length is over the limit is refused before any of its body is read; one
that declares less but sends more is cut off at the limit, chunk by chunk. Django streams uploads
above FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file, so memory never holds the whole file.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

#: Room for the multipart envelope and the other fields around the file.
ENVELOPE = 64 * 1024


def limit_bytes() -> int:
    return int(settings.DOCUMENT_MAX_MB * 1_000_000)


class LimitHandler(FileUploadHandler):
    """Stops the upload once the body passes the limit; `too_large` then holds the size seen."""

    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        self.received = 0
        self.too_large: int | None = None

    def handle_raw_input(
        self, input_data: Any, META: Any, content_length: int, boundary: Any, encoding: Any = None
    ) -> None:
        # Raising here is not caught by Django's parser: the first chunk stops the upload instead.
        if content_length > limit_bytes() + ENVELOPE:
            self.too_large = content_length

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if self.too_large:
            raise StopUpload(connection_reset=False)
        self.received += len(raw_data)
        if self.received > limit_bytes():
            self.too_large = self.received
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def install(request: Any) -> LimitHandler | None:
    """Put the limit first among the request's upload handlers, if its body is not read yet."""
    handler = LimitHandler(request)
    try:
        request.upload_handlers.insert(0, handler)
    except AttributeError:  # the body was read already (the limit is then checked on the file)
        return None
    return handler


def declared_too_large(request: Any) -> int | None:
    """The declared body length, if over the limit: refused before a byte of the body is read."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    return length if length > limit_bytes() + ENVELOPE else None
