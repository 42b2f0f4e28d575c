"""The analyst's sentence overrides and the revision note of a release (docs/statistics.md#narrative-overrides)."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from pathlib import Path
from typing import Any, ClassVar

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import SimpleTestCase
from openpyxl import load_workbook

from spor.stats.generate import generate
from spor.stats.publication import SENTENCES, Edition, UnknownOverride, narrative, sections
from spor.stats.render.html import html_document
from tests.stats.folders import definitions_folder, definitions_report
from tests.stats.test_text_2025 import report_2025

pytestmark = pytest.mark.nodb


class OverrideTests(SimpleTestCase):
    report: ClassVar[dict[str, Any]]

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.report = definitions_report(report_date=dt.date(2026, 4, 1))

    def test_every_sentence_and_headline_has_a_known_key(self) -> None:
        for report in (self.report, report_2025(self.report)):
            for lang in ("da", "en"):
                said = narrative(report, lang)
                with self.subTest(lang=lang):
                    self.assertTrue(said)
                    self.assertLessEqual({key for key, _text in said}, set(SENTENCES))
                    # Each paragraph is made of keyed sentences only: nothing is printed without a key.
                    texts = {text for _key, text in said}
                    for section in sections(report, lang):
                        self.assertIn(section.title, texts | {""})
                        for paragraph in section.paragraphs:
                            rest = paragraph
                            for _key, text in section.sentences:
                                rest = rest.replace(text, "")
                            self.assertEqual(rest.strip(), "", paragraph)

    def test_an_override_replaces_the_sentence_in_its_language_only(self) -> None:
        edition = Edition(
            overrides={
                "identified.text": "Fire personer blev vurderet udsat i 2025.",
                "en:identified.text": "Four persons were identified in 2025.",
                "da:gender.title": "Flest kvinder",
                "identified.change": "",
            }
        )
        danish = {s.key: s for s in sections(self.report, "da", edition)}
        english = {s.key: s for s in sections(self.report, "en", edition)}
        self.assertTrue(danish["identified"].paragraphs[0].startswith("Fire personer blev vurderet udsat i 2025. I "))
        self.assertNotIn("Det er et fald", danish["identified"].paragraphs[0])  # "" leaves the sentence out
        self.assertEqual(danish["gender"].title, "Flest kvinder")
        self.assertTrue(english["identified"].paragraphs[0].startswith("Four persons were identified in 2025."))
        self.assertIn("decrease", english["identified"].paragraphs[0])  # the Danish "" does not touch English
        self.assertNotEqual(english["gender"].title, "Flest kvinder")
        self.assertIn("Fire personer blev vurderet udsat i 2025.", html_document(self.report, "da", edition))

    def test_an_unknown_key_is_a_clear_error(self) -> None:
        with self.assertRaisesMessage(UnknownOverride, "'identified.txt'"):
            Edition(overrides={"identified.txt": "x"})
        with self.assertRaisesMessage(UnknownOverride, "'fr:identified.text'"):
            Edition(overrides={"fr:identified.text": "x"})
        with tempfile.TemporaryDirectory() as tmp, self.assertRaises(UnknownOverride):
            generate(2025, out=Path(tmp) / "out", source=Path(tmp) / "none", overrides={"nope": "x"})

    def test_a_key_of_a_sentence_absent_this_year_is_known_but_prints_nothing(self) -> None:
        # No slavery-like exploitation in the folder: the key is valid, nothing is printed.
        edition = Edition(overrides={"exploitation.slavery_like": "Ingen."})
        text = " ".join(p for s in sections(self.report, "da", edition) for p in s.paragraphs)
        self.assertNotIn("Ingen.", text)


class OverrideCommandTests(SimpleTestCase):
    def setUp(self) -> None:
        self._tmp = tempfile.TemporaryDirectory()
        self.folder = definitions_folder(Path(self._tmp.name) / "folder")
        self.out = Path(self._tmp.name) / "out"

    def tearDown(self) -> None:
        self._tmp.cleanup()

    def run_report(self, *args: str) -> tuple[str, str]:
        stdout, stderr = io.StringIO(), io.StringIO()
        call_command("report", "--year", "2025", "--from", str(self.folder), "--out", str(self.out), *args,
                     stdout=stdout, stderr=stderr)  # fmt: skip
        return stdout.getvalue(), stderr.getvalue()

    def test_the_command_takes_overrides_and_a_revision_note(self) -> None:
        stdout, _stderr = self.run_report(
            "--format", "html,xlsx", "--override", "identified.text=Rettet sætning om 2025.",
            "--override", "en:identified.text=Corrected.", "--revision-note", "Rettet efter fejl i 2024-tallene.",
        )  # fmt: skip
        html = (self.out / "report.html").read_text(encoding="utf-8")
        self.assertIn("Rettet sætning om 2025.", html)
        self.assertIn("Revideret udgave: Rettet efter fejl i 2024-tallene.", html)
        self.assertIn("report-internal.html", stdout)
        book = load_workbook(self.out / "report.xlsx")
        self.assertEqual(book["Indhold"]["C1"].value, "Revideret udgave: Rettet efter fejl i 2024-tallene.")

    def test_the_command_refuses_an_unknown_key_and_a_malformed_override(self) -> None:
        with self.assertRaisesMessage(CommandError, "'identified.txt'"):
            self.run_report("--override", "identified.txt=x")
        with self.assertRaisesMessage(CommandError, "KEY=TEXT"):
            self.run_report("--override", "identified.text")
        self.assertFalse(self.out.exists())

    def test_the_command_lists_the_sentence_keys(self) -> None:
        stdout, _stderr = self.run_report("--sentences", "--override", "gender.title=Flest kvinder")
        lines = dict(line.split("\t", 1) for line in stdout.splitlines())
        self.assertEqual(lines["gender.title"], "Flest kvinder")
        self.assertTrue(lines["identified.text"].startswith("I 2025 er fire personer vurderet udsat"))
        self.assertFalse(self.out.exists())
