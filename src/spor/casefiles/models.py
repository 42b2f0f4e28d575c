"""The journal notes and documents of a case (docs/casefiles.md).

Both are append-only: a note is corrected by a new note that points to it, never edited or
deleted; a document is never replaced. Their text and their original file names are encrypted
like every free text about a person (`*_ct`, docs/architecture.md#encryption-at-rest); a
document's bytes are encrypted under a key of its own, kept wrapped under the field keys in
`key_ct`, so key rotation and erasure reach it like any other encrypted column.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import Storage
from django.db import models
from django.utils.translation import gettext_lazy as _

from spor.cases.models import Case
from spor.common.crypto import encrypted_text
from spor.common.models import Coded

USER = settings.AUTH_USER_MODEL


def document_storage() -> Storage:
    """The storage of the documents' encrypted bytes: `STORAGES["documents"]` (docs/casefiles.md#storage)."""
    from django.core.files.storage import storages

    return storages["documents"]


class JournalNote(Coded):
    """One dated note by a caseworker on a case; `corrects` names the note it corrects."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="journal_notes")
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    text_ct = models.TextField(blank=True)
    corrects = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    text = encrypted_text("text_ct")

    class Meta:
        indexes = [models.Index(fields=["case", "-created_at"])]


class DocumentKind(models.TextChoices):
    DECISION_LETTER = "decision_letter", _("afgørelsesbrev")
    PLAN = "plan", _("plan")
    REPORT = "report", _("rapport")
    OTHER = "other", _("andet")


class CaseDocument(Coded):
    """One uploaded document: the encrypted bytes in storage under a random name, the rest here."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=DocumentKind.choices, default=DocumentKind.OTHER)
    #: The type found in the content (never the name or the browser's word for it).
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    name_ct = models.TextField(blank=True)
    #: The document's own AES key, wrapped under the field keys; emptied by erasure.
    key_ct = models.TextField(blank=True)
    blob = models.FileField(storage=document_storage, max_length=200, blank=True)

    name = encrypted_text("name_ct")
