"""The victim's rights through the API (docs/api.md#victims-rights)."""

from __future__ import annotations

from datetime import date
from typing import Any

from spor.cases import services
from spor.cases.services import rights
from spor.people.models import ConsentPurpose
from tests.api.base import ApiTestCase
from tests.make import make_consent, make_identified_case, make_person

STAFF = {"caseworker", "manager"}


def rights_writes(tc: Any) -> list[tuple[str, str, dict, dict | None, str, set[str], dict | None]]:
    """The rights routes for the API permission matrix, on CMM's case and on the case put to DIS:
    centre staff only (an immigration officer sees the DIS case, so gets 403 there)."""
    rows = []
    for target, case in (("case", tc.case), ("dis_case", tc.dis_case)):
        report = services.police_report_file(
            actor=tc.caseworker, case=case, filed_on=date(2026, 3, 20), filed_by="cmm", anonymous=True,
            legal_basis="262a", police_district="Københavns Politi",
        )  # fmt: skip
        permit = rights.residence_permit_apply(actor=tc.caseworker, case=case, applied_on=date(2026, 4, 1))
        matter = rights.non_punishment_record(actor=tc.caseworker, case=case, charged_on=date(2026, 2, 1))
        claim = rights.compensation_claim_add(
            actor=tc.caseworker, case=case, route="criminal_case", claimed_on=date(2026, 4, 1), claimed_dkk=1000
        )
        ids = {
            "code": case.code,
            "report": report.code,
            "permit": permit.code,
            "matter": matter.code,
            "claim": claim.code,
        }
        route = "/cases/{uuidstr:code}"
        rows += [
            ("POST", route + "/no-police-report", ids, {"reason": "abroad", "recorded_on": "2026-03-05"}),
            (
                "POST",
                route + "/police-reports/{uuidstr:report}/outcomes",
                ids,
                {"outcome": "charged", "on": "2026-04-01"},
            ),
            ("POST", route + "/residence-permits", ids, {"applied_on": "2026-04-02"}),
            (
                "POST",
                route + "/residence-permits/{uuidstr:permit}/decide",
                ids,
                {"decided_on": "2026-05-01", "granted": False},
            ),
            ("POST", route + "/non-punishments", ids, {"crime_type": "theft"}),
            (
                "POST",
                route + "/non-punishments/{uuidstr:matter}/outcome",
                ids,
                {"outcome": "acquitted", "on": "2026-05-01"},
            ),
            ("POST", route + "/non-punishments/{uuidstr:matter}/detentions", ids, {"from_on": "2026-02-01"}),
            (
                "POST",
                route + "/compensation-claims",
                ids,
                {"route": "civil", "claimed_on": "2026-04-01", "claimed_dkk": 5},
            ),
            (
                "POST",
                route + "/compensation-claims/{uuidstr:claim}/decide",
                ids,
                {"decided_on": "2026-05-01", "awarded_dkk": 0},
            ),
        ]
        rows = [(*row[:4], target, STAFF, None) if len(row) == 4 else row for row in rows]
    return rows


class RightsApiTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.case = make_identified_case(cls.caseworker)
        make_consent(cls.caseworker, cls.case.person, ConsentPurpose.POLICE_REPORT)
        cls.dis_case = make_identified_case(cls.caseworker, make_person(cls.caseworker, residence_status="unlawful"))
        services.case_put_to_dis(actor=cls.caseworker, case=cls.dis_case, on=date(2026, 3, 2))

    def url(self, tail: str = "") -> str:
        return f"/cases/{self.case.code}{tail}"

    def test_it_records_and_reads_a_report_with_its_journal_number_and_outcome(self):
        body = {
            "filed_on": "2026-03-20", "filed_by": "person_assisted", "legal_basis": "262a",
            "police_district": "Københavns Politi", "journal_number": "0100-1", "assists_investigation": "yes",
        }  # fmt: skip
        filed = self.call("caseworker", "POST", self.url("/police-reports"), body)
        self.assertEqual(filed.status_code, 201, filed.content)
        self.assertNotIn("journal_number", filed.json())  # the case detail's report row carries no number
        code = filed.json()["code"]
        outcome = self.call(
            "caseworker",
            "POST",
            self.url(f"/police-reports/{code}/outcomes"),
            {"outcome": "charged", "on": "2026-04-01"},
        )
        self.assertEqual(outcome.status_code, 201, outcome.content)
        read = self.call("caseworker", "GET", self.url("/rights")).json()
        self.assertEqual(read["police_reports"][0]["journal_number"], "0100-1")
        self.assertEqual(read["police_reports"][0]["outcome"], "charged")
        self.assertEqual(read["police_reports"][0]["assists_investigation"], "yes")
        self.assertIsNone(read["no_report"])

    def test_it_records_why_no_report_and_refuses_an_unknown_reason_with_422(self):
        bad = self.call(
            "caseworker", "POST", self.url("/no-police-report"), {"reason": "bored", "recorded_on": "2026-03-05"}
        )
        self.assertEqual(bad.status_code, 422, bad.content)
        ok = self.call(
            "caseworker", "POST", self.url("/no-police-report"), {"reason": "not_yet", "recorded_on": "2026-03-05"}
        )
        self.assertEqual(ok.status_code, 201, ok.content)
        self.assertEqual(self.call("manager", "GET", self.url("/rights")).json()["no_report"]["reason"], "not_yet")

    def test_it_decides_a_permit_with_if_match(self):
        made = self.call("caseworker", "POST", self.url("/residence-permits"), {"applied_on": "2026-04-01"})
        self.assertEqual(made.status_code, 201, made.content)
        decide = self.url(f"/residence-permits/{made.json()['code']}/decide")
        body = {"decided_on": "2026-05-01", "granted": True, "valid_from": "2026-05-01", "valid_to": "2026-11-01"}
        self.assertEqual(self.call("caseworker", "POST", decide, body).status_code, 428)
        done = self.call("caseworker", "POST", decide, body, **{"If-Match": '"1"'})
        self.assertEqual(done.status_code, 200, done.content)
        self.assertEqual((done.json()["valid_to"], done.headers["ETag"]), ("2026-11-01", '"2"'))
        self.assertEqual(self.call("caseworker", "POST", decide, body, **{"If-Match": '"1"'}).status_code, 412)

    def test_it_records_non_punishment_detention_and_compensation(self):
        matter = self.call(
            "caseworker",
            "POST",
            self.url("/non-punishments"),
            {"crime_type": "cannabis_cultivation", "charged_on": "2026-02-01"},
        )
        self.assertEqual(matter.status_code, 201, matter.content)
        m = matter.json()["code"]
        detention = self.call(
            "caseworker",
            "POST",
            self.url(f"/non-punishments/{m}/detentions"),
            {"from_on": "2026-02-01", "to_on": "2026-02-03"},
        )
        self.assertEqual(detention.status_code, 201, detention.content)
        outcome = self.call(
            "caseworker", "POST", self.url(f"/non-punishments/{m}/outcome"),
            {"outcome": "prosecution_waived", "on": "2026-03-01", "version": 1},
        )  # fmt: skip
        self.assertEqual(outcome.status_code, 200, outcome.content)
        self.assertEqual((outcome.json()["outcome"], outcome.json()["detained_days"]), ("prosecution_waived", 3))
        claim = self.call(
            "caseworker",
            "POST",
            self.url("/compensation-claims"),
            {"route": "compensation_board", "claimed_on": "2026-04-01", "claimed_dkk": 40000},
        )
        self.assertEqual(claim.status_code, 201, claim.content)
        over = self.call(
            "caseworker", "POST", self.url(f"/compensation-claims/{claim.json()['code']}/decide"),
            {"decided_on": "2026-06-01", "awarded_dkk": 50000, "version": 1},
        )  # fmt: skip
        self.assertEqual(over.status_code, 400, over.content)
        self.assertIn("awarded_dkk", over.json()["fields"])

    def test_it_shows_the_rights_to_centre_staff_only(self):
        for role, expected in (
            ("caseworker", 200),
            ("manager", 200),
            ("immigration_officer", 404),  # CMM's own case is not the officer's
            ("police_referrer", 404),
            ("ngo_referrer", 404),
            ("analyst", 404),
            ("outsider_caseworker", 404),
            ("admin", 404),
        ):
            with self.subTest(role=role):
                self.assertEqual(self.call(role, "GET", self.url("/rights")).status_code, expected)
        dis = self.call("immigration_officer", "GET", f"/cases/{self.dis_case.code}/rights")
        self.assertEqual(dis.status_code, 403)  # sees the case put to DIS, not the centre's rights work
