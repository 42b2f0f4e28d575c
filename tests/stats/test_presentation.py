"""The publication's presentation: English from the catalogues, escaped HTML, counted warnings."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

import pytest
from babel.messages.pofile import read_po
from django.test import SimpleTestCase

from spor.stats.publication import Edition, sections
from spor.stats.render.html import html_document, internal_document
from spor.web.messages import OWN_CATALOGUES, catalogue
from tests.stats.folders import definitions_report

pytestmark = pytest.mark.nodb


class PresentationTests(SimpleTestCase):
    report: ClassVar[dict[str, Any]]

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.report = definitions_report(report_date=dt.date(2026, 12, 6))

    def test_the_catalogues_of_statistics_and_estimation_are_translated(self) -> None:
        for app in OWN_CATALOGUES:
            with catalogue(app).open("rb") as f:
                messages = [m for m in read_po(f) if m.id]
            with self.subTest(app=app):
                self.assertGreater(len(messages), 30)
                missing = [m.id for m in messages if not (m.string if isinstance(m.string, str) else all(m.string))]
                self.assertEqual(missing, [])

    def test_it_writes_the_publication_in_english_from_the_catalogue(self) -> None:
        english = sections(self.report, "en")
        text = " ".join(
            [s.title for s in english]
            + [p for s in english for p in s.paragraphs]
            + [str(c) for s in english for t in s.tables for c in [t.title, *t.header]]
        )
        self.assertIn("Police reports", text)
        self.assertIn("About the statistics", text)
        for danish in ("personer", "udsat for menneskehandel", "Henvendelser", " og ", " af ", " er ", "Flest",
                       "udredt", "hjemrejst", "NGO'er", "Udgivet"):  # fmt: skip
            self.assertNotIn(danish, text)
        self.assertIn("Internal appendix: data quality", internal_document(self.report, "en"))

    def test_the_english_edition_agrees_in_number(self) -> None:
        # The folder has one of many things: the English verbs follow the count, never "1 persons".
        text = " ".join(p for s in sections(self.report, "en") for p in s.paragraphs)
        for sentence in (
            "Of the 4 victims identified in 2025, one was trafficked for sexual exploitation.",
            "One person was trafficked for forced labour: one man.",
            "The man was exploited for forced labour.",
            "One person was under 18.",
            "One person has no recorded status.",
            "One person was still receiving support under the national action plan at the end of 2025.",
            "Most of those assessed come from Poland: in 2025, one person from Poland was assessed for human "
            "trafficking.",
        ):
            with self.subTest(sentence=sentence):
                self.assertIn(sentence, text)
        self.assertNotRegex(text, r"\b(1|one|One) persons\b|\bone were\b|\bOne person were\b")

    def test_it_counts_warnings_in_singular_and_plural(self) -> None:
        warnings = {w["code"]: w for w in self.report["warnings"]}
        missing = warnings["exploitation_missing"]
        self.assertEqual(missing["count"], 1)
        self.assertEqual(missing["da"], "1 afgørelse uden udnyttelsesform (talt som uafklaret)")
        self.assertEqual(missing["en"], "1 decision without exploitation (as undetermined)")

    def test_it_escapes_text_in_the_html(self) -> None:
        report = dict(self.report, warnings=[{"code": "folder", "count": 1, "da": "<b>fed</b> & co", "en": "x"}])
        for page in (
            internal_document(report, "da"),
            html_document(self.report, "da", Edition(overrides={"identified.text": "<b>fed</b> & co"})),
        ):
            self.assertIn("&lt;b&gt;fed&lt;/b&gt; &amp; co", page)
            self.assertNotIn("<b>fed</b>", page)
        page = html_document(report, "da")
        self.assertIn('<svg role="img" aria-label="', page)
        self.assertIn("<html lang='da'>", page)
