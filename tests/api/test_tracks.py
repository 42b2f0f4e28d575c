"""The API of the authorities' tracks and case complexes (docs/api.md#tracks-and-complexes)."""

from datetime import date

from spor.cases import services
from spor.cases.models import CaseStatus, Decision
from tests.api.base import ApiTestCase
from tests.make import make_dis_case, make_identified_case, make_pending_case


class ExpulsionApiTests(ApiTestCase):
    def test_it_makes_dis_the_competent_authority(self):
        case = make_pending_case(self.caseworker)
        url = f"/cases/{case.code}"
        self.assertEqual(self.call("caseworker", "GET", url + "/competent-authority").json()["authority"], "cmm")
        response = self.call("caseworker", "POST", url + "/expulsion", {"expulsion_case": True})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertTrue(self.call("caseworker", "GET", url).json()["expulsion_case"])
        found = self.call("caseworker", "GET", url + "/competent-authority").json()
        self.assertEqual((found["authority"], found["expulsion_case"]), ("dis", True))

    def test_it_answers_404_to_the_outsider_and_403_to_the_wrong_role(self):
        case = make_pending_case(self.caseworker)
        url = f"/cases/{case.code}/expulsion"
        self.assertEqual(self.call("outsider_caseworker", "POST", url, {"expulsion_case": True}).status_code, 404)
        self.assertEqual(self.call("immigration_officer", "POST", url, {"expulsion_case": True}).status_code, 404)


class DisCaseApiTests(ApiTestCase):
    body = {
        "opened_on": "2026-03-02",
        "identity": {"given_name": "Minh", "family_name": "Tran"},
        "gender": "male",
        "birth_year": 1999,
        "nationalities": ["VN"],
        "residence_status": "asylum_seeker",
    }

    def test_dis_opens_its_own_case_and_the_centre_sees_only_the_count(self):
        response = self.call("immigration_officer", "POST", "/dis-cases", self.body)
        self.assertEqual(response.status_code, 201, response.content)
        code = response.json()["code"]
        self.assertEqual(response.json()["kept_by"], "dis")
        self.assertEqual(self.call("immigration_officer", "GET", f"/cases/{code}").status_code, 200)
        self.assertEqual(self.call("caseworker", "GET", f"/cases/{code}").status_code, 404)
        person = response.json()["person"]
        self.assertEqual(self.call("caseworker", "GET", f"/persons/{person}").status_code, 404)
        self.assertEqual(self.call("caseworker", "GET", "/dis-cases/count").json(), {"count": 1})
        listed = self.call("caseworker", "GET", "/cases").json()["items"]
        self.assertNotIn(code, [c["code"] for c in listed])

    def test_the_centre_cannot_open_one(self):
        self.assertEqual(self.call("caseworker", "POST", "/dis-cases", self.body).status_code, 403)
        self.assertEqual(self.call("police_referrer", "POST", "/dis-cases", self.body).status_code, 403)


class ReconsiderationApiTests(ApiTestCase):
    def test_a_negative_decision_is_reconsidered_and_changed(self):
        case = make_pending_case(self.caseworker)
        url = f"/cases/{case.code}"
        decision = self.call(
            "caseworker",
            "POST",
            url + "/decisions",
            {"authority": "cmm", "decided_on": "2026-03-05", "identified": False, "reasoning": "For lidt."},
        )
        self.assertEqual(decision.status_code, 201, decision.content)
        self.assertNotIn("reasoning", decision.json())
        self.assertEqual(Decision.objects.get(code=decision.json()["code"]).reasoning, "For lidt.")
        request = self.call(
            "caseworker",
            "POST",
            f"{url}/decisions/{decision.json()['code']}/reconsiderations",
            {"requested_on": "2026-03-20", "requested_by": "lawyer"},
        )
        self.assertEqual(request.status_code, 201, request.content)
        self.assertEqual(self.call("caseworker", "GET", url).json()["status"], CaseStatus.RECONSIDERATION)
        decided = self.call(
            "caseworker",
            "POST",
            f"{url}/reconsiderations/{request.json()['code']}/decide",
            {"decided_on": "2026-04-01", "changed": True, "reasoning": "Ny viden."},
        )
        self.assertEqual(decided.status_code, 200, decided.content)
        self.assertEqual(decided.json()["outcome"], "changed")
        self.assertIsNotNone(decided.json()["new_decision"])
        self.assertEqual(self.call("caseworker", "GET", url).json()["status"], CaseStatus.IDENTIFIED)
        listed = self.call("caseworker", "GET", url + "/reconsiderations").json()
        self.assertEqual([r["outcome"] for r in listed], ["changed"])

    def test_it_names_the_field_for_a_positive_decision(self):
        case = make_identified_case(self.caseworker)
        decision = case.decisions.get()
        response = self.call(
            "caseworker",
            "POST",
            f"/cases/{case.code}/decisions/{decision.code}/reconsiderations",
            {"requested_on": "2026-03-20"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("decision", response.json()["fields"])


class ComplexApiTests(ApiTestCase):
    def test_it_links_two_cases_and_an_employer_once(self):
        created = self.call(
            "caseworker", "POST", "/complexes", {"name": "Lotus", "kind": "network", "police_reference": "0100-1"}
        )
        self.assertEqual(created.status_code, 201, created.content)
        code = created.json()["code"]
        cases = [make_identified_case(self.caseworker) for _ in range(2)]
        for case in cases:
            linked = self.call("caseworker", "POST", f"/complexes/{code}/cases", {"code": str(case.code)})
            self.assertEqual(linked.status_code, 200, linked.content)
        self.assertEqual(linked.json()["cases"], [str(c.code) for c in cases])
        first = self.call("caseworker", "POST", "/employers", {"name": "Wellness ApS", "cvr": "31234565"}).json()
        again = self.call("caseworker", "POST", "/employers", {"name": "Wellness", "cvr": "31234565"}).json()
        self.assertEqual(first["code"], again["code"])
        bad = self.call("caseworker", "POST", "/employers", {"name": "X", "cvr": "31234566"})
        self.assertEqual((bad.status_code, list(bad.json()["fields"])), (400, ["cvr"]))
        done = self.call("caseworker", "POST", f"/complexes/{code}/employers", {"code": first["code"]}).json()
        self.assertEqual(done["employers"], [first["code"]])
        unlinked = self.call("caseworker", "DELETE", f"/complexes/{code}/cases/{cases[1].code}").json()
        self.assertEqual(unlinked["cases"], [str(cases[0].code)])
        self.assertEqual(self.call("caseworker", "GET", f"/complexes/{code}").json()["name"], "Lotus")

    def test_only_centre_staff_see_complexes(self):
        found = services.complex_create(actor=self.caseworker, name="K", kind="other")
        for role in ("outsider_caseworker", "immigration_officer", "analyst", "return_officer"):
            with self.subTest(role=role):
                self.assertEqual(self.call(role, "GET", f"/complexes/{found.code}").status_code, 404)
                self.assertEqual(self.call(role, "GET", "/complexes").json(), [])
        self.assertEqual(
            self.call("police_referrer", "POST", "/complexes", {"name": "K", "kind": "other"}).status_code, 403
        )

    def test_a_dis_only_case_cannot_be_linked(self):
        found = services.complex_create(actor=self.caseworker, name="K", kind="other")
        case = make_dis_case(self.immigration_officer, on=date(2026, 3, 2))
        response = self.call("caseworker", "POST", f"/complexes/{found.code}/cases", {"code": str(case.code)})
        self.assertEqual(response.status_code, 404)
