"""Writes of the case file: journal notes and documents (docs/casefiles.md).

Append-only: a note is corrected by a new note naming the one it corrects; nothing is edited or
deleted except by erasure (`spor.people.purge`), which empties the encrypted columns and removes
the stored files.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spor.audit import services as audit
from spor.casefiles import files
from spor.casefiles.models import CaseDocument, DocumentKind, JournalNote, document_storage
from spor.cases.models import Case
from spor.common.actor import Actor, service
from spor.common.formats import number
from spor.organisations.permissions import require

log = logging.getLogger(__name__)

#: The longest note, in characters.
NOTE_MAX_LENGTH = 10_000
NAME_MAX_LENGTH = 255
FILE_MISSING = gettext_lazy("Vælg en fil.")


@service
def journal_note_add(*, actor: Actor, case: Case, text: str, corrects: JournalNote | None = None) -> JournalNote:
    """Add a dated note to the case's journal, or a note correcting an earlier one of the same case.

    The case's workers. Audit: journal.note_added (with the corrected note's code).
    """
    require(actor, "casefiles.write", case)
    text = (text or "").strip()
    errors: dict[str, list[str]] = {}
    if not text:
        errors["text"] = [_("Skriv notatet.")]
    elif len(text) > NOTE_MAX_LENGTH:
        errors["text"] = [
            _("Notatet er %(length)s tegn; højst %(max)s er tilladt.")
            % {"length": number(len(text)), "max": number(NOTE_MAX_LENGTH)}
        ]
    if corrects is not None and corrects.case_id != case.pk:
        errors["corrects"] = [_("Det rettede notat hører ikke til sagen.")]
    if errors:
        raise ValidationError(errors)
    note = JournalNote(case=case, author=actor, corrects=corrects)
    note.text = text
    note.save()
    extra = {"corrects": str(corrects.code)} if corrects is not None else {}
    audit.record(actor=actor, event="journal.note_added", subject=case, extra=extra)
    return note


def require_write(*, actor: Actor, case: Case) -> None:
    """Refuse early (before an upload's body is read) whoever may not write the case file."""
    require(actor, "casefiles.write", case)


def _megabytes(size: int) -> str:
    return number(round(size / 1_000_000, 1))


def document_size_error(size: int) -> str:
    """The message for a file over SPOR_DOCUMENT_MAX_MB, naming the file's size."""
    return _("Filen fylder %(size)s MB; højst %(max)s MB er tilladt.") % {
        "size": _megabytes(size),
        "max": number(settings.DOCUMENT_MAX_MB),
    }


@service
def document_upload(
    *, actor: Actor, case: Case, upload: Any, name: str, kind: str = DocumentKind.OTHER
) -> CaseDocument:
    """Store an uploaded document on the case, encrypted before it reaches storage.

    `upload` is a Django `UploadedFile` (or any file with `size` and `chunks()`). Refused with a
    field-named error: over SPOR_DOCUMENT_MAX_MB (naming the file's size), empty, or of a type
    not allowed by its content (docs/casefiles.md#documents). The case's workers.
    Audit: document.uploaded (type and size, never the name).
    """
    require(actor, "casefiles.write", case)
    errors: dict[str, list[str]] = {}
    size = int(getattr(upload, "size", 0) or 0)
    if kind not in DocumentKind.values:
        errors["kind"] = [_("Ukendt dokumenttype.")]
    if size > settings.DOCUMENT_MAX_MB * 1_000_000:
        errors["file"] = [document_size_error(size)]
    elif size == 0:
        errors["file"] = [_("Filen er tom.")]
    if errors:
        raise ValidationError(errors)
    upload.seek(0)
    content_type = files.detect(upload.read(files.HEAD))
    if content_type is None:
        raise ValidationError(
            {"file": [_("Filtypen er ikke tilladt. Tilladt er PDF, PNG, JPEG, DOCX, ODT og ren tekst.")]}
        )
    upload.seek(0)
    key, key_ct = files.new_key()
    storage: Any = document_storage()
    with files.sealed(upload.chunks(), key) as encrypted:
        stored = storage.save(files.random_name(), encrypted)
    try:
        document = CaseDocument(
            case=case, uploaded_by=actor, kind=kind, content_type=content_type, size=size, key_ct=key_ct, blob=stored
        )
        document.name = (name or "")[:NAME_MAX_LENGTH] or "dokument"
        document.save()
        audit.record(
            actor=actor,
            event="document.uploaded",
            subject=case,
            extra={"document": str(document.code), "type": content_type, "size": size},
        )
    except BaseException:
        storage.delete(stored)  # the row was not written: leave no file behind
        raise
    return document
