"""The HTCDS v2.0 export (`spor export --htcds`): the mapping field by field, folder and registry."""

from __future__ import annotations

import csv
import tempfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import SimpleTestCase

from spor import vocabulary as v
from spor.cases.demo import Generator, demo_users
from spor.interchange.exporter import folder_write
from spor.interchange.registry import registry_folder
from spor.stats.eu import eu_tables
from spor.stats.extract import tables_from_folder, tables_from_registry
from spor.stats.htcds import EXPLOITATION, FIELDS, GENDER, ISIC, ORGANISATION_TYPE, htcds_rows
from tests.base import SporTestCase
from tests.stats.folders import definitions_folder


def rows_of(folder: Path) -> dict[str, dict[str, str]]:
    return {r["spor_PersonId"]: r for r in htcds_rows(tables_from_folder(folder))}


@pytest.mark.nodb
class MappingTests(SimpleTestCase):
    def test_every_vocabulary_code_is_mapped(self) -> None:
        self.assertEqual(set(GENDER), set(v.Gender.values))
        self.assertLessEqual(set(v.Exploitation.values), set(EXPLOITATION))
        self.assertEqual(set(ISIC), set(v.Sector.values))
        for code, value in ORGANISATION_TYPE.items():
            self.assertIn(code, v.ActorType.values)
            self.assertIn(value, {"NGO", "LawEnforcement", "HealthServiceOrganisation", "CentralGovernmentOrganisation",
                                  "LocalGovernmentOrganisation", "ImmigrationService", "LegalService",
                                  "CorporateBusiness"})  # fmt: skip

    def test_field_by_field_on_a_hand_made_folder(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            rows = rows_of(definitions_folder(Path(tmp)))
        self.assertEqual(sorted(rows), ["A", "B", "C", "D", "E", "F"])
        a, b, c, d, e, f = (rows[k] for k in "ABCDEF")
        # A: identified three times, latest forced labour in cleaning; returned; referred by an NGO first.
        self.assertEqual(a["prs_Gender"], "Feminine")
        self.assertEqual(a["prs_Nationality"], "TH")
        self.assertEqual(a["vic_TraffickingStatus"], "ActualVictimOfTrafficking")
        self.assertEqual(a["vic_TypeOfExploitation"], "ForcedLabour")
        self.assertEqual(a["vic_ForcedLabourIndustry"], "N_AdministrativeAndSupportServiceActivities")
        self.assertEqual(a["cas_ReferringOrganisation"], "NGO")
        self.assertEqual(a["cas_IncomingReferralDate"], "2025-01-10")
        self.assertEqual(a["cas_DecidingOrganisation"], "cmm")
        self.assertEqual(a["cas_SupportPlan"], "PreparedReturn")
        self.assertEqual(a["cas_ReturnDate"], "2025-09-01")
        self.assertEqual(a["prs_Birthdate"], "")  # never exported
        # B: construction, decided by DIS, referred by the police.
        self.assertEqual(b["vic_ForcedLabourIndustry"], "F_Construction")
        self.assertEqual(b["vic_TypeOfLabourExploitation"], "Construction")
        self.assertEqual(b["cas_ReferringOrganisation"], "LawEnforcement")
        self.assertEqual(b["prs_Nationality"], "RU-CE")
        # C: no gender, no exploitation recorded: unknown, not guessed.
        self.assertEqual(c["prs_Gender"], "")
        self.assertEqual(c["vic_TypeOfExploitation"], "")
        # D: forced criminal activity (theft): other, illicit activities.
        self.assertEqual(d["vic_TypeOfExploitation"], "Other")
        self.assertEqual(d["vic_TypeOfLabourExploitation"], "IllicitActivities")
        # E: assessed, then a negative decision.
        self.assertEqual(e["vic_TraffickingStatus"], "NotAVictimOfTrafficking")
        # F: sexual exploitation other than prostitution: not split further.
        self.assertEqual(f["vic_TypeOfExploitation"], "SexualExploitation")
        self.assertEqual(f["vic_TypeOfSexExploitation"], "")
        for field in ("vic_AgeWhenTrafficked", "vic_MethodsOfControl", "cas_Status"):
            self.assertEqual({r[field] for r in rows.values()}, {""}, field)

    def test_the_command_writes_csv_and_the_field_table_from_a_folder(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            folder = definitions_folder(Path(tmp) / "in")
            out = Path(tmp) / "htcds"
            call_command("export", str(out), htcds=True, source=str(folder), stdout=StringIO())
            with (out / "htcds_cases.csv").open(encoding="utf-8") as handle:
                header = next(csv.reader(handle))
            fields = (out / "htcds_fields.md").read_text(encoding="utf-8")
        self.assertEqual(header, [f.name for f in FIELDS])
        self.assertIn("vic_TraffickingStatus", fields)

    def test_a_bad_folder_is_refused_with_its_errors(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / "in").mkdir()
            bad = "person_id,gender,birth_year\nP1,nonsense,1990\n"
            (Path(tmp) / "in" / "persons.csv").write_text(bad, encoding="utf-8")
            err = StringIO()
            with self.assertRaises(CommandError):
                call_command("export", str(Path(tmp) / "out"), htcds=True, source=str(Path(tmp) / "in"), stderr=err,
                             stdout=StringIO())  # fmt: skip
            self.assertFalse((Path(tmp) / "out").exists())
        self.assertIn("persons.csv:2", err.getvalue())


class RegistryTests(SporTestCase):
    """The registry and its interchange export give the same HTCDS file and EU tables."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        generator = Generator(seed=11, scale=0.1, users=demo_users())
        generator.year(2025, lambda *args: None)

    def test_registry_and_export_agree(self):
        folder = Path(tempfile.mkdtemp())
        folder_write(registry_folder(), folder)
        from_registry, from_folder = tables_from_registry(), tables_from_folder(folder)
        self.assertEqual(htcds_rows(from_registry), htcds_rows(from_folder))
        self.assertGreater(len(htcds_rows(from_registry)), 10)
        eu_registry, eu_folder = eu_tables(from_registry, 2025), eu_tables(from_folder, 2025)
        for dimension in ("sex", "age_group", "exploitation", "citizenship"):
            self.assertEqual(eu_registry.table(dimension), eu_folder.table(dimension), dimension)
        total = {r["code"]: r for r in eu_registry.table("sex")}["total"]
        self.assertGreater(total["identified"], 0)
        self.assertIsNotNone(total["presumed"])

    def test_the_export_carries_assessment_outcomes(self):
        folder = Path(tempfile.mkdtemp())
        folder_write(registry_folder(), folder)
        outcomes = tables_from_folder(folder).assessments.get_column("outcome")
        self.assertEqual(outcomes.null_count(), 0)
        self.assertIn("put_to_decision", outcomes.to_list())


class OutcomeImportTests(SporTestCase):
    def test_an_imported_outcome_is_stored_and_exported_again(self):
        from spor.cases.models import Assessment
        from spor.interchange.importer import interchange_import
        from spor.interchange.reader import read_folder
        from tests.stats.folders import person, write_folder

        folder = write_folder(
            Path(tempfile.mkdtemp()),
            {
                "persons": [person("P1", "female", year="1990", nat="TH"), person("P2", "male", year="1980", nat="RO")],
                "assessments": [
                    {
                        "assessment_id": "A1",
                        "person_id": "P1",
                        "first_interview_on": "2025-03-01",
                        "outcome": "withdrawn",
                    },
                    {"assessment_id": "A2", "person_id": "P2", "first_interview_on": "2025-04-01"},
                ],
            },
        )
        interchange_import(actor=None, folder=read_folder(folder), source=folder)
        self.assertEqual(Assessment.objects.get(external_id="A1").outcome, "withdrawn")
        self.assertEqual(Assessment.objects.get(external_id="A2").outcome, "pending")
        again = Path(tempfile.mkdtemp())
        folder_write(registry_folder(), again)
        outcomes = dict(tables_from_folder(again).assessments.select("assessment_id", "outcome").iter_rows())
        self.assertEqual(outcomes, {"A1": "withdrawn", "A2": "pending"})
        # the same folder imported again changes nothing
        interchange_import(actor=None, folder=read_folder(folder), source=folder)
        self.assertEqual(Assessment.objects.count(), 2)


class ConsentTests(SporTestCase):
    """The answer in force to sharing for research travels as a derived column into HTCDS."""

    def test_consent_is_exported_and_can_filter_the_htcds_rows(self):
        from datetime import date

        from spor.people import services as people
        from spor.people.models import ConsentAnswer, ConsentPurpose
        from tests.make import make_consent, make_identified_case, make_person

        given = make_identified_case(self.caseworker, make_person(self.caseworker, given="Anna")).person
        make_consent(self.caseworker, given, ConsentPurpose.RESEARCH)
        withdrawn = make_identified_case(self.caseworker, make_person(self.caseworker, given="Berit")).person
        make_consent(self.caseworker, withdrawn, ConsentPurpose.RESEARCH)
        people.consent_record(actor=self.caseworker, person=withdrawn, purpose=ConsentPurpose.RESEARCH,
                              answer=ConsentAnswer.WITHDRAWN, answered_on=date(2026, 4, 1))  # fmt: skip
        never = make_identified_case(self.caseworker, make_person(self.caseworker, given="Carla")).person
        make_consent(self.caseworker, never, ConsentPurpose.DISCLOSURE)  # another purpose: unknown here

        folder = Path(tempfile.mkdtemp())
        folder_write(registry_folder(), folder)
        rows = {r["spor_PersonId"]: r for r in htcds_rows(tables_from_folder(folder))}
        self.assertEqual(rows[given.key]["vic_AgreementToManagePersonalData"], "true")
        self.assertEqual(rows[withdrawn.key]["vic_AgreementToManagePersonalData"], "false")
        self.assertEqual(rows[never.key]["vic_AgreementToManagePersonalData"], "")
        self.assertEqual(htcds_rows(tables_from_registry()), htcds_rows(tables_from_folder(folder)))
        only = htcds_rows(tables_from_registry(), consented_only=True)
        self.assertEqual([r["spor_PersonId"] for r in only], [given.key])
        out = Path(tempfile.mkdtemp()) / "htcds"
        call_command("export", str(out), htcds=True, consented_only=True, stdout=StringIO())
        with (out / "htcds_cases.csv").open(encoding="utf-8") as handle:
            self.assertEqual(len(list(csv.DictReader(handle))), 1)
