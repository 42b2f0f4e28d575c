"""Every API endpoint against every role, on objects it may and may not see (docs/architecture.md#declared-access).

Expected: the roles in `allowed` get through (any answer but 401/403/404, never a 500); a role
that cannot see the object gets 404, like a missing one; a role that sees it but may not act
gets 403. Each call runs in a savepoint that is rolled back, so the calls do not disturb each
other.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.db import transaction

from spor.api.api import api
from spor.cases import services
from spor.people import services as people_services
from spor.tasks import services as task_services
from tests.api.base import ROLES, ApiTestCase
from tests.api.test_rights import rights_writes
from tests.make import make_consent, make_identified_case, make_pending_case, make_person

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
        cls.children = {
            person.pk: people_services.child_add(actor=cls.caseworker, person=person, birth_year=2019)
            for person in (cls.case.person, cls.dis_case.person)
        }
        cls.twin = make_person(cls.caseworker)
        cls.task = task_services.task_add(
            actor=cls.manager, title="Ring til tolken", due_on=date(2026, 6, 1), assignee=cls.caseworker, case=cls.case
        )
        cls.referral, _ = services.referral_submit(actor=cls.police_referrer, sender_type="police", summary="x")
        # The tracks: a negative decision whose reconsideration is pending, a complex, an employer.
        cls.negative = make_pending_case(cls.caseworker, make_person(cls.caseworker, given="Ada", family="Okoro"))
        refused = services.decision_record(
            actor=cls.caseworker, case=cls.negative, authority="cmm", decided_on=date(2026, 3, 2), identified=False
        )
        cls.request = services.reconsideration_request(
            actor=cls.caseworker, decision=refused, requested_on=date(2026, 3, 3)
        )
        cls.complex = services.complex_create(actor=cls.caseworker, name="K", kind="network")
        cls.employer = services.employer_register(actor=cls.caseworker, name="E ApS")
        cls.visible = {
            "negative": STAFF,
            "complex": STAFF,
            "case": STAFF,
            "dis_case": STAFF | {"immigration_officer"},
            "plan": STAFF | {"return_officer"},
            "referral": STAFF | {"police_referrer"},
            "everyone": set(ROLES),
            "task": STAFF,
        }

    def check(
        self, method: str, url: str, body: dict | None, target: str, allowed: set[str], headers: dict | None = None
    ) -> None:
        for role in ROLES:
            with self.subTest(endpoint=f"{method} {url}", role=role):
                with transaction.atomic():
                    # `If-Match: *`: any version, so a write reaches the permission check.
                    response = self.call(role, method, url, body, **(headers or {"If-Match": "*"}))
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
        for target, code in (("case", case), ("dis_case", dis)):  # the case file: the case's workers only
            self.check("GET", f"/cases/{code}/notes", None, target, STAFF)
            self.check("GET", f"/cases/{code}/documents", None, target, STAFF)
        self.check("GET", f"/persons/{self.case.person.code}", None, "case", STAFF)
        self.check("GET", f"/persons/{self.case.person.code}/identity", None, "case", STAFF)
        self.check("GET", f"/persons/{self.case.person.code}/changes", None, "case", STAFF)
        dis_person = self.dis_case.person.code
        self.check("GET", f"/persons/{dis_person}/identity", None, "dis_case", STAFF | {"immigration_officer"})
        self.check("GET", f"/return-plans/{plan}", None, "plan", STAFF | {"return_officer"})
        self.check("GET", f"/cases/{case}/children", None, "case", STAFF)
        self.check("GET", f"/cases/{dis}/children", None, "dis_case", STAFF | {"immigration_officer"})
        self.check("GET", f"/cases/{case}/child", None, "case", STAFF)
        self.check("GET", f"/cases/{dis}/child", None, "dis_case", STAFF | {"immigration_officer"})
        self.check("GET", f"/persons/{self.case.person.code}/children", None, "case", STAFF)
        self.check("GET", f"/persons/{dis_person}/children", None, "dis_case", STAFF | {"immigration_officer"})
        self.check("GET", f"/inquiries/{self.referral.code}", None, "referral", STAFF | {"police_referrer"})
        self.check("GET", "/tasks", None, "everyone", STAFF)
        self.check("GET", "/tasks/team", None, "everyone", {"manager"})
        self.check("GET", f"/tasks/{self.task.code}", None, "task", STAFF)
        # Only the referring organisation reads its referral here; centre staff read /inquiries.
        self.visible["own_referral"] = {"police_referrer"}
        self.check("GET", f"/referrals/{self.referral.code}", None, "own_referral", {"police_referrer"})

    def test_it_gates_every_write_endpoint(self):
        for method, template, ids, body, target, allowed, headers in self.writes():
            url = re.sub(r"\{\w+:(\w+)\}", lambda m, ids=ids: str(ids[m.group(1)]), template)
            self.check(method, url, body, target, allowed, headers)

    def test_it_covers_every_write_route_of_the_api(self):
        """A new write endpoint fails here until the matrix above says who may call it."""
        routes = {
            (method, prefix + path)
            for prefix, router in api._routers
            for path, view in router.path_operations.items()
            for operation in view.operations
            for method in operation.methods
            if method != "GET"
        }
        self.assertIn(("PATCH", "/persons/{uuidstr:code}"), routes)  # the enumeration sees the routes
        covered = {(method, template) for method, template, *_ in self.writes()}
        self.assertEqual(routes - covered, set(), "write routes missing from the permission matrix")

    def writes(self) -> list[tuple[str, str, dict, dict | None, str, set[str], dict | None]]:
        """(method, route, its ids, body, target, roles allowed, headers) for every write route.

        Case routes run on CMM's own case and on the case put to DIS; person routes on both their
        persons: an immigration officer sees the DIS case's person but may not change the record.
        """
        person = {"code": self.case.person.code}
        referral, plan = {"code": self.referral.code}, {"code": self.plan.code}
        inquiry = {"received_on": "2026-01-05", "channel": "hotline", "sender_type": "self"}
        rows = [
            ("POST", "/inquiries", {}, inquiry, "everyone", STAFF, None),
            ("POST", "/referrals", {}, {"sender_type": "ngo", "summary": "s"}, "everyone", REFERRERS, None),
            ("POST", "/persons", {}, {"identity": {"given_name": "Ana"}}, "everyone", STAFF, None),
            ("POST", "/persons/search", {}, {"query": "Siriporn"}, "everyone", set(ROLES), None),
            (
                "POST",
                "/persons/duplicates",
                {},
                {"given_name": "Siriporn", "family_name": "W"},
                "everyone",
                set(ROLES),
                None,
            ),
            ("POST", "/cases", {}, {"person": str(person["code"]), "opened_on": "2026-05-01"}, "case", STAFF, None),
            ("POST", "/tasks", {}, {"title": "Ring", "due_on": "2026-06-01"}, "everyone", STAFF, None),
            ("PATCH", "/tasks/{uuidstr:code}", {"code": self.task.code}, {"done": True}, "task", STAFF, None),
            (
                "POST",
                "/inquiries/{uuidstr:code}/assign",
                referral,
                {"user": str(self.caseworker.code)},
                "referral",
                {"manager"},
                None,
            ),
            (
                "POST",
                "/inquiries/{uuidstr:code}/close",
                referral,
                {"outcome": "advice_given"},
                "referral",
                STAFF,
                None,
            ),
            (
                "POST",
                "/inquiries/{uuidstr:code}/person",
                referral,
                {"person": str(self.twin.code)},
                "referral",
                STAFF,
                None,
            ),
            (
                "POST",
                "/inquiries/{uuidstr:code}/person/new",
                referral,
                {"identity": {"given_name": "Ana"}},
                "referral",
                STAFF,
                None,
            ),
            ("POST", "/inquiries/{uuidstr:code}/case", referral, {"opened_on": "2026-05-01"}, "referral", STAFF, None),
            (
                "POST",
                "/return-plans/{uuidstr:code}/decide",
                plan,
                {"approve": True, "on": "2026-04-10", "version": 1},
                "plan",
                {"return_officer"},
                None,
            ),
            (
                "POST",
                "/return-plans/{uuidstr:code}/depart",
                plan,
                {"departed_on": "2026-04-20"},
                "plan",
                STAFF | {"return_officer"},
                None,
            ),
            (
                "POST",
                "/return-plans/{uuidstr:code}/follow-ups",
                plan,
                {"contacted_on": "2026-05-20", "channel": "phone", "outcome": "in_contact"},
                "plan",
                STAFF,
                None,
            ),
        ]
        for target, case in (("case", self.case), ("dis_case", self.dis_case)):
            rows += self.case_writes(target, case) + self.person_writes(target, case.person)
        rows += rights_writes(self)  # the victim's rights: centre staff only (tests/api/test_rights.py)
        period = {"code": self.dis_case.code, "period": self.period.code}
        extend = {"until": "2026-05-01", "reason": "testimony", "version": 1}
        dis_staff = STAFF | {"immigration_officer"}
        rows.append(
            (
                "POST",
                "/cases/{uuidstr:code}/reflection-periods/{uuidstr:period}/extend",
                period,
                extend,
                "dis_case",
                dis_staff,
                None,
            )
        )
        return rows + self.track_writes()

    def track_writes(self) -> list[Any]:
        """DIS's own case, reconsideration, complexes and employers (docs/api.md#tracks-and-complexes)."""
        decide = {"code": self.negative.code, "reconsideration": self.request.code}
        complex_ids = {"code": self.complex.code, "case": self.case.code}
        dis_case = {"opened_on": "2026-03-02", "identity": {"given_name": "Minh"}}
        return [
            ("POST", "/dis-cases", {}, dis_case, "everyone", {"immigration_officer"}, None),
            (
                "POST",
                "/cases/{uuidstr:code}/reconsiderations/{uuidstr:reconsideration}/decide",
                decide,
                {"decided_on": "2026-03-20", "changed": False},
                "negative",
                STAFF,
                None,
            ),
            ("POST", "/complexes", {}, {"name": "K2", "kind": "other"}, "everyone", STAFF, None),
            ("POST", "/employers", {}, {"name": "F ApS"}, "everyone", STAFF, None),
            (
                "POST",
                "/complexes/{uuidstr:code}/cases",
                complex_ids,
                {"code": str(self.case.code)},
                "complex",
                STAFF,
                None,
            ),
            ("DELETE", "/complexes/{uuidstr:code}/cases/{uuidstr:case}", complex_ids, None, "complex", STAFF, None),
            (
                "POST",
                "/complexes/{uuidstr:code}/employers",
                complex_ids,
                {"code": str(self.employer.code)},
                "complex",
                STAFF,
                None,
            ),
        ]

    def case_writes(self, target: str, case: Any) -> list[Any]:
        ids = {"code": case.code, "assessment": case.assessments.get().code}
        deciders = STAFF | ({"immigration_officer"} if target == "dis_case" else set())
        by = "dis" if target == "dis_case" else "cmm"
        report = {"filed_on": "2026-03-05", "filed_by": "cmm", "legal_basis": "262a", "anonymous": True}
        report["police_district"] = "Københavns Politi"
        plan = {"applied_on": "2026-04-01", "destination": "TH", "in_kind_dkk": 1, "cash_dkk": 1}
        url = "/cases/{uuidstr:code}"
        assessment = url + "/assessments/{uuidstr:assessment}"
        decision = {**ids, "decision": case.decisions.get().code}
        return [
            ("POST", f"{url}/expulsion", ids, {"expulsion_case": True}, target, deciders, None),
            (
                "POST",
                f"{url}/decisions/{{uuidstr:decision}}/reconsiderations",
                decision,
                {"requested_on": "2026-04-01"},
                target,
                deciders,
                None,
            ),
            ("POST", f"{url}/put-to-dis", ids, {"on": "2026-03-05"}, target, STAFF, None),
            ("POST", f"{url}/close", ids, {"on": "2026-06-01", "exit": "left_on_own"}, target, STAFF, None),
            ("POST", f"{url}/reopen", ids, {"reason": "ny viden"}, target, STAFF, None),
            ("POST", f"{url}/contact-person", ids, {"user": str(self.caseworker.code)}, target, STAFF, None),
            (
                "POST",
                f"{url}/assessments",
                ids,
                {"interview_on": "2026-03-04", "assessed_by": by},
                target,
                deciders,
                None,
            ),
            (
                "POST",
                f"{assessment}/interviews",
                ids,
                {"interview_on": "2026-03-05", "assessed_by": by},
                target,
                deciders,
                {"If-Match": '"1"'},
            ),
            ("POST", f"{assessment}/complete", ids, {"outcome": "withdrawn"}, target, deciders, None),
            (
                "POST",
                f"{url}/decisions",
                ids,
                {"authority": by, "decided_on": "2026-04-01", "identified": True},
                target,
                deciders,
                None,
            ),
            (
                "POST",
                f"{url}/reflection-periods",
                ids,
                {"granted_by": by, "starts_on": "2026-04-01"},
                target,
                deciders,
                None,
            ),
            ("POST", f"{url}/stays", ids, {"type": "private", "from_on": "2026-03-05"}, target, STAFF, None),
            ("POST", f"{url}/offers", ids, {"kind": "legal_aid", "given_on": "2026-03-05"}, target, STAFF, None),
            ("POST", f"{url}/police-reports", ids, report, target, STAFF, None),
            ("POST", f"{url}/return-plans", ids, plan, target, STAFF, None),
            ("POST", f"{url}/notes", ids, {"text": "notat"}, target, STAFF, None),
            ("PUT", f"{url}/unaccompanied", ids, {"municipality": "101"}, target, STAFF, None),
            ("POST", f"{url}/documents", ids, {}, target, STAFF, None),
        ]

    def person_writes(self, target: str, person: Any) -> list[Any]:
        ids = {"code": person.code}
        url = "/persons/{uuidstr:code}"
        consent = {"purpose": "research", "answer": "given", "answered_on": "2026-03-01"}
        status = {"as_of": "2026-12-31", "status": "other", "reason": "r"}
        # On the DIS person, the duplicate is the person itself: the twin is not the officer's to see.
        merge = {"duplicate": str(self.twin.code if target == "case" else person.code)}
        return [
            ("PATCH", url, ids, {"gender": "male", "version": 1}, target, STAFF, None),
            ("POST", f"{url}/merge", ids, merge, target, STAFF, None),
            ("POST", f"{url}/consents", ids, consent, target, STAFF, None),
            ("POST", f"{url}/status", ids, status, target, STAFF, None),
            ("POST", f"{url}/erase", ids, None, target, {"manager"}, None),
            ("POST", f"{url}/children", ids, {"birth_year": 2020}, target, STAFF, None),
            (
                "DELETE",
                url + "/children/{uuidstr:child}",
                {**ids, "child": self.children[person.pk].code},
                None,
                target,
                STAFF,
                None,
            ),
        ]

    def test_it_scopes_every_list_to_what_the_role_may_see(self):
        expected_cases = {"caseworker": 3, "manager": 3, "immigration_officer": 1}  # with the negative case
        expected_inquiries = {"caseworker": 4, "manager": 4, "police_referrer": 1}
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
