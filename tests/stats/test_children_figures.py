"""The children figures of report.json from the registry and from its export (docs/definitions.md#children-figures)."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from spor.cases import services
from spor.interchange.exporter import folder_write
from spor.interchange.registry import registry_folder
from spor.people import services as people
from spor.stats.extract import tables_from_folder, tables_from_registry
from spor.stats.report import build_report
from tests.base import SporTestCase
from tests.make import make_consent, make_pending_case, make_person


class ChildrenFiguresTests(SporTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        decide = {"authority": "cmm", "decided_on": date(2026, 4, 1), "identified": True}
        boy = make_pending_case(cls.caseworker, make_person(cls.caseworker, gender="male", birth_year=2011))
        services.unaccompanied_record(actor=cls.caseworker, case=boy, representative_name="R")
        services.decision_record(actor=cls.caseworker, case=boy, primary_exploitation="criminal", **decide)
        girl = make_pending_case(cls.caseworker, make_person(cls.caseworker, birth_year=2010))
        services.decision_record(actor=cls.caseworker, case=girl, primary_exploitation="sexual_other", **decide)
        mother = make_pending_case(cls.caseworker, make_person(cls.caseworker, birth_year=1990))
        services.decision_record(actor=cls.caseworker, case=mother, primary_exploitation="forced_labour", **decide)
        kids = [people.child_add(actor=cls.caseworker, person=mother.person, birth_year=y).code for y in (2018, 2020)]
        make_consent(cls.caseworker, mother.person)
        mother.refresh_from_db()
        plan = services.return_plan_submit(
            actor=cls.caseworker,
            case=mother,
            applied_on=date(2026, 4, 2),
            destination="TH",
            in_kind_dkk=0,
            cash_dkk=0,
            travelling_children=kids,
        )
        services.return_plan_decide(actor=cls.return_officer, plan=plan, approve=True, on=date(2026, 4, 3))
        services.return_plan_depart(actor=cls.return_officer, plan=plan, departed_on=date(2026, 4, 20))

    def test_it_counts_children_unaccompanied_minors_and_children_returned_with_a_parent(self):
        folder = Path(tempfile.mkdtemp())
        folder_write(registry_folder(), folder)
        expected = {
            "identified": 2,
            "by_gender": {"female": 1, "male": 1, "trans": 0, "unknown": 0},
            "unaccompanied": 1,
            "returned_with_parent": 2,
            "returns_with_children": 1,
        }
        for source, tables in (("registry", tables_from_registry()), ("export", tables_from_folder(folder))):
            with self.subTest(source=source):
                children = build_report(tables, 2026)["children"]
                self.assertEqual({k: children[k] for k in expected}, expected)
                self.assertEqual(children["by_exploitation"]["sexual"], 1)
                self.assertEqual(children["by_exploitation"]["criminal"], 1)
