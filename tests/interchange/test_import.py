"""Importing an interchange folder into the registry: mapping, idempotence, all-or-nothing, authority."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from django.core.exceptions import PermissionDenied

from spor.cases.models import Assessment, Case, CaseStatus, Decision, Inquiry, PoliceReport, ReturnPlan, StatusRecord
from spor.interchange.format import BY_NAME
from spor.interchange.importer import ImportErrors, interchange_import
from spor.interchange.models import CourtStatistic, HistoricalIdentified
from spor.interchange.reader import read_folder
from spor.people import crypto
from spor.people.models import Person
from tests.base import SporTestCase
from tests.make import make_case

# A small synthetic folder (no real persons): three persons, their inquiries, assessments,
# decisions, a return, a police report, statuses and both kinds of aggregates.
SAMPLE: dict[str, list[str]] = {
    "persons": [
        "P-1,female,1990-02-03,,TH,lawful",
        "P-2,male,,1985,RO;UA,unlawful",
        "P-3,trans,,,ZZ,",
    ],
    "inquiries": [
        "I-1,2025-01-10,hotline,ngo,Reden International,P-1",
        "I-2,2025-02-01,email,police,Københavns Politi,P-2",
        "I-3,2025-03-01,other,citizen,,",
    ],
    "assessments": [
        "A-1,P-1,I-1,2025-01-15,cmm,ngo,Reden International",
        'A-2,P-2,I-2,2025-02-05,dis,police,"Politi, Fyn"',
    ],
    "decisions": [
        "D-1,P-1,2025-02-01,cmm,yes,ngo,Reden International,sexual_prostitution,criminal;other,,,denmark",
        "D-2,P-2,2025-03-01,dis,yes,police,,forced_labour,,construction,,both",
        "D-3,P-3,2025-04-01,court,no,,,,,,,",
    ],
    "returns": ["P-1,2025-06-01,TH,30000,10000,1"],
    "police_reports": ["P-2,2025-03-15,cmm,262a,Københavns Politi,yes"],
    "statuses": ["P-1,2025-12-31,prepared_return", "P-2,2025-12-31,receiving_support"],
    "court_statistics": ["2024,counts,10,5,3"],
    "historical_identified": ["2010,71,60,11,,50,15,3,1,1,1"],
}

MODELS = [Person, Inquiry, Case, Assessment, Decision, ReturnPlan, PoliceReport, StatusRecord]


def header(name: str) -> str:
    """The format's own columns of version 1.0: the sample folders are written by hand, without
    derived columns and without the optional columns of 1.1 (a 1.0 folder still reads)."""
    return ",".join(c.name for c in BY_NAME[name].columns if not c.derived and c.since == "1.0")


def write_folder(root: Path, files: dict[str, list[str]]) -> Path:
    """Write `files` (rows without header) as an interchange folder at `root`."""
    root.mkdir(parents=True, exist_ok=True)
    for name, rows in files.items():
        (root / f"{name}.csv").write_text("".join(f"{line}\n" for line in [header(name), *rows]), encoding="utf-8")
    return root


def row_counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in [*MODELS, CourtStatistic, HistoricalIdentified]}


class ImportTestCase(SporTestCase):
    def setUp(self) -> None:
        self._tmp = tempfile.TemporaryDirectory()
        self.tmp = Path(self._tmp.name)
        self.addCleanup(self._tmp.cleanup)

    def folder(self, files: dict[str, list[str]] | None = None, name: str = "in") -> Path:
        return write_folder(self.tmp / name, files if files is not None else SAMPLE)

    def run_import(self, path: Path, actor: object = None, dry_run: bool = False):
        return interchange_import(actor=actor, folder=read_folder(path), dry_run=dry_run, source=path)


class ImportMappingTests(ImportTestCase):
    def test_it_maps_rows_to_persons_cases_and_records(self) -> None:
        counts = self.run_import(self.folder())
        self.assertEqual(
            (counts.persons, counts.inquiries, counts.assessments, counts.decisions, counts.cases),
            (3, 3, 2, 3, 3),
        )
        self.assertEqual((counts.returns, counts.police_reports, counts.statuses), (1, 1, 2))
        self.assertEqual((counts.court_statistics, counts.historical_identified, counts.unchanged), (1, 1, 0))
        ages = dict(Decision.objects.values_list("external_id", "age_at_decision"))
        self.assertEqual(ages, {"D-1": 34, "D-2": 40, "D-3": None})  # a 1.0 folder: from birth date or year
        p1 = Person.objects.get(key="P-1")
        self.assertEqual(p1.identity_ct, "")  # identifying data never travels
        self.assertEqual(crypto.decrypt_json(p1.birth_date_ct), "1990-02-03")
        self.assertEqual((p1.birth_year, p1.nationalities, p1.gender), (1990, ["TH"], "female"))
        self.assertEqual(Person.objects.get(key="P-3").residence_status, "unknown")
        case = Case.objects.get(person=p1)
        self.assertEqual(case.opened_on, date(2025, 1, 10))  # the inquiry came before the interview
        self.assertEqual(case.status, CaseStatus.DEPARTED)
        self.assertEqual(Assessment.objects.get(external_id="A-1").case, case)
        self.assertEqual(Decision.objects.get(external_id="D-1").case, case)
        self.assertEqual(Decision.objects.get(external_id="D-1").secondary_exploitation, ["criminal", "other"])
        self.assertEqual(Inquiry.objects.get(external_id="I-1").case, case)
        self.assertEqual(list(Inquiry.objects.get(external_id="I-1").persons.all()), [p1])
        self.assertEqual(ReturnPlan.objects.get().case, case)
        p3_case = Case.objects.get(person__key="P-3")  # no assessment: a case opened on the decision date
        self.assertEqual((p3_case.opened_on, p3_case.status), (date(2025, 4, 1), CaseStatus.NOT_IDENTIFIED))
        self.assertEqual(PoliceReport.objects.get().case.person.key, "P-2")
        self.assertEqual(HistoricalIdentified.objects.get().female, 60)

    def test_it_attaches_a_later_decision_to_the_latest_case_opened_before_it(self) -> None:
        files = dict(SAMPLE)
        files["assessments"] = [*SAMPLE["assessments"], "A-3,P-1,,2025-05-01,cmm,self,"]
        files["decisions"] = [*SAMPLE["decisions"], "D-4,P-1,2025-05-20,cmm,yes,self,,sexual_other,,,,denmark"]
        self.run_import(self.folder(files))
        later = Assessment.objects.get(external_id="A-3").case
        self.assertEqual(Decision.objects.get(external_id="D-4").case, later)
        self.assertEqual(Case.objects.filter(person__key="P-1").count(), 2)
        self.assertEqual(later.number, "CMM-2025-00004")  # numbered by opening date

    def test_it_numbers_cases_after_those_the_services_opened(self) -> None:
        opened = make_case(self.caseworker, opened_on=date(2025, 1, 2))
        self.run_import(self.folder())
        self.assertEqual(opened.number, "CMM-2025-00001")
        numbers = sorted(Case.objects.exclude(pk=opened.pk).values_list("number", flat=True))
        self.assertEqual(numbers, ["CMM-2025-00002", "CMM-2025-00003", "CMM-2025-00004"])
        after = make_case(self.caseworker, opened_on=date(2025, 8, 1))
        self.assertEqual(after.number, "CMM-2025-00005")

    def test_the_services_number_past_five_digits(self) -> None:
        # A year with 99,999 cases: the next number is 100000, not a repeat of 99999 + 1 in text order.
        Case.objects.filter(pk=make_case(self.caseworker).pk).update(number="CMM-2026-99999")
        self.assertEqual(make_case(self.caseworker).number, "CMM-2026-100000")
        self.assertEqual(make_case(self.caseworker).number, "CMM-2026-100001")

    def test_it_writes_one_audit_event_with_the_counts(self) -> None:
        from spor.audit.models import AuditEvent

        before = AuditEvent.objects.count()
        self.run_import(self.folder(), actor=self.manager)
        events = AuditEvent.objects.order_by("id")[before:]
        self.assertEqual([e.event for e in events], ["interchange.imported"])
        self.assertEqual(events[0].extra["persons"], 3)
        self.assertEqual(events[0].actor, self.manager)

    def test_a_dry_run_counts_and_writes_nothing(self) -> None:
        before = row_counts()
        counts = self.run_import(self.folder(), dry_run=True)
        self.assertEqual((counts.persons, counts.decisions), (3, 3))
        self.assertEqual(row_counts(), before)


class ImportIdempotenceTests(ImportTestCase):
    def test_the_same_folder_twice_changes_nothing(self) -> None:
        path = self.folder()
        self.run_import(path)
        after_first = row_counts()
        counts = self.run_import(path)
        self.assertEqual(row_counts(), after_first)
        total = sum(len(rows) for rows in SAMPLE.values())
        self.assertEqual(counts.unchanged, total)
        self.assertEqual(sum(v for k, v in counts.as_dict().items() if k != "unchanged"), 0)

    def test_a_folder_with_more_rows_adds_exactly_those(self) -> None:
        self.run_import(self.folder())
        before = row_counts()
        files = dict(SAMPLE)
        files["persons"] = [*SAMPLE["persons"], "P-4,female,,1999,NG,asylum_seeker"]
        files["decisions"] = [*SAMPLE["decisions"], "D-4,P-4,2025-07-01,dis,yes,police,,sexual_prostitution,,,,denmark"]
        files["statuses"] = [*SAMPLE["statuses"], "P-1,2025-12-31,prepared_return"]  # the same status again
        counts = self.run_import(self.folder(files, "more"))
        self.assertEqual((counts.persons, counts.decisions, counts.statuses, counts.cases), (1, 1, 1, 1))
        after = row_counts()
        self.assertEqual(after["Person"] - before["Person"], 1)
        self.assertEqual(after["StatusRecord"] - before["StatusRecord"], 1)
        self.assertEqual(after["Decision"] - before["Decision"], 1)

    def test_a_decision_for_a_known_person_joins_their_registry_case(self) -> None:
        self.run_import(self.folder())
        files = {"persons": SAMPLE["persons"][:1], "decisions": ["D-9,P-1,2025-09-01,cmm,no,,,,,,,"]}
        counts = self.run_import(self.folder(files, "more"))
        self.assertEqual((counts.decisions, counts.cases, counts.unchanged), (1, 0, 1))
        self.assertEqual(Decision.objects.get(external_id="D-9").case, Case.objects.get(person__key="P-1"))


class ImportPermissionTests(ImportTestCase):
    ROLES = [
        "caseworker",
        "manager",
        "analyst",
        "police_referrer",
        "ngo_referrer",
        "immigration_officer",
        "return_officer",
        "outreach_worker",
        "outsider_caseworker",
        "admin",
    ]

    def test_only_centre_managers_and_the_operator_may_import(self) -> None:
        folder = read_folder(self.folder())
        for role in self.ROLES:
            with self.subTest(role=role):
                try:
                    interchange_import(actor=getattr(self, role), folder=folder, dry_run=True)
                    allowed = True
                except PermissionDenied:
                    allowed = False
                self.assertEqual(allowed, role == "manager")
        interchange_import(actor=None, folder=folder, dry_run=True)  # the operator

    def test_a_conflict_is_reported_before_anything_is_written(self) -> None:
        self.run_import(self.folder())
        before = row_counts()
        files = dict(SAMPLE)
        files["decisions"] = [SAMPLE["decisions"][0].replace(",yes,", ",no,"), *SAMPLE["decisions"][1:]]
        files["statuses"] = [*SAMPLE["statuses"], "P-3,2025-12-31,other"]
        with self.assertRaises(ImportErrors) as caught:
            self.run_import(self.folder(files, "changed"))
        self.assertEqual(len(caught.exception.errors), 1)
        self.assertTrue(caught.exception.errors[0].startswith("decisions.csv:2: identified: 'D-1' is already"))
        self.assertEqual(row_counts(), before)
