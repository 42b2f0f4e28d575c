"""A test base whose documents go to a temporary folder, with sample files of every kind."""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from spor.casefiles.demo import minimal_pdf
from tests.base import SporTestCase

SECRET_TEXT = "Malee Sukhon bor hos sin kusine i Vejle"
PDF = minimal_pdf(["Afgoerelse", SECRET_TEXT])
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 200
    + b"This program cannot be run in DOS mode"
)
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def zip_bomb() -> bytes:
    """A small zip that unpacks to 50 MB of zeros (never unpacked by Spor)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.bin", b"\x00" * 50_000_000)
    return buffer.getvalue()


def upload(content: bytes, name: str = "brev.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class CaseFileTestCase(SporTestCase):
    documents: Path

    def setUp(self) -> None:
        super().setUp()
        self.documents = Path(tempfile.mkdtemp(prefix="spor-docs-"))
        self.addCleanup(shutil.rmtree, self.documents, True)
        storages = {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            "documents": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": self.documents},
            },
        }
        overrider = override_settings(STORAGES=storages, DOCUMENT_MAX_MB=1)
        overrider.enable()
        self.addCleanup(overrider.disable)

    def stored_files(self) -> list[Path]:
        return [p for p in self.documents.rglob("*") if p.is_file()]

    def stored_bytes(self) -> bytes:
        return b"".join(p.read_bytes() for p in self.stored_files())
