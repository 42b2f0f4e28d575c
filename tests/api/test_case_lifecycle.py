"""The API's case detail says what can be done next; closing with an exit; reopening (docs/api.md#case-actions)."""

from __future__ import annotations

from spor.cases.models import Case, CaseStatus
from tests.api.base import ApiTestCase
from tests.make import make_case, make_identified_case


class CaseLifecycleApiTests(ApiTestCase):
    def test_the_detail_lists_the_actions_with_the_next_step_first(self):
        case = make_case(self.caseworker)
        body = self.call("caseworker", "GET", f"/cases/{case.code}").json()
        codes = [a["code"] for a in body["actions"]]
        self.assertEqual(codes[0], "assessment")
        self.assertTrue(body["actions"][0]["next"])
        self.assertNotIn("decision", codes)
        stay = next(a for a in body["actions"] if a["code"] == "stay")
        self.assertEqual((stay["consent"], stay["consent_missing"]), ("referral", True))

    def test_it_closes_with_an_exit_and_reopens_with_a_reason(self):
        case = make_identified_case(self.caseworker)
        url = f"/cases/{case.code}"
        response = self.call("caseworker", "POST", f"{url}/close", {"on": "2026-04-01"})
        self.assertEqual(response.status_code, 422)
        response = self.call("caseworker", "POST", f"{url}/close", {"on": "2026-04-01", "exit": "nonsense"})
        self.assertEqual(response.status_code, 422)
        self.assertEqual(Case.objects.get(pk=case.pk).status, CaseStatus.IDENTIFIED)
        tag = self.tag("caseworker", url)
        response = self.call(
            "caseworker", "POST", f"{url}/close", {"on": "2026-04-01", "exit": "dublin_transfer"}, **tag
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual((response.json()["status"], response.json()["exit"]), ("closed", "dublin_transfer"))
        body = self.call("caseworker", "GET", url).json()
        self.assertEqual([a["code"] for a in body["actions"]], ["reopen"])
        tag = self.tag("caseworker", url)
        self.assertEqual(self.call("caseworker", "POST", f"{url}/reopen", {"reason": ""}, **tag).status_code, 422)
        response = self.call("caseworker", "POST", f"{url}/reopen", {"reason": "ny viden"}, **tag)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual((response.json()["status"], response.json()["exit"]), ("identified", ""))
        self.assertNotIn("ny viden", response.content.decode())
        response = self.call("caseworker", "POST", f"{url}/reopen", {"reason": "igen"}, **self.tag("caseworker", url))
        self.assertEqual(response.status_code, 400, response.content)
        self.assertIn("status", response.json()["fields"])
