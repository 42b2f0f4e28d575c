"""The case file over the API: a case's journal notes and documents (docs/api.md#case-file).

The same services and selectors as the pages, so the same permissions: the case's workers only.
An upload is a multipart body with the part `file` (and optionally `kind`); its declared length
is checked against SPOR_DOCUMENT_MAX_MB before any of the body is read, and the body is cut off
at the limit while it is read (`spor.casefiles.uploads`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.responses import codes_4xx
from pydantic import Field

from spor.api import schemas as s
from spor.api.auth import actor
from spor.api.pagination import MAX_LIMIT
from spor.casefiles import selectors, services, uploads
from spor.casefiles.models import CaseDocument, DocumentKind, JournalNote
from spor.cases import selectors as cases

router = Router(tags=["case file"])
ERRORS: dict[Any, Any] = {codes_4xx: s.ErrorOut}


class NoteIn(Schema):
    text: str = Field(max_length=services.NOTE_MAX_LENGTH)
    corrects: UUID | None = None


class NoteOut(Schema):
    code: UUID
    written_at: datetime
    author: str
    text: str
    corrects: UUID | None
    corrected: bool


class NotePage(Schema):
    limit: int
    offset: int
    next_offset: int | None
    items: list[NoteOut]


class NotePageQuery(Schema):
    limit: int = Field(default=20, ge=1, le=MAX_LIMIT)
    offset: int = Field(default=0, ge=0, le=10_000_000)


class DocumentOut(Schema):
    code: UUID
    name: str
    kind: str
    content_type: str
    size: int
    uploaded_at: datetime
    uploaded_by: str


def note_out(note: JournalNote, corrected: set[Any]) -> dict[str, Any]:
    return {
        "code": note.code,
        "written_at": note.created_at,
        "author": note.author.username,
        "text": note.text,
        "corrects": note.corrects.code if note.corrects else None,
        "corrected": note.code in corrected,
    }


def document_out(document: CaseDocument) -> dict[str, Any]:
    return {
        "code": document.code,
        "name": document.name,
        "kind": document.kind,
        "content_type": document.content_type,
        "size": document.size,
        "uploaded_at": document.created_at,
        "uploaded_by": document.uploaded_by.username,
    }


@router.get("/cases/{uuid:code}/notes", response={200: NotePage, **ERRORS}, summary="The case's journal, newest first")
def note_list(request: HttpRequest, code: UUID, query: Query[NotePageQuery]) -> Any:
    case = cases.case_get_for(actor=actor(request), code=code)
    page = selectors.journal_page_for(actor=actor(request), case=case, offset=query.offset, limit=query.limit)
    items = [note_out(n, page.corrected) for n in page.notes]
    return {"limit": query.limit, "offset": query.offset, "next_offset": page.next_offset, "items": items}


@router.post("/cases/{uuid:code}/notes", response={201: NoteOut, **ERRORS}, summary="Add a journal note")
def note_add(request: HttpRequest, code: UUID, payload: NoteIn) -> Any:
    case = cases.case_get_for(actor=actor(request), code=code)
    corrects = None
    if payload.corrects:
        corrects = selectors.journal_note_get_for(actor=actor(request), case=case, code=payload.corrects)
    note = services.journal_note_add(actor=actor(request), case=case, text=payload.text, corrects=corrects)
    return Status(201, note_out(note, set()))


@router.get("/cases/{uuid:code}/documents", response={200: list[DocumentOut], **ERRORS}, summary="The case's documents")
def document_list(request: HttpRequest, code: UUID) -> Any:
    case = cases.case_get_for(actor=actor(request), code=code)
    return [document_out(d) for d in selectors.document_list_for(actor=actor(request), case=case)]


UPLOAD_BODY = {
    "requestBody": {
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "kind": {"type": "string", "enum": list(DocumentKind.values)},
                    },
                }
            }
        },
        "required": True,
    }
}


@router.post(
    "/cases/{uuid:code}/documents",
    response={201: DocumentOut, **ERRORS},
    summary="Upload a document (multipart, part `file`)",
    openapi_extra=UPLOAD_BODY,
)
def document_upload(request: HttpRequest, code: UUID) -> Any:
    """Authority first, then the declared size, then the body (read with the limit in force)."""
    case = cases.case_get_for(actor=actor(request), code=code)
    services.require_write(actor=actor(request), case=case)
    if (declared := uploads.declared_too_large(request)) is not None:
        raise ValidationError({"file": [services.document_size_error(declared)]})
    handler = uploads.install(request)
    upload = request.FILES.get("file")
    if handler is not None and handler.too_large:
        raise ValidationError({"file": [services.document_size_error(handler.too_large)]})
    if upload is None:
        raise ValidationError({"file": [services.FILE_MISSING]})
    kind = request.POST.get("kind") or DocumentKind.OTHER
    document = services.document_upload(
        actor=actor(request), case=case, upload=upload, name=upload.name or "", kind=kind
    )
    return Status(201, document_out(document))


@router.get(
    "/cases/{uuid:code}/documents/{uuid:document}",
    response={200: None, **ERRORS},
    summary="Download a document (always an attachment)",
)
def document_download(request: HttpRequest, code: UUID, document: UUID) -> Any:
    case = cases.case_get_for(actor=actor(request), code=code)
    download = selectors.document_open_for(actor=actor(request), case=case, code=document)
    return download.as_attachment()
