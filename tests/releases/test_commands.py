"""The release workflow and the published history at the command line (docs/statistics.md#releases)."""

from __future__ import annotations

import hashlib
import tempfile
from datetime import date
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command

from spor.interchange.models import HistoricalIdentified
from spor.releases.models import Release, ReleaseState
from tests.base import SporTestCase
from tests.make import make_identified_case


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


class ReleaseCommandTests(SporTestCase):
    def test_load_published_then_a_release_approved_published_and_downloaded(self) -> None:
        self.assertIn("historical_identified", run("load_published"))
        self.assertEqual(HistoricalIdentified.objects.get(year=2013).total, 76)
        make_identified_case(self.caseworker, on=date(2025, 3, 2))

        with self.assertRaisesMessage(CommandError, "--as"):
            run("report", "--year", "2025", "--release")
        with self.assertRaisesMessage(CommandError, "kun analytikere"):
            run("report", "--year", "2025", "--release", "--as", self.caseworker.username)
        printed = run("report", "--year", "2025", "--release", "--as", self.analyst.username)
        release = Release.objects.get(year=2025)
        self.assertEqual((release.state, release.frozen_by), (ReleaseState.REVIEW, self.analyst))
        self.assertIn(release.digest, printed)

        with self.assertRaisesMessage(CommandError, "not allowed"):
            run("release", "approve", "--year", "2025", "--as", self.analyst.username)
        run("release", "approve", "--year", "2025", "--as", self.manager.username)
        run("release", "publish", "--year", "2025", "--as", self.manager.username)
        with tempfile.TemporaryDirectory() as tmp:
            run("release", "download", tmp, "--year", "2025", "--as", self.manager.username)
            pdf = Path(tmp) / "report.pdf"
            self.assertEqual(hashlib.sha256(pdf.read_bytes()).hexdigest(), release.files.get(name="report.pdf").sha256)

        # A correction: --note on a year whose release is published makes revision 2 with the note.
        make_identified_case(self.caseworker, on=date(2025, 5, 2))
        run("report", "--year", "2025", "--release", "--note", "To sager manglede.", "--as", self.analyst.username)
        revised = Release.objects.get(year=2025, revision=2)
        self.assertEqual((revised.state, revised.revision_note), (ReleaseState.REVIEW, "To sager manglede."))
        self.assertEqual(revised.report["identified"]["total"], 2)
        self.assertIn("rev. 2: review", run("release", "status", "--year", "2025", "--as", self.manager.username))
