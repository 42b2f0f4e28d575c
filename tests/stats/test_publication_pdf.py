"""The publication's PDF as a reader gets it, read back with pypdf (docs/adr/0011-pdf-tests.md).

The 2022 cohort (73 persons, a long overview table, no returns or police reports: warnings) in a
revised edition with an overridden sentence: no heading alone at a page foot, no table split with
a single row on a page, alternative text on every chart of the tagged PDF, the data-quality
warnings only in the internal appendix, the revision note on the front and the back page.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import Counter, defaultdict
from typing import Any, ClassVar

import pytest
from django.test import SimpleTestCase
from pypdf import PdfReader

from spor.stats.publication import Edition, Section, sections
from spor.stats.render.html import html_document, internal_document
from spor.stats.render.pdf import compile_pdf
from tests.stats.test_cmm_2022 import report_2022

pytestmark = pytest.mark.nodb

EDITION = Edition(
    overrides={"identified.text": "I 2022 vurderede myndighederne 73 personer udsat (rettet tekst)."},
    revision_note="Tallene for 2021 er rettet.",
    published_on=dt.date(2023, 4, 20),
)


def text_of(page: str) -> str:
    return re.sub(r"\s+", " ", page).strip()


def walk(node: Any, found: list[dict[str, Any]]) -> None:
    """Every structure element under `node` (the PDF's tag tree)."""
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, dict):
        if "/S" in node:
            found.append(node)
        if "/K" in node:
            walk(node["/K"], found)
    elif isinstance(node, list):
        for child in node:
            walk(child, found)


def lone_rows(rows: list[dict[str, int]]) -> dict[int, dict[int, int]]:
    """The tables over more than one page with a page holding a single row: {table: {page: rows}}."""
    by_table: dict[int, Counter[int]] = defaultdict(Counter)
    for row in rows:
        by_table[row["t"]][row["p"]] += 1
    return {t: dict(pages) for t, pages in by_table.items() if len(pages) > 1 and min(pages.values()) == 1}


class PublicationPdfTests(SimpleTestCase):
    report: ClassVar[dict[str, Any]]
    parts: ClassVar[list[Section]]
    reader: ClassVar[PdfReader]
    pages: ClassVar[list[str]]
    rows: ClassVar[list[dict[str, int]]]

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.report = report_2022()
        cls.parts = sections(cls.report, "da", EDITION)
        pdf, cls.rows = compile_pdf(cls.report, "da", EDITION)
        cls.reader = PdfReader(io.BytesIO(pdf))
        cls.pages = [page.extract_text() for page in cls.reader.pages]

    def test_no_heading_or_caption_is_the_last_line_of_a_page(self) -> None:
        titles = {s.title for s in self.parts}
        captions = {f"{t.number}. {t.title}" for s in self.parts for t in s.tables} | {
            f"{c.number}. {c.title}" for s in self.parts for c in s.charts
        }
        self.assertGreater(len(self.pages), 8)
        for n, page in enumerate(self.pages[1:-1], start=2):
            lines = [line.strip() for line in page.splitlines() if line.strip()]
            if lines and lines[-1].isdigit():
                lines = lines[:-1]  # the page number in the footer
            with self.subTest(page=n):
                self.assertTrue(lines)
                self.assertNotIn(lines[-1], titles)
                self.assertNotIn(lines[-1], captions)

    def test_no_table_is_split_with_a_single_row_on_a_page(self) -> None:
        by_table: dict[int, Counter[int]] = defaultdict(Counter)
        for row in self.rows:
            by_table[row["t"]][row["p"]] += 1
        split = {t: pages for t, pages in by_table.items() if len(pages) > 1}
        self.assertTrue(split, "the overview table of 73 persons runs over more than one page")
        for table, pages in split.items():
            with self.subTest(table=table):
                self.assertGreaterEqual(min(pages.values()), 2, dict(pages))

    def test_a_table_left_with_a_lone_row_is_moved_or_split(self) -> None:
        # A longer first sentence pushes the first table (the deciding authorities) so that, laid out
        # once, one of its rows is alone on a page: its last row at the top of the next page (50) or
        # its first row at the foot of a page (56).
        for n, where in ((50, "last"), (56, "first")):
            edition = Edition(overrides={"identified.text": "Tekst. " * (n * 6)})
            with self.subTest(where=where):
                _pdf, once = compile_pdf(self.report, "da", edition, passes=1)
                self.assertTrue(lone_rows(once), "laid out once, a table has a lone row on a page")
                pdf, rows = compile_pdf(self.report, "da", edition)
                self.assertEqual(lone_rows(rows), {})
                if where == "last":
                    self.assertIn("(fortsat)", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))

    def test_every_chart_has_its_alternative_text_in_a_tagged_pdf(self) -> None:
        root = self.reader.trailer["/Root"]
        self.assertTrue(root["/MarkInfo"]["/Marked"])
        self.assertEqual(root["/Lang"], "da")
        elements: list[dict[str, Any]] = []
        walk(root["/StructTreeRoot"], elements)
        alts = [str(e["/Alt"]) for e in elements if e["/S"] == "/Figure" and "/Alt" in e]
        charts = [c for s in self.parts for c in s.charts]
        self.assertEqual(len([e for e in elements if e["/S"] == "/Figure"]), len(charts))
        self.assertEqual(len(alts), len(charts))
        for chart in charts:
            with self.subTest(chart=chart.title):
                self.assertTrue(any(chart.title in alt for alt in alts))

    def test_the_warnings_are_in_the_internal_appendix_never_in_the_public_files(self) -> None:
        warnings = [w["da"] for w in self.report["warnings"]]
        self.assertTrue(any("returns.csv" in w for w in warnings))
        public = text_of(" ".join(self.pages)) + html_document(self.report, "da", EDITION)
        internal = internal_document(self.report, "da")
        self.assertIn("INTERNT", internal)
        for warning in warnings:
            with self.subTest(warning=warning):
                self.assertNotIn(warning, public)
                self.assertIn(warning, internal)
        self.assertNotIn(".csv mangler", public)
        self.assertNotIn("Datakvalitet", public)

    def test_the_same_edition_gives_the_same_pdf(self) -> None:
        first, _rows = compile_pdf(self.report, "da", EDITION)
        again, _rows = compile_pdf(self.report, "da", EDITION)
        self.assertEqual(first, again)
        metadata = PdfReader(io.BytesIO(first)).metadata
        self.assertIsNotNone(metadata)
        assert metadata is not None
        self.assertTrue(str(metadata["/CreationDate"]).startswith("D:20230420"), metadata["/CreationDate"])

    def test_the_revision_note_and_the_override_are_printed(self) -> None:
        front, back = text_of(self.pages[0]), text_of(self.pages[-1])
        self.assertIn("Revideret udgave: Tallene for 2021 er rettet.", front)
        self.assertIn("April 2023", front)
        self.assertIn("Tallene for 2021 er rettet.", back)
        self.assertIn("Der kan frit citeres fra statistikken med angivelse af kilde.", back)
        everything = text_of(" ".join(self.pages))
        self.assertIn("I 2022 vurderede myndighederne 73 personer udsat (rettet tekst).", everything)
        self.assertNotIn("I 2022 er 73 personer vurderet udsat", everything)
