"""Demo journal notes and small generated PDFs on demo cases (synthetic, never real persons)."""

from __future__ import annotations

import random
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from spor.casefiles import services
from spor.casefiles.models import DocumentKind
from spor.cases.models import Case
from spor.common.actor import Actor

NOTES = [
    "Første samtale gennemført med tolk. Personen er træt men samarbejdsvillig.",
    "Telefonopkald fra krisecentret: personen er faldet godt til.",
    "Aftalt nyt møde om to uger vedrørende helbred og juridisk rådgivning.",
    "Personen ønsker at tale med en advokat før en eventuel politianmeldelse.",
    "Opfølgning: lægebesøg gennemført, næste kontrol om en måned.",
]


def minimal_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with `lines` of ASCII text in Helvetica, built by hand (small and valid)."""
    safe = [line.encode("ascii", "replace").decode().replace("(", "[").replace(")", "]") for line in lines]
    text = "\n".join(f"BT /F1 12 Tf 72 {760 - 18 * i} Td ({line}) Tj ET" for i, line in enumerate(safe)).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def case_file_demo(*, actor: Actor, case: Case, on: date) -> None:
    """One to three notes on the case; on about one case in ten also a short decision letter.

    Its own random numbers (seeded by the case's row), so the rest of the demo stays as it was.
    """
    rng = random.Random(case.pk)  # noqa: S311 - synthetic data, not security
    for text in rng.sample(NOTES, rng.randint(1, 3)):
        services.journal_note_add(actor=actor, case=case, text=text)
    if rng.random() < 0.1:
        pdf = minimal_pdf([f"Sag {case.number}", f"Afgoerelse af {on.isoformat()}", "Demodokument (syntetisk)."])
        upload = SimpleUploadedFile("afgoerelse.pdf", pdf, content_type="application/pdf")
        services.document_upload(
            actor=actor, case=case, upload=upload, name="afgørelsesbrev.pdf", kind=DocumentKind.DECISION_LETTER
        )
