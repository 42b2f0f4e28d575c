"""`spor export`: deterministic, pseudonymous, and export -> import -> export gives the same bytes."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError

from spor.audit.models import AuditEvent
from spor.cases import services
from spor.cases.models import (
    Assessment,
    Case,
    CaseComplex,
    CompensationClaim,
    Decision,
    Inquiry,
    NonPunishment,
    NoPoliceReport,
    Offer,
    PoliceReport,
    Reconsideration,
    ReflectionPeriod,
    ResidencePermit,
    ReturnPlan,
    StatusRecord,
    Stay,
)
from spor.interchange.exporter import interchange_export
from spor.interchange.format import FILES
from spor.interchange.models import CourtStatistic, HistoricalIdentified
from spor.interchange.reader import read_folder
from spor.interchange.registry import registry_folder
from spor.people.models import Person
from spor.tasks.models import Task
from tests.interchange.test_import import SAMPLE, ImportTestCase
from tests.make import make_identified_case, make_person


def empty_registry() -> None:
    """Delete every record of the registry (children before parents), as an empty database has none."""
    Task.objects.all().delete()  # the demo's tasks hang from cases
    Reconsideration.objects.all().delete()  # the demo's reconsideration holds two decisions
    CaseComplex.objects.all().delete()
    rights = (NoPoliceReport, ResidencePermit, NonPunishment, CompensationClaim)  # the victim's rights
    for model in (
        *rights,
        ReflectionPeriod,
        Stay,
        Offer,
        ReturnPlan,
        PoliceReport,
        Decision,
        Assessment,
        Inquiry,
        Case,
    ):
        model.objects.all().delete()
    for model in (StatusRecord, Person, CourtStatistic, HistoricalIdentified):
        model.objects.all().delete()


class ExportTestCase(ImportTestCase):
    def export(self, name: str, *args: str) -> Path:
        path = self.tmp / name
        call_command("export", str(path), "--quiet", *args, stdout=io.StringIO())
        return path

    def files(self, path: Path) -> dict[str, bytes]:
        return {spec.filename: (path / spec.filename).read_bytes() for spec in FILES}

    def assert_round_trip(self) -> None:
        """export -> import into an empty registry -> export: the same bytes, file by file."""
        first = self.export("first")
        empty_registry()
        self.assertEqual(Person.objects.count(), 0)
        call_command("import", str(first), "--quiet", stdout=io.StringIO())
        second = self.export("second")
        self.assertEqual(self.files(first), self.files(second))


class ExportRoundTripTests(ExportTestCase):
    def test_a_small_folder_round_trips_byte_for_byte(self) -> None:
        self.run_import(self.folder())
        self.assert_round_trip()

    def test_a_name_that_looks_like_a_formula_is_written_as_text_and_read_back(self) -> None:
        hostile = '=HYPERLINK("http://127.0.0.1/x","klik")'
        files = dict(SAMPLE)
        quoted = '"' + hostile.replace('"', '""') + '"'
        files["inquiries"] = [SAMPLE["inquiries"][0].replace("Reden International", quoted), *SAMPLE["inquiries"][1:]]
        self.run_import(self.folder(files))
        self.assertTrue(Inquiry.objects.filter(sender_org=hostile).exists())
        text = (self.export("out") / "inquiries.csv").read_text(encoding="utf-8")
        self.assertIn("'=HYPERLINK", text)
        self.assertNotIn(',"=HYPERLINK', text)
        self.assert_round_trip()
        self.assertTrue(Inquiry.objects.filter(sender_org=hostile).exists())

    def test_it_writes_the_format_with_fixed_columns_rows_and_quoting(self) -> None:
        self.run_import(self.folder())
        files = self.files(self.export("out"))
        self.assertEqual(
            files["persons.csv"].decode(),
            "person_id,gender,birth_date,birth_year,nationality,residence_status,research_consent\n"
            "P-1,female,,1990,TH,lawful,\nP-2,male,,1985,RO;UA,unlawful,\nP-3,trans,,,ZZ,unknown,\n",
        )
        assessment = b'A-2,P-2,I-2,2025-02-05,dis,police,"Politi, Fyn",put_to_decision,A-2\n'
        self.assertIn(assessment, files["assessments.csv"])
        self.assertIn(b"P-2,2025-03-15,cmm,262a,K\xc3\xb8benhavns Politi,yes,,,\n", files["police_reports.csv"])
        self.assertEqual(files["historical_identified.csv"].splitlines()[1], b"2010,71,60,11,,50,15,3,1,1,1,,,,")
        self.assertNotIn(b"\r", b"".join(files.values()))

    def test_the_demo_population_round_trips_and_reimports_unchanged(self) -> None:
        with self.settings(DEBUG=True):  # the demo refuses to run in production mode
            call_command("demo", years=2, scale=0.2, quiet=True, stdout=io.StringIO())
        exported = self.export("demo")
        again = self.run_import(exported)  # records made in Spor match their exported rows
        self.assertEqual(sum(v for k, v in again.as_dict().items() if k != "unchanged"), 0)
        self.assertGreater(again.unchanged, 100)
        self.assert_round_trip()

    def test_the_registry_tables_equal_the_exported_folder(self) -> None:
        self.run_import(self.folder())
        registry = registry_folder()
        exported = read_folder(self.export("out"))
        for spec in FILES:
            with self.subTest(file=spec.name):
                self.assertTrue(registry[spec.name].equals(exported[spec.name]), spec.name)


class ExportContentTests(ExportTestCase):
    def test_identifying_data_never_leaves(self) -> None:
        case = make_identified_case(self.caseworker, make_person(self.caseworker, birth_date=date(1991, 4, 5)))
        data = b"".join(self.files(self.export("out")).values())
        self.assertIn(case.person.key.encode(), data)
        for secret in (b"Siriporn", b"Wongsakul", b"1991-04-05"):
            self.assertNotIn(secret, data)
        self.assertIn(f"{case.person.key},female,,1991,TH,lawful".encode(), data)
        self.assertIn(b"D-", data)  # records made in Spor carry ids of the same kind

    def test_it_writes_the_age_at_each_decision_not_the_birth_date(self) -> None:
        person = make_person(self.caseworker, birth_date=date(1991, 4, 5))
        make_identified_case(self.caseworker, person, on=date(2026, 4, 4))
        decision = read_folder(self.export("out"))["decisions"].row(0, named=True)
        self.assertEqual(decision["age_at_decision"], 34)  # the day before the 35th birthday

    def test_it_writes_the_derived_person_ids_and_case_id(self) -> None:
        first, second = make_person(self.caseworker, given="Anong"), make_person(self.caseworker, given="Mai")
        inquiry = services.inquiry_register(
            actor=self.caseworker, received_on=date(2026, 3, 1), channel="email", sender_type="police",
            sender_org="", persons=[first, second],
        )  # fmt: skip
        case = services.case_open(actor=self.caseworker, person=first, opened_on=date(2026, 3, 1), inquiry=inquiry)
        services.assessment_record(actor=self.caseworker, case=case, interview_on=date(2026, 3, 2), indicators={})
        folder = read_folder(self.export("out"))
        assessment = folder["assessments"].row(0, named=True)
        self.assertEqual(assessment["case_id"], assessment["assessment_id"])  # the case's first assessment
        inquiry = folder["inquiries"].row(0, named=True)
        self.assertEqual(inquiry["case_id"], assessment["assessment_id"])
        self.assertEqual(inquiry["person_ids"], sorted([first.key, second.key]))
        self.assertEqual(inquiry["person_id"], min(first.key, second.key))

    def test_a_year_range_takes_its_records_and_what_they_refer_to(self) -> None:
        files = {k: list(v) for k, v in SAMPLE.items()}
        files["inquiries"].append("I-0,2024-12-20,email,self,,P-3")
        files["assessments"].append("A-0,P-3,I-0,2025-01-02,cmm,self,")
        self.run_import(self.folder(files))
        path = self.export("2025", "--year-from", "2025", "--year-to", "2025")
        folder = read_folder(path)  # reads without errors: every reference is in the folder
        self.assertIn("I-0", folder["inquiries"]["inquiry_id"].to_list())  # named by A-0, received 2024
        self.assertEqual(folder["court_statistics"].height, 0)  # 2024 only
        only_2024 = read_folder(self.export("2024", "--year-to", "2024"))
        self.assertEqual(only_2024["inquiries"]["inquiry_id"].to_list(), ["I-0"])
        self.assertEqual(only_2024["persons"]["person_id"].to_list(), ["P-3"])
        self.assertEqual(only_2024["court_statistics"].height, 1)

    def test_managers_analysts_and_the_operator_may_export(self) -> None:
        for user, allowed in (
            (self.manager, True),
            (self.analyst, True),
            (self.caseworker, False),
            (self.admin, False),
        ):
            with self.subTest(user=user.username):
                if allowed:
                    interchange_export(actor=user, path=self.tmp / user.username)
                    self.assertEqual(AuditEvent.objects.order_by("-id").first().event, "interchange.exported")
                else:
                    with self.assertRaises(PermissionDenied):
                        interchange_export(actor=user, path=self.tmp / user.username)
        with self.assertRaises(CommandError):
            self.export("refused", "--as", self.caseworker.username)
