"""The 2024 exploitation codes and the complexes an export names, through an import
(docs/definitions.md#exploitation, docs/interchange.md#derived-columns)."""

import tempfile
import uuid
from pathlib import Path

from spor.cases.models import CaseComplex, Decision
from spor.interchange.importer import interchange_import
from spor.interchange.reader import read_folder
from tests.base import SporTestCase
from tests.stats.folders import decision, person, write_folder

CODE = str(uuid.UUID(int=7))


class TracksImportTests(SporTestCase):
    def folder(self) -> Path:
        root = Path(tempfile.mkdtemp()) / "in"
        return write_folder(
            root,
            {
                "persons": [person("P-1", "female", year="1990", nat="CN"), person("P-2", "female", year="1992")],
                "decisions": [
                    decision("D-1", "P-1", "2025-03-01", primary_exploitation="forced_marriage", complex_ids=CODE),
                    decision("D-2", "P-2", "2025-03-02", secondary_exploitation="surrogacy;illegal_adoption",
                             complex_ids=f"{CODE};Operation Lotus"),
                ],
            },
        )  # fmt: skip

    def test_it_imports_the_codes_and_links_the_complexes(self):
        interchange_import(actor=None, folder=read_folder(self.folder()), source=None)
        self.assertEqual(Decision.objects.get(external_id="D-1").primary_exploitation, "forced_marriage")
        self.assertEqual(
            Decision.objects.get(external_id="D-2").secondary_exploitation, ["surrogacy", "illegal_adoption"]
        )
        found = CaseComplex.objects.get(code=CODE)
        self.assertEqual(found.cases.count(), 2)
        self.assertEqual(CaseComplex.objects.count(), 2)  # "Operation Lotus" got a UUID derived from it
        interchange_import(actor=None, folder=read_folder(self.folder()), source=None)  # again: nothing new
        self.assertEqual(CaseComplex.objects.count(), 2)

    def test_an_unknown_code_is_reported_by_place(self):
        root = self.folder()
        text = (root / "decisions.csv").read_text(encoding="utf-8").replace("forced_marriage", "forced_wedding")
        (root / "decisions.csv").write_text(text, encoding="utf-8")
        with self.assertRaises(Exception) as raised:
            read_folder(root)
        self.assertIn("decisions.csv:2: primary_exploitation: unknown code 'forced_wedding'", str(raised.exception))
