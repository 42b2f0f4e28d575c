"""Structured partner referrals and anonymous notifications through the services and selectors
(docs/definitions.md#referrals, docs/definitions.md#anonymous-notifications)."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from spor.audit.models import ReadLog
from spor.cases import selectors, services
from spor.cases.models import Inquiry, Referral, ReferralToken
from spor.cases.services import ReferralDetails
from spor.common.errors import IdempotencyMismatch, NotFound
from spor.people import names
from tests.base import SporTestCase
from tests.make import make_person, make_referral

TODAY = date.today()
BORN = date(TODAY.year - 20, 1, 1)  # 20 years old on any day of this year
FULL = {
    "given_name": "Олена",
    "family_name": "Коваленко",
    "aliases": ["Lena", "سارة"],
    "birth_date": BORN,
    "gender": "female",
    "nationalities": ["UA", "RO"],
    "phones": ["+40 712 345 678"],
    "language": "ukrainsk",
    "whereabouts": "Massageklinik på Vesterbrogade",
    "place": "1084",
    "exploitation": "sexual_prostitution",
    "indicators": ["documents_withheld", "debt"],
    "child": "no",
    "police_informed": "yes",
    "urgency": "urgent",
}


def all_text_in_database() -> str:
    """Every text cell of the referral tables and the inquiry table, for a look for clear names."""
    with connection.cursor() as cursor:
        cells = []
        for table in (Referral._meta.db_table, Inquiry._meta.db_table, ReferralToken._meta.db_table):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
            cells += [str(cell) for row in cursor.fetchall() for cell in row]
    return "\n".join(cells)


class StructuredReferralTests(SporTestCase):
    def test_it_keeps_the_person_encrypted_and_blind_indexed_with_consent(self):
        inquiry = make_referral(self.ngo_referrer, **FULL)
        referral = inquiry.referral
        self.assertFalse(referral.anonymous)
        self.assertEqual((referral.birth_year, referral.age_band, referral.gender), (BORN.year, "18-24", "female"))
        self.assertEqual(referral.nationalities, ["UA", "RO"])
        self.assertEqual(referral.indicators, ["debt", "documents_withheld"])
        stored = all_text_in_database()
        for clear in ("Олена", "Коваленко", "سارة", "Vesterbrogade", "712"):
            self.assertNotIn(clear, stored)
        tokens = set(referral.tokens.values_list("token", flat=True))
        key = settings.BLIND_INDEX_KEY.encode()
        self.assertTrue(names.blind_tokens("Коваленко", key) <= tokens)
        self.assertTrue(names.blind_tokens("سارة", key) <= tokens)
        self.assertTrue(names.phone_tokens("+40712345678", key) <= tokens)

    def test_the_referrer_reads_back_exactly_what_it_sent_in_any_script(self):
        thai = {**FULL, "given_name": "ศิริพร", "family_name": "วงศ์สกุล", "aliases": ["<script>alert(1)</script>"]}
        inquiry = make_referral(self.ngo_referrer, summary="<b>fed</b> 🙂", **thai)
        view = selectors.referral_view_for(actor=self.ngo_referrer, code=inquiry.code)
        self.assertEqual(view.person["given_name"], "ศิริพร")
        self.assertEqual(view.person["family_name"], "วงศ์สกุล")
        self.assertEqual(view.person["aliases"], ["<script>alert(1)</script>"])
        self.assertEqual(view.person["birth_date"], BORN)
        self.assertEqual((view.summary, view.status), ("<b>fed</b> 🙂", "received"))
        self.assertTrue(ReadLog.objects.filter(actor=self.ngo_referrer, person_code=str(inquiry.code)).exists())

    def test_another_organisation_and_the_centre_get_not_found(self):
        inquiry = make_referral(self.ngo_referrer, **FULL)
        for actor in (self.police_referrer, self.caseworker, self.outsider_caseworker, self.analyst):
            with self.subTest(actor=actor.username), self.assertRaises(NotFound):
                selectors.referral_view_for(actor=actor, code=inquiry.code)

    def test_the_age_band_comes_from_the_year_or_the_estimate(self):
        by_year = make_referral(self.ngo_referrer, birth_year=TODAY.year - 16)
        by_estimate = make_referral(self.ngo_referrer, estimated_age=40)
        self.assertEqual(by_year.referral.age_band, "0-17")
        self.assertEqual((by_estimate.referral.age_band, by_estimate.referral.estimated_age), ("35-49", 40))
        self.assertEqual(make_referral(self.ngo_referrer).referral.age_band, "unknown")


class AnonymousNotificationTests(SporTestCase):
    def test_without_consent_no_name_phone_place_or_text_is_stored(self):
        for consent in ("no", "not_asked"):
            with self.subTest(consent=consent):
                inquiry = make_referral(self.police_referrer, consent=consent, summary="Olena ved Vesterbro", **FULL)
                referral = inquiry.referral
                self.assertTrue(referral.anonymous)
                self.assertEqual((referral.identity_ct, inquiry.summary_ct), ("", ""))
                self.assertEqual((referral.birth_year, referral.estimated_age), (None, None))
                self.assertFalse(referral.tokens.exists())
                # The statistical fields stay.
                self.assertEqual((referral.gender, referral.age_band, referral.place), ("female", "18-24", "1084"))
                self.assertEqual((referral.nationalities, referral.exploitation), (["UA", "RO"], "sexual_prostitution"))
        self.assertEqual(ReferralToken.objects.count(), 0)

    def test_the_referrer_sees_the_codes_only_and_the_centre_gets_no_person(self):
        inquiry = make_referral(self.police_referrer, consent="no", **FULL)
        view = selectors.referral_view_for(actor=self.police_referrer, code=inquiry.code)
        self.assertEqual((view.person, view.summary), ({}, ""))
        self.assertEqual(selectors.referral_person_data(actor=self.caseworker, inquiry=inquiry), {})
        self.assertFalse(ReadLog.objects.exists())  # nothing was decrypted


class ReferralPersonDataTests(SporTestCase):
    def test_centre_staff_get_the_person_fields_read_logged(self):
        inquiry = make_referral(self.ngo_referrer, **FULL)
        data = selectors.referral_person_data(actor=self.caseworker, inquiry=inquiry)
        self.assertEqual(set(data), set(selectors.REFERRAL_PERSON_KEYS))
        self.assertEqual((data["given_name"], data["family_name"]), ("Олена", "Коваленко"))
        self.assertEqual((data["birth_date"], data["birth_year"]), (BORN, BORN.year))
        self.assertEqual((data["nationalities"], data["phones"]), (["UA", "RO"], ["+40 712 345 678"]))
        self.assertEqual(ReadLog.objects.get().fields, "referral")

    def test_it_refuses_others_and_is_empty_for_a_plain_inquiry(self):
        inquiry = make_referral(self.ngo_referrer, **FULL)
        with self.assertRaises(PermissionDenied):
            selectors.referral_person_data(actor=self.ngo_referrer, inquiry=inquiry)
        with self.assertRaises(NotFound):
            selectors.referral_person_data(actor=self.police_referrer, inquiry=inquiry)
        plain = services.inquiry_register(
            actor=self.caseworker, received_on=TODAY, channel="hotline", sender_type="ngo"
        )
        self.assertEqual(selectors.referral_person_data(actor=self.caseworker, inquiry=plain), {})


class ReferralStatusTests(SporTestCase):
    def test_it_moves_from_received_to_in_progress_to_closed(self):
        inquiry = make_referral(self.ngo_referrer, **FULL)
        status = lambda: selectors.referral_view_for(actor=self.ngo_referrer, code=inquiry.code).status  # noqa: E731
        self.assertEqual(status(), "received")
        services.inquiry_assign(actor=self.manager, inquiry=inquiry, assignee=self.caseworker)
        self.assertEqual(status(), "in_progress")
        case = services.case_open(
            actor=self.caseworker, person=make_person(self.caseworker), opened_on=TODAY, inquiry=inquiry
        )
        self.assertEqual(status(), "in_progress")
        services.case_close(actor=self.caseworker, case=case, on=TODAY)
        self.assertEqual(status(), "closed")


class ReferralValidationTests(SporTestCase):
    def refused(self, **details):
        with self.assertRaises(ValidationError) as caught:
            make_referral(self.ngo_referrer, **details)
        self.assertEqual(Inquiry.objects.count(), 0)  # a refused referral leaves nothing behind
        return caught.exception.message_dict

    def test_it_names_the_field_of_each_bad_value(self):
        cases = {
            "nationalities": {"nationalities": ["QQ"]},
            "birth_date": {"birth_date": TODAY + timedelta(days=1)},
            "birth_year": {"birth_year": 1850},
            "given_name": {"given_name": "A" * 10_000},
            "aliases": {"aliases": ["x"] * 21},
            "phones": {"phones": ["ring mig"]},
            "estimated_age": {"estimated_age": 300},
            "indicators": {"indicators": ["flying"]},
            "consent": {"consent": "maybe"},
            "place": {"place": "mars"},
            "urgency": {"urgency": "yesterday"},
            "child": {"child": "perhaps"},
        }
        for field, details in cases.items():
            with self.subTest(field=field):
                self.assertIn(field, self.refused(**details))

    def test_an_old_birth_date_is_refused(self):
        self.assertIn("birth_date", self.refused(birth_date=date(1850, 1, 1)))


class ReferralIdempotencyTests(SporTestCase):
    def submit(self, **details):
        details = {**FULL, **details}
        return services.referral_submit(
            actor=self.ngo_referrer,
            sender_type="ngo",
            summary="s",
            idempotency_key="k-1",
            details=ReferralDetails(consent="yes", **details),
        )

    def test_the_same_body_replays_and_another_is_refused(self):
        first, created = self.submit()
        again, created_again = self.submit()
        self.assertEqual((first.pk, created, created_again), (again.pk, True, False))
        with self.assertRaises(IdempotencyMismatch):
            self.submit(given_name="Maria")
        self.assertEqual(Inquiry.objects.count(), 1)
