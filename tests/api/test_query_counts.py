"""The busiest reads stay cheap: a fixed number of queries whatever they return (docs/api.md#measured)."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from spor.cases import services
from spor.cases.models import StayType
from tests.api.base import ApiTestCase
from tests.make import make_case, make_identified_case


class QueryCountTests(ApiTestCase):
    def count(self, url: str) -> tuple[int, dict]:
        self.call("caseworker", "GET", url)  # the token's last use is written at most once a minute
        with CaptureQueriesContext(connection) as queries:
            response = self.call("caseworker", "GET", url)
        self.assertEqual(response.status_code, 200, response.content)
        return len(queries.captured_queries), response.json()

    def test_it_reads_a_case_with_its_history_and_actions_in_four_queries(self):
        case = make_identified_case(self.caseworker)
        services.stay_add(actor=self.caseworker, case=case, type=StayType.PRIVATE, from_on=date(2026, 3, 3))
        services.stay_add(actor=self.caseworker, case=case, type=StayType.DECLINED, from_on=date(2026, 3, 4))
        queries, body = self.count(f"/cases/{case.code}")
        self.assertEqual(queries, 4)  # the token, the case with its person, the history, the consents
        self.assertEqual(body["actions"][0], {**body["actions"][0], "code": "reflection_grant", "next": True})
        self.assertEqual([s["type"] for s in body["stays"]], ["private", "declined"])
        decision = body["decisions"][0]
        self.assertEqual((decision["identified"], decision["secondary_exploitation"]), (True, []))
        self.assertEqual(body["assessments"][0]["indicators"], {"deceived": "yes", "debt": "yes"})
        self.assertEqual(body["assessments"][0]["code"], str(case.assessments.get().code))

    def test_it_lists_inquiries_in_two_queries(self):
        for day in (2, 3, 4):
            make_case(self.caseworker, opened_on=date(2026, 3, day))
        queries, body = self.count("/inquiries?limit=2")
        self.assertEqual(queries, 2)  # the token, the page (one row beyond it says whether more follow)
        self.assertEqual([i["received_on"] for i in body["items"]], ["2026-03-04", "2026-03-03"])
        self.assertEqual(body["next_offset"], 2)
        self.assertTrue(all(i["case"] for i in body["items"]))
