"""The identified persons of a case complex in the statistics (docs/definitions.md#case-complexes)."""

import shutil
import tempfile
from datetime import date
from pathlib import Path

import polars as pl

from spor.cases import services
from spor.interchange.exporter import folder_write
from spor.interchange.registry import registry_folder
from spor.stats.extract import tables_from_folder, tables_from_registry
from spor.stats.report import build_report
from tests.base import SporTestCase
from tests.make import make_identified_case


class ComplexFigureTests(SporTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        found = services.complex_create(actor=cls.caseworker, name="Lotus", kind="network")
        other = services.complex_create(actor=cls.caseworker, name="Jasmin", kind="employer")
        cases = [make_identified_case(cls.caseworker, on=date(2026, 3, 2 + n)) for n in range(4)]
        for case in cases[:3]:
            services.complex_link_case(actor=cls.caseworker, complex=found, case=case)
        services.complex_link_case(actor=cls.caseworker, complex=other, case=cases[0])  # in two complexes
        cls.folder = Path(tempfile.mkdtemp())
        folder_write(registry_folder(), cls.folder)

    def test_it_counts_the_identified_persons_in_a_complex_from_the_registry_and_the_export(self):
        for source, tables in (("registry", tables_from_registry()), ("export", tables_from_folder(self.folder))):
            with self.subTest(source=source):
                identified = build_report(tables, 2026)["identified"]
                self.assertEqual(identified["total"], 4)
                self.assertEqual(identified["in_complex"], {"persons": 3, "complexes": 2})

    def test_a_folder_without_the_column_has_no_such_figure(self):
        older = Path(tempfile.mkdtemp()) / "older"
        shutil.copytree(self.folder, older)
        decisions = older / "decisions.csv"
        pl.read_csv(decisions, infer_schema=False).drop("complex_ids").write_csv(decisions)
        identified = build_report(tables_from_folder(older), 2026)["identified"]
        self.assertEqual(identified["total"], 4)
        self.assertNotIn("in_complex", identified)

    def test_the_codes_carry_no_name(self):
        text = (self.folder / "decisions.csv").read_text(encoding="utf-8")
        self.assertNotIn("Lotus", text)
        self.assertIn("complex_ids", text.splitlines()[0])
