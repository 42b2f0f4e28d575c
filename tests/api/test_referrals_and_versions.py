"""Idempotent referrals, a referrer's own list, and If-Match against lost updates (docs/api.md)."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.test import override_settings

from spor.cases import selectors, services
from tests.api.base import ApiTestCase
from tests.make import make_consent, make_identified_case

RECENT = date.today() - timedelta(days=3)


class ReferralTests(ApiTestCase):
    body = {"sender_type": "police", "summary": "Kvinde fundet ved razzia", "received_on": str(RECENT)}

    def test_it_creates_one_inquiry_for_a_retried_submission(self):
        first = self.call("police_referrer", "POST", "/referrals", self.body, **{"Idempotency-Key": "k-123"})
        again = self.call("police_referrer", "POST", "/referrals", self.body, **{"Idempotency-Key": "k-123"})
        self.assertEqual((first.status_code, again.status_code), (201, 201))
        self.assertEqual(first.json(), again.json())
        self.assertEqual(again.headers["Idempotent-Replayed"], "true")
        self.assertEqual(selectors.inquiry_list_for(actor=self.caseworker).count(), 1)

    def test_it_creates_two_inquiries_for_two_keys_or_none(self):
        self.call("police_referrer", "POST", "/referrals", self.body, **{"Idempotency-Key": "a"})
        self.call("police_referrer", "POST", "/referrals", self.body, **{"Idempotency-Key": "b"})
        self.call("police_referrer", "POST", "/referrals", self.body)
        self.assertEqual(selectors.inquiry_list_for(actor=self.caseworker).count(), 3)

    def test_it_keeps_keys_apart_between_organisations(self):
        self.call("police_referrer", "POST", "/referrals", self.body, **{"Idempotency-Key": "same"})
        self.call("ngo_referrer", "POST", "/referrals", self.body, **{"Idempotency-Key": "same"})
        self.assertEqual(selectors.inquiry_list_for(actor=self.caseworker).count(), 2)

    def test_it_lists_only_the_referrers_own_referrals_with_their_state(self):
        own = self.call("police_referrer", "POST", "/referrals", self.body).json()
        self.call("ngo_referrer", "POST", "/referrals", self.body)
        listed = self.call("police_referrer", "GET", "/referrals").json()
        self.assertEqual([(r["code"], r["state"]) for r in listed["items"]], [(own["code"], "new")])
        self.assertNotIn("summary", listed["items"][0])

    def test_it_answers_422_to_a_key_replayed_with_another_body(self):
        self.call("police_referrer", "POST", "/referrals", self.body, **{"Idempotency-Key": "k-9"})
        other = {**self.body, "summary": "Mand fundet på byggeplads"}
        response = self.call("police_referrer", "POST", "/referrals", other, **{"Idempotency-Key": "k-9"})
        self.assertEqual(response.status_code, 422, response.content)
        self.assertIn("Idempotency-Key", response.json()["fields"])
        self.assertEqual(selectors.inquiry_list_for(actor=self.caseworker).count(), 1)

    def test_it_refuses_a_referral_backdated_beyond_the_window(self):
        old = {**self.body, "received_on": str(date.today() - timedelta(days=31))}
        response = self.call("police_referrer", "POST", "/referrals", old)
        self.assertEqual(response.status_code, 400, response.content)
        self.assertIn("received_on", response.json()["fields"])
        within = {**self.body, "received_on": str(date.today() - timedelta(days=30))}
        self.assertEqual(self.call("police_referrer", "POST", "/referrals", within).status_code, 201)
        with override_settings(REFERRAL_BACKDATE_DAYS=60):
            self.assertEqual(self.call("police_referrer", "POST", "/referrals", old).status_code, 201)

    def test_it_refuses_a_referral_backdated_on_the_web_too(self):
        with self.assertRaises(ValidationError):
            services.referral_submit(
                actor=self.ngo_referrer, sender_type="ngo", summary="s", received_on=date.today() - timedelta(days=45)
            )

    def test_it_refuses_a_decision_in_the_future_as_the_importer_does(self):
        case = make_identified_case(self.caseworker)
        with self.assertRaises(ValidationError) as caught:
            services.decision_record(
                actor=self.caseworker, case=case, authority="cmm", decided_on=date(2098, 1, 2), identified=True
            )
        self.assertIn("decided_on", caught.exception.message_dict)

    def test_it_refuses_a_malformed_key_naming_the_header(self):
        response = self.call("police_referrer", "POST", "/referrals", self.body, **{"Idempotency-Key": "x" * 200})
        self.assertEqual(response.status_code, 422)
        self.assertIn("Idempotency-Key", response.json()["fields"])


class VersionTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.case = make_identified_case(cls.caseworker)
        cls.period = services.reflection_grant(
            actor=cls.caseworker, case=cls.case, granted_by="cmm", starts_on=date(2026, 3, 10)
        )

    def extend(self, until: str, tag: str):
        url = f"/cases/{self.case.code}/reflection-periods/{self.period.code}/extend"
        return self.call("caseworker", "POST", url, {"until": until, "reason": "testimony"}, **{"If-Match": tag})

    def test_it_answers_412_to_a_writer_with_a_stale_version(self):
        self.assertEqual(self.extend("2026-05-01", '"1"').status_code, 200)
        stale = self.extend("2026-05-20", '"1"')
        self.assertEqual(stale.status_code, 412)
        self.assertEqual(stale.json()["fields"], {"ends_on": ["ændret"]})
        self.assertEqual(self.extend("2026-05-20", '"2"').status_code, 200)

    def test_it_answers_409_to_a_stale_version_in_the_body(self):
        self.extend("2026-05-01", '"1"')
        url = f"/cases/{self.case.code}/reflection-periods/{self.period.code}/extend"
        body = {"until": "2026-05-20", "reason": "testimony", "version": 1}
        self.assertEqual(self.call("caseworker", "POST", url, body).status_code, 409)

    def test_it_guards_a_further_interview(self):
        assessment = self.case.assessments.get()
        url = f"/cases/{self.case.code}/assessments/{assessment.code}/interviews"
        body = {"interview_on": "2026-03-20", "indicators": {"isolated": "yes"}}
        tag = f'"{assessment.version}"'
        first = self.call("caseworker", "POST", url, body, **{"If-Match": tag})
        self.assertEqual(first.status_code, 200, first.content)
        self.assertEqual(first.json()["indicators"]["isolated"], "yes")
        self.assertEqual(self.call("manager", "POST", url, body, **{"If-Match": tag}).status_code, 412)

    def test_a_change_to_an_existing_record_without_a_version_is_428(self):
        assessment = self.case.assessments.get()
        before = (assessment.version, assessment.act, assessment.recommendation)
        url = f"/cases/{self.case.code}/assessments/{assessment.code}/interviews"
        body = {"interview_on": "2026-03-20", "indicators": {"isolated": "yes"}}
        self.assertEqual(self.call("caseworker", "POST", url, body).status_code, 428)
        assessment.refresh_from_db()
        self.assertEqual((assessment.version, assessment.act, assessment.recommendation), before)
        extend = f"/cases/{self.case.code}/reflection-periods/{self.period.code}/extend"
        self.assertEqual(
            self.call("caseworker", "POST", extend, {"until": "2026-05-01", "reason": "testimony"}).status_code, 428
        )

    def test_if_match_star_is_the_explicit_any_version(self):
        self.assertEqual(self.extend("2026-05-01", "*").status_code, 200)

    def test_it_refuses_a_malformed_if_match(self):
        response = self.extend("2026-05-01", "yesterday")
        self.assertEqual(response.status_code, 400)

    def submit_plan(self):
        make_consent(self.caseworker, self.case.person)
        return services.return_plan_submit(
            actor=self.caseworker,
            case=self.case,
            applied_on=date(2026, 4, 1),
            destination="TH",
            in_kind_dkk=1,
            cash_dkk=1,
        )

    def test_it_guards_the_return_agency_decision(self):
        plan = self.submit_plan()
        etag = self.call("return_officer", "GET", f"/return-plans/{plan.code}").headers["ETag"]
        body = {"approve": False, "on": "2026-04-10"}
        url = f"/return-plans/{plan.code}/decide"
        self.assertEqual(self.call("return_officer", "POST", url, body, **{"If-Match": etag}).status_code, 200)
        self.assertEqual(self.call("return_officer", "POST", url, body, **{"If-Match": etag}).status_code, 412)

    def test_it_changes_the_case_etag_when_a_rejection_moves_the_case_back(self):
        plan = self.submit_plan()
        planned = self.call("caseworker", "GET", f"/cases/{self.case.code}")
        self.assertEqual(planned.json()["status"], "return_planned")
        url = f"/return-plans/{plan.code}/decide"
        self.call("return_officer", "POST", url, {"approve": False, "on": "2026-04-10", "version": plan.version})
        rejected = self.call("caseworker", "GET", f"/cases/{self.case.code}")
        self.assertEqual(rejected.json()["status"], "identified")
        self.assertNotEqual(rejected.headers["ETag"], planned.headers["ETag"])
