"""Children and unaccompanied minors through the API (docs/api.md#children)."""

from __future__ import annotations

from datetime import date

from spor.cases import services
from tests.api.base import ApiTestCase
from tests.make import make_case, make_consent, make_pending_case, make_person


class ChildrenApiTests(ApiTestCase):
    def test_it_records_lists_and_removes_a_persons_children(self):
        person = make_person(self.caseworker, birth_year=1990)
        url = f"/persons/{person.code}/children"
        added = self.call("caseworker", "POST", url, {"birth_year": 2018})
        self.assertEqual(added.status_code, 201, added.content)
        self.assertEqual(self.call("caseworker", "POST", url, {"birth_year": 1800}).status_code, 422)
        listed = self.call("immigration_officer", "GET", url)
        self.assertEqual(listed.status_code, 404)  # not a person put to DIS: missing, not forbidden
        self.assertEqual([c["birth_year"] for c in self.call("caseworker", "GET", url).json()], [2018])
        removed = self.call("caseworker", "DELETE", f"{url}/{added.json()['code']}")
        self.assertEqual(removed.status_code, 204, removed.content)
        self.assertEqual(self.call("caseworker", "GET", url).json(), [])

    def test_it_takes_an_estimated_age_and_marks_the_case_of_a_child(self):
        created = self.call(
            "caseworker", "POST", "/persons", {"identity": {"given_name": "Ana"}, "estimated_age": 15}
        ).json()
        self.assertEqual((created["estimated_age"], created["age_estimated_on"] is not None), (15, True))
        opened = self.call("caseworker", "POST", "/cases", {"person": created["code"], "opened_on": "2026-03-02"})
        self.assertEqual(opened.json()["child"], "child")
        items = self.call("caseworker", "GET", "/cases").json()["items"]
        self.assertEqual([i["child"] for i in items if i["code"] == opened.json()["code"]], ["child"])

    def test_an_unaccompanied_childs_decision_is_refused_without_a_representative(self):
        case = make_pending_case(self.caseworker, make_person(self.caseworker, birth_date=date(2011, 5, 1)))
        url = f"/cases/{case.code}"
        first = self.call("caseworker", "PUT", f"{url}/unaccompanied", {"municipality": "101"})
        self.assertEqual(first.status_code, 200, first.content)
        decision = {"authority": "cmm", "decided_on": "2026-04-01", "identified": True, "child_views": "Vil hjem."}
        refused = self.call("caseworker", "POST", f"{url}/decisions", decision)
        self.assertEqual(refused.status_code, 400, refused.content)
        self.assertIn("representative", refused.json()["fields"])
        body = {"representative_name": "Mette Holm", "representative_org": "Røde Kors", "municipality": "101"}
        self.assertEqual(self.call("caseworker", "PUT", f"{url}/unaccompanied", body).status_code, 428)
        updated = self.call(
            "caseworker", "PUT", f"{url}/unaccompanied", {**body, "notified_on": "2026-03-04"}, **{"If-Match": '"1"'}
        )
        self.assertEqual(updated.status_code, 200, updated.content)
        self.assertEqual(self.call("caseworker", "POST", f"{url}/decisions", decision).status_code, 201)
        child = self.call("caseworker", "GET", f"{url}/child").json()
        self.assertEqual(
            (child["marker"], child["unaccompanied"], child["details"]["representative_name"]),
            ("child", True, "Mette Holm"),
        )

    def test_the_return_agency_sees_the_representative_only_of_an_unaccompanied_childs_plan(self):
        case = make_pending_case(self.caseworker, make_person(self.caseworker, birth_date=date(2012, 1, 1)))
        services.unaccompanied_record(actor=self.caseworker, case=case, representative_name="Mette Holm")
        services.decision_record(
            actor=self.caseworker, case=case, authority="cmm", decided_on=date(2026, 4, 1), identified=True
        )
        make_consent(self.caseworker, case.person)
        case.refresh_from_db()
        plan = services.return_plan_submit(
            actor=self.caseworker, case=case, applied_on=date(2026, 4, 2), destination="TH", in_kind_dkk=0, cash_dkk=0
        )
        url = f"/return-plans/{plan.code}/representative"
        self.assertEqual(self.call("return_officer", "GET", url).json()["representative_name"], "Mette Holm")
        self.assertEqual(self.call("police_referrer", "GET", url).status_code, 404)
        self.assertEqual(self.call("return_officer", "GET", f"/cases/{case.code}/child").status_code, 404)
        adult = make_case(self.caseworker, make_person(self.caseworker, birth_year=1990))
        self.assertEqual(self.call("caseworker", "GET", f"/cases/{adult.code}/child").json()["marker"], "")
