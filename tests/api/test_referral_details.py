"""Structured referrals through the API: the body, the referrer's own read, field-named errors
(docs/api.md#referrals)."""

from __future__ import annotations

from datetime import date, timedelta

from spor.cases.models import Inquiry, Referral
from tests.api.base import ApiTestCase

BODY = {
    "sender_type": "police",
    "summary": "Fundet ved razzia",
    "consent": "yes",
    "given_name": "محمد",
    "family_name": "الحسن",
    "aliases": ["Mo"],
    "birth_date": "2004-02-29",
    "gender": "male",
    "nationalities": ["SY"],
    "phones": ["+4520123456"],
    "language": "arabisk",
    "whereabouts": "Byggeplads i Aarhus",
    "place": "1082",
    "exploitation": "forced_labour",
    "indicators": ["documents_withheld"],
    "child": "unknown",
    "police_informed": "yes",
    "urgency": "acute",
}


class ReferralDetailApiTests(ApiTestCase):
    def test_the_referrer_reads_back_what_it_sent_and_the_status(self):
        created = self.call("police_referrer", "POST", "/referrals", BODY)
        self.assertEqual(created.status_code, 201, created.content)
        self.assertEqual((created.json()["status"], created.json()["anonymous"]), ("received", False))
        read = self.call("police_referrer", "GET", f"/referrals/{created.json()['code']}").json()
        self.assertEqual((read["person"]["given_name"], read["person"]["family_name"]), ("محمد", "الحسن"))
        self.assertEqual((read["person"]["birth_date"], read["person"]["birth_year"]), ("2004-02-29", 2004))
        self.assertEqual(
            (read["summary"], read["urgency"], read["indicators"]), (BODY["summary"], "acute", ["documents_withheld"])
        )
        self.assertNotIn("case", read)
        listed = self.call("police_referrer", "GET", "/referrals").json()["items"]
        self.assertEqual([(r["code"], r["status"]) for r in listed], [(created.json()["code"], "received")])

    def test_another_organisation_and_the_centre_get_404(self):
        code = self.call("police_referrer", "POST", "/referrals", BODY).json()["code"]
        for role in ("ngo_referrer", "caseworker", "outsider_caseworker", "analyst"):
            with self.subTest(role=role):
                self.assertEqual(self.call(role, "GET", f"/referrals/{code}").status_code, 404)

    def test_without_consent_the_api_keeps_no_name(self):
        created = self.call("police_referrer", "POST", "/referrals", {**BODY, "consent": "no"}).json()
        self.assertTrue(created["anonymous"])
        read = self.call("police_referrer", "GET", f"/referrals/{created['code']}").json()
        self.assertEqual((read["person"]["given_name"], read["summary"]), ("", ""))
        self.assertEqual(read["person"]["nationalities"], ["SY"])
        self.assertNotEqual(read["person"]["age_band"], "unknown")  # the band is kept, the birth date is not
        self.assertIsNone(read["person"]["birth_date"])
        referral = Referral.objects.get()
        self.assertEqual((referral.identity_ct, referral.inquiry.summary_ct), ("", ""))

    def test_a_referral_without_details_is_a_notification_by_default(self):
        created = self.call("ngo_referrer", "POST", "/referrals", {"sender_type": "ngo", "summary": "s"}).json()
        self.assertTrue(created["anonymous"])

    def test_bad_values_are_refused_naming_the_field(self):
        cases = {
            "birth_year": {"birth_year": 1850},
            "birth_date": {"birth_date": str(date.today() + timedelta(days=1))},
            "given_name": {"given_name": "x" * 10_000},
            "nationalities": {"nationalities": ["QQ"]},
            "indicators": {"indicators": ["flying"]},
            "consent": {"consent": "perhaps"},
            "phones": {"phones": ["ring"]},
        }
        for field, change in cases.items():
            with self.subTest(field=field):
                response = self.call("police_referrer", "POST", "/referrals", {**BODY, **change})
                self.assertIn(response.status_code, {400, 422}, response.content)
                self.assertTrue(any(field in name for name in response.json()["fields"]), response.json())
        self.assertEqual(Inquiry.objects.count(), 0)
