"""Return plans with content, no rate on file, and follow-ups through the API (docs/api.md#follow-ups)."""

from __future__ import annotations

from datetime import date

from spor.cases import services
from spor.cases.models import FollowUp
from spor.people import services as people
from tests.api.base import ApiTestCase
from tests.make import make_consent, make_identified_case


class ReturnApiTests(ApiTestCase):
    def test_a_plan_with_children_kinds_and_partner_then_a_follow_up(self):
        case = make_identified_case(self.caseworker)
        make_consent(self.caseworker, case.person)
        child = people.child_add(actor=self.caseworker, person=case.person, birth_year=2016)
        children = self.call("caseworker", "GET", f"/cases/{case.code}/children").json()
        self.assertEqual(children, [{"code": str(child.code), "birth_year": 2016}])
        body = {
            "applied_on": "2026-04-01",
            "destination": "TH",
            "in_kind_dkk": 49_000,
            "cash_dkk": 20_000,
            "provider": True,
            "travelling_children": [str(child.code)],
            "reintegration": ["work", "medical"],
            "partner": "IOM Bangkok",
        }
        created = self.call("caseworker", "POST", f"/cases/{case.code}/return-plans", body)
        self.assertEqual(created.status_code, 201, created.content)
        plan = created.json()
        self.assertEqual(
            (plan["children"], plan["travelling_children"], plan["reintegration"], plan["rate_on_file"]),
            (1, [str(child.code)], ["work", "medical"], True),
        )
        code = plan["code"]
        decided = self.call(
            "return_officer",
            "POST",
            f"/return-plans/{code}/decide",
            {"approve": True, "on": "2026-04-05"},
            **{"If-Match": '"1"'},
        )
        self.assertEqual(decided.status_code, 200, decided.content)
        self.call(
            "return_officer", "POST", f"/return-plans/{code}/depart", {"departed_on": "2026-04-20"}, **{"If-Match": "*"}
        )
        follow_up = {
            "contacted_on": "2026-05-20",
            "channel": "via_partner",
            "outcome": "in_contact",
            "note": "Arbejder.",
        }
        recorded = self.call("caseworker", "POST", f"/return-plans/{code}/follow-ups", follow_up)
        self.assertEqual(recorded.status_code, 201, recorded.content)
        self.assertEqual(recorded.json()["note"], "Arbejder.")
        read = self.call("caseworker", "GET", f"/return-plans/{code}").json()
        self.assertEqual([f["outcome"] for f in read["follow_ups"]], ["in_contact"])
        self.assertEqual(self.call("return_officer", "GET", f"/return-plans/{code}").json()["follow_ups"], [])
        due = self.call("caseworker", "GET", "/follow-ups/due?today=2026-07-20").json()
        self.assertEqual([(d["plan"], d["days"], d["due_on"]) for d in due], [(code, 91, "2026-07-20")])
        self.assertEqual(self.call("return_officer", "GET", "/follow-ups/due?today=2026-07-20").json(), [])

    def test_a_2024_plan_is_recorded_with_no_rate_on_file_and_bad_input_names_the_field(self):
        case = make_identified_case(self.caseworker, on=date(2024, 3, 2))
        make_consent(self.caseworker, case.person)
        body = {"applied_on": "2024-04-01", "destination": "TH", "in_kind_dkk": 99_000, "cash_dkk": 0}
        bad = self.call("caseworker", "POST", f"/cases/{case.code}/return-plans", body | {"reintegration": ["x"]})
        self.assertEqual(bad.status_code, 422)
        self.assertIn("reintegration", bad.content.decode())
        other = people.child_add(
            actor=self.caseworker, person=make_identified_case(self.caseworker).person, birth_year=None
        )
        bad = self.call(
            "caseworker", "POST", f"/cases/{case.code}/return-plans", body | {"travelling_children": [str(other.code)]}
        )
        self.assertEqual(bad.status_code, 400, bad.content)
        self.assertIn("travelling_children", bad.json()["fields"])
        created = self.call("caseworker", "POST", f"/cases/{case.code}/return-plans", body)
        self.assertEqual((created.status_code, created.json()["rate_on_file"]), (201, False))
        plan = services.return_plan_decide(
            actor=self.return_officer, plan=case.return_plans.get(), approve=True, on=date(2024, 4, 3)
        )
        services.return_plan_depart(actor=self.return_officer, plan=plan, departed_on=date(2024, 4, 20))
        bad = self.call(
            "caseworker", "POST", f"/return-plans/{plan.code}/follow-ups",
            {"contacted_on": "2024-04-01", "channel": "phone", "outcome": "other"},
        )  # fmt: skip
        self.assertEqual(bad.status_code, 400)
        self.assertIn("contacted_on", bad.json()["fields"])
        self.assertFalse(FollowUp.objects.exists())
