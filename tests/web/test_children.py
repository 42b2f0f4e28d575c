"""Children on the casework pages: the "Barn" marker, a person's children, the unaccompanied minor
(docs/web.md#children)."""

from datetime import date

from django.urls import reverse

from spor.audit.models import ReadLog
from spor.cases import services
from spor.cases.models import UnaccompaniedMinor
from tests.base import SporTestCase
from tests.make import make_case, make_consent, make_pending_case, make_person

ON = date(2026, 3, 2)


class ChildPagesTests(SporTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.child = make_person(cls.caseworker, birth_date=date(2011, 5, 1))
        cls.case = make_pending_case(cls.caseworker, cls.child, on=ON)

    def url(self, name, *args):
        return reverse(f"casework:{name}", args=args)

    def test_it_marks_a_child_on_the_person_case_and_list_pages(self):
        self.client.force_login(self.caseworker)
        for url in (self.url("person-detail", self.child.code), self.url("case-detail", self.case.code), "/"):
            with self.subTest(url=url):
                self.assertContains(self.client.get(url), 'data-child="child"')
        turned = make_case(self.caseworker, make_person(self.caseworker, birth_date=date(2008, 4, 1)), opened_on=ON)
        self.assertContains(self.client.get(self.url("case-detail", turned.code)), "Fyldt 18 under sagen")
        self.assertFalse(ReadLog.objects.exists())  # the marker decrypts nothing for the user

    def test_it_records_and_removes_a_child_from_the_person_page(self):
        self.client.force_login(self.caseworker)
        response = self.client.post(self.url("child-add", self.child.code), {"birth_year": "2025"}, follow=True)
        self.assertContains(response, "Barn født 2025")
        code = self.child.children.get().code
        confirm = self.client.get(self.url("child-remove", self.child.code, code))
        self.assertContains(confirm, "Det kan ikke fortrydes")
        self.client.post(self.url("child-remove", self.child.code, code))
        self.assertFalse(self.child.children.exists())
        self.client.force_login(self.immigration_officer)  # not the officer's case, nor the officer's to change
        response = self.client.post(self.url("child-add", self.child.code), {"birth_year": "2025"})
        self.assertIn(response.status_code, {403, 404})
        self.assertFalse(self.child.children.exists())

    def test_a_decision_is_refused_without_a_representative_then_recorded_with_one(self):
        self.client.force_login(self.caseworker)
        self.client.post(self.url("unaccompanied-record", self.case.code), {"municipality": "101"})
        record = UnaccompaniedMinor.objects.get(case=self.case)
        self.assertContains(self.client.get(self.url("case-detail", self.case.code)), "København Kommune")
        decision = {"authority": "cmm", "decided_on": "2026-04-01", "identified": "yes", "child_views": "Vil i skole."}
        refused = self.client.post(self.url("decision-record", self.case.code), decision)
        self.assertContains(refused, "ingen personlig repræsentant", status_code=400)
        form = self.client.get(self.url("unaccompanied-record", self.case.code))
        self.assertContains(form, "Personlig repræsentant")
        data = {"representative_name": "Mette Holm", "municipality": "101", "notified_on": "2026-03-04"}
        self.client.post(self.url("unaccompanied-record", self.case.code), {**data, "version": record.version})
        self.assertEqual(UnaccompaniedMinor.objects.get(case=self.case).representative_name, "Mette Holm")
        done = self.client.post(self.url("decision-record", self.case.code), decision)
        self.assertEqual(done.status_code, 302, done.content)
        self.assertEqual(self.case.decisions.get().child_views.views, "Vil i skole.")

    def test_the_return_agency_sees_the_representative_on_a_childs_plan(self):
        services.unaccompanied_record(actor=self.caseworker, case=self.case, representative_name="Mette Holm")
        services.decision_record(
            actor=self.caseworker, case=self.case, authority="cmm", decided_on=date(2026, 4, 1), identified=True
        )
        make_consent(self.caseworker, self.child)
        self.case.refresh_from_db()
        plan = services.return_plan_submit(
            actor=self.caseworker,
            case=self.case,
            applied_on=date(2026, 4, 2),
            destination="TH",
            in_kind_dkk=0,
            cash_dkk=0,
        )
        self.client.force_login(self.return_officer)
        self.assertContains(self.client.get(self.url("return-detail", plan.code)), "Mette Holm")
        self.assertContains(self.client.get(self.url("return-list")), 'data-child="child"')
