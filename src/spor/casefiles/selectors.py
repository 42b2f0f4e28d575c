"""Reads of the case file (docs/casefiles.md): every read of a note's text or a document's bytes
is written to the read log under the case's person (docs/architecture.md#read-log)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header

from spor.audit import services as audit
from spor.casefiles import files
from spor.casefiles.models import CaseDocument, JournalNote, document_storage
from spor.cases.models import Case
from spor.common.errors import NotFound
from spor.organisations.permissions import require

PAGE_SIZE = 20


@dataclass(frozen=True)
class NotePage:
    notes: list[JournalNote]
    #: Codes of the notes on this page that a later note corrects.
    corrected: set[Any]
    offset: int
    next_offset: int | None
    previous_offset: int | None


def journal_page_for(*, actor: Any, case: Case, offset: int = 0, limit: int = PAGE_SIZE) -> NotePage:
    """One page of the case's notes, newest first, decrypted; the read is logged once per page."""
    require(actor, "casefiles.read", case)
    offset = max(0, offset)
    queryset = case.journal_notes.select_related("author", "corrects").order_by("-created_at", "-pk")
    rows = list(queryset[offset : offset + limit + 1])
    notes = rows[:limit]
    if notes:
        audit.read_logged(actor=actor, person_code=str(case.person.code), fields=f"journal:{case.code}")
    corrected = set(
        case.journal_notes.filter(corrects__in=[n.pk for n in notes]).values_list("corrects__code", flat=True)
    )
    return NotePage(
        notes=notes,
        corrected=corrected,
        offset=offset,
        next_offset=offset + limit if len(rows) > limit else None,
        previous_offset=max(0, offset - limit) if offset else None,
    )


def journal_note_get_for(*, actor: Any, case: Case, code: Any) -> JournalNote:
    """A note of the case (for a correction to point to); NotFound if not this case's."""
    require(actor, "casefiles.read", case)
    try:
        return case.journal_notes.get(code=code)
    except (JournalNote.DoesNotExist, ValueError, TypeError):
        raise NotFound from None


def document_list_for(*, actor: Any, case: Case) -> list[CaseDocument]:
    """The case's documents, newest first, with their names decrypted (the read is logged)."""
    require(actor, "casefiles.read", case)
    documents = list(case.documents.select_related("uploaded_by").order_by("-created_at", "-pk"))
    if documents:
        audit.read_logged(actor=actor, person_code=str(case.person.code), fields=f"documents:{case.code}")
    return documents


@dataclass(frozen=True)
class Download:
    name: str
    content_type: str
    size: int
    chunks: Iterator[bytes]

    def as_attachment(self) -> StreamingHttpResponse:
        """The download as the web and the API send it: always an attachment, with the type found at
        upload, nosniff, a sandboxing policy and no caching (docs/casefiles.md#documents)."""
        response = StreamingHttpResponse(self.chunks, content_type=self.content_type)
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=self.name) or ""
        response["Content-Length"] = str(self.size)
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "no-store"
        return response


def document_open_for(*, actor: Any, case: Case, code: Any) -> Download:
    """A document's plain bytes for download; every call writes the read log."""
    require(actor, "casefiles.read", case)
    try:
        document = case.documents.get(code=code)
    except (CaseDocument.DoesNotExist, ValueError, TypeError):
        raise NotFound from None
    if not document.blob or not document.key_ct:
        raise NotFound  # erased
    audit.read_logged(actor=actor, person_code=str(case.person.code), fields=f"document:{document.code}")
    storage: Any = document_storage()
    try:
        handle = storage.open(document.blob.name, "rb")
    except FileNotFoundError:  # e.g. a database restored without its documents (docs/operations.md)
        raise NotFound from None

    def chunks() -> Iterator[bytes]:
        with handle:
            yield from files.opened(handle, document.key_ct)

    return Download(
        name=files.safe_name(document.name, document.content_type),
        content_type=document.content_type,
        size=document.size,
        chunks=chunks(),
    )
