"""Every API endpoint against every role, on objects it may and may not see (docs/architecture.md#declared-access).

Expected: the roles in `allowed` get through (any answer but 401/403/404, never a 500); a role
that cannot see the object gets 404, like a missing one; a role that sees it but may not act
gets 403. Each call runs in a savepoint that is rolled back, so the calls do not disturb each
other.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from spor.cases import services
from tests.api.base import ROLES, ApiTestCase
from tests.make import make_consent, make_identified_case, make_person

STAFF = {"caseworker", "manager"}
REFERRERS = {"police_referrer", "ngo_referrer", "outsider_caseworker"}  # charlie: a referrer elsewhere


class ApiPermissionMatrixTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.case = make_identified_case(cls.caseworker)  # lawful residence: CMM's, not put to DIS
        cls.dis_case = make_identified_case(cls.caseworker, make_person(cls.caseworker, residence_status="unlawful"))
        services.case_put_to_dis(actor=cls.caseworker, case=cls.dis_case, on=date(2026, 3, 2))
        for purpose in ("disclosure", "referral", "police_report"):
            make_consent(cls.caseworker, cls.case.person, purpose)
            make_consent(cls.caseworker, cls.dis_case.person, purpose)
        cls.plan = services.return_plan_submit(
            actor=cls.caseworker,
            case=cls.case,
            applied_on=date(2026, 4, 1),
            destination="TH",
            in_kind_dkk=1,
            cash_dkk=1,
        )
        cls.period = services.reflection_grant(
            actor=cls.caseworker, case=cls.dis_case, granted_by="cmm", starts_on=date(2026, 3, 10)
        )
        cls.assessment = cls.case.assessments.get()
        cls.twin = make_person(cls.caseworker)
        cls.referral, _ = services.referral_submit(actor=cls.police_referrer, sender_type="police", summary="x")
        cls.visible = {
            "case": STAFF,
            "dis_case": STAFF | {"immigration_officer"},
            "plan": STAFF | {"return_officer"},
            "referral": STAFF | {"police_referrer"},
            "everyone": set(ROLES),
        }

    def check(
        self, method: str, url: str, body: dict | None, target: str, allowed: set[str], headers: dict | None = None
    ) -> None:
        for role in ROLES:
            with self.subTest(endpoint=f"{method} {url}", role=role):
                with transaction.atomic():
                    response = self.call(role, method, url, body, **(headers or {}))
                    transaction.set_rollback(True)
                if role in allowed:
                    self.assertNotIn(response.status_code, {401, 403, 404, 500}, response.content)
                else:
                    expected = 403 if role in self.visible[target] else 404
                    self.assertEqual(response.status_code, expected, response.content)

    def test_it_gates_reading(self):
        case, dis, plan = self.case.code, self.dis_case.code, self.plan.code
        self.check("GET", f"/cases/{case}", None, "case", STAFF)
        self.check("GET", f"/cases/{dis}", None, "dis_case", STAFF | {"immigration_officer"})
        self.check("GET", f"/cases/{dis}/competent-authority", None, "dis_case", STAFF | {"immigration_officer"})
        self.check("GET", f"/persons/{self.case.person.code}", None, "case", STAFF)
        self.check("GET", f"/persons/{self.case.person.code}/identity", None, "case", STAFF)
        dis_person = self.dis_case.person.code
        self.check("GET", f"/persons/{dis_person}/identity", None, "dis_case", STAFF | {"immigration_officer"})
        self.check("GET", f"/return-plans/{plan}", None, "plan", STAFF | {"return_officer"})
        self.check("GET", f"/inquiries/{self.referral.code}", None, "referral", STAFF | {"police_referrer"})

    def test_it_gates_registering_referring_and_persons(self):
        inquiry = {"received_on": "2026-01-05", "channel": "hotline", "sender_type": "self"}
        self.check("POST", "/inquiries", inquiry, "everyone", STAFF)
        self.check("POST", "/referrals", {"sender_type": "ngo", "summary": "s"}, "everyone", REFERRERS)
        self.check("POST", "/persons", {"identity": {"given_name": "Ana"}}, "everyone", STAFF)
        person = self.case.person.code
        consent = {"purpose": "research", "answer": "given", "answered_on": "2026-03-01"}
        self.check("POST", f"/persons/{person}/consents", consent, "case", STAFF)
        status = {"as_of": "2026-12-31", "status": "other", "reason": "r"}
        self.check("POST", f"/persons/{person}/status", status, "case", STAFF)
        self.check("POST", "/cases", {"person": str(person), "opened_on": "2026-05-01"}, "case", STAFF)
        update = {"gender": "male", "version": 1}
        self.check("PATCH", f"/persons/{person}", update, "case", STAFF)
        self.check("POST", f"/persons/{person}/merge", {"duplicate": str(self.twin.code)}, "case", STAFF)
        self.check("POST", f"/persons/{person}/erase", None, "case", {"manager"})
        assign = {"user": str(self.caseworker.code)}
        self.check("POST", f"/inquiries/{self.referral.code}/assign", assign, "referral", {"manager"})

    def test_it_gates_assessment_decision_and_reflection(self):
        case, dis = f"/cases/{self.case.code}", f"/cases/{self.dis_case.code}"
        dis_staff = STAFF | {"immigration_officer"}
        self.check("POST", f"{case}/put-to-dis", {"on": "2026-03-05"}, "case", STAFF)
        self.check("POST", f"{dis}/assessments", {"interview_on": "2026-03-04"}, "dis_case", dis_staff)
        interview = f"{dis}/assessments/{self.dis_case.assessments.get().code}/interviews"
        body = {"interview_on": "2026-03-05", "assessed_by": "dis"}
        self.check("POST", interview, body, "dis_case", dis_staff, {"If-Match": '"1"'})
        complete = f"{case}/assessments/{self.assessment.code}/complete"
        self.check("POST", complete, {"outcome": "withdrawn"}, "case", STAFF)
        decision = {"authority": "dis", "decided_on": "2026-04-01", "identified": True}
        self.check("POST", f"{dis}/decisions", decision, "dis_case", dis_staff)
        grant = {"granted_by": "dis", "starts_on": "2026-04-01"}
        self.check("POST", f"{dis}/reflection-periods", grant, "dis_case", dis_staff)
        extend = {"until": "2026-05-01", "reason": "testimony", "version": 1}
        self.check("POST", f"{dis}/reflection-periods/{self.period.code}/extend", extend, "dis_case", dis_staff)

    def test_it_gates_support_police_and_return(self):
        dis = f"/cases/{self.dis_case.code}"
        self.check("POST", f"{dis}/stays", {"type": "private", "from_on": "2026-03-05"}, "dis_case", STAFF)
        self.check("POST", f"{dis}/offers", {"kind": "legal_aid", "given_on": "2026-03-05"}, "dis_case", STAFF)
        report = {"filed_on": "2026-03-05", "filed_by": "cmm", "legal_basis": "262a", "anonymous": True}
        report["police_district"] = "Københavns Politi"
        self.check("POST", f"{dis}/police-reports", report, "dis_case", STAFF)
        contact = {"user": str(self.caseworker.code)}
        self.check("POST", f"{dis}/contact-person", contact, "dis_case", STAFF)
        self.check("POST", f"{dis}/close", {"on": "2026-06-01"}, "dis_case", STAFF)
        plan = {"applied_on": "2026-04-01", "destination": "TH", "in_kind_dkk": 1, "cash_dkk": 1}
        self.check("POST", f"{dis}/return-plans", plan, "dis_case", STAFF)
        url = f"/return-plans/{self.plan.code}"
        self.check(
            "POST", f"{url}/decide", {"approve": True, "on": "2026-04-10", "version": 1}, "plan", {"return_officer"}
        )
        self.check("POST", f"{url}/depart", {"departed_on": "2026-04-20"}, "plan", STAFF | {"return_officer"})

    def test_it_scopes_every_list_to_what_the_role_may_see(self):
        expected_cases = {"caseworker": 2, "manager": 2, "immigration_officer": 1}
        expected_inquiries = {"caseworker": 3, "manager": 3, "police_referrer": 1}
        expected_deadlines = {"caseworker": 1, "manager": 1, "immigration_officer": 1}
        for role in ROLES:
            with self.subTest(role=role):
                self.assertEqual(
                    self.call(role, "GET", "/cases?with_count=1").json()["count"], expected_cases.get(role, 0)
                )
                self.assertEqual(
                    self.call(role, "GET", "/inquiries?with_count=1").json()["count"], expected_inquiries.get(role, 0)
                )
                self.assertEqual(
                    self.call(role, "GET", "/referrals?with_count=1").json()["count"], expected_inquiries.get(role, 0)
                )
                deadlines = self.call(role, "GET", "/deadlines?within_days=60&today=2026-03-10").json()
                self.assertEqual(len(deadlines), expected_deadlines.get(role, 0))
                found = self.call(role, "POST", "/persons/search", {"query": "Siriporn"}).json()
                self.assertEqual(len(found), 3 if role in STAFF else (1 if role == "immigration_officer" else 0))
                twins = self.call(role, "POST", "/persons/duplicates", {"given_name": "Siriporn", "family_name": "W"})
                self.assertEqual(twins.status_code, 200)

    def test_it_answers_401_to_anonymous_callers(self):
        for url in ["/cases", "/inquiries", "/referrals", f"/cases/{self.case.code}", "/deadlines"]:
            with self.subTest(url=url):
                self.assertEqual(self.call(None, "GET", url).status_code, 401)
