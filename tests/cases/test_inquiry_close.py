"""Closing an inquiry without a case (docs/definitions.md#inquiry-outcome)."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError

from spor.cases import services
from spor.cases.models import Case, Inquiry, InquiryState
from spor.common.errors import Conflict
from spor.vocabulary import InquiryOutcome
from tests.base import SporTestCase
from tests.make import make_person


class InquiryCloseTests(SporTestCase):
    def setUp(self):
        self.inquiry = services.inquiry_register(
            actor=self.caseworker, received_on=date(2026, 3, 2), channel="hotline", sender_type="citizen"
        )

    def close(self, **kwargs):
        args = {"actor": self.caseworker, "inquiry": self.inquiry, "outcome": InquiryOutcome.ADVICE_GIVEN}
        return services.inquiry_close(**(args | kwargs))

    def test_it_closes_with_an_outcome_and_an_encrypted_note(self):
        self.close(note="Rådgivet om rettigheder", on=date(2026, 3, 3), version=1)
        stored = Inquiry.objects.get(pk=self.inquiry.pk)
        self.assertEqual(
            (stored.state, stored.outcome, stored.closed_on, stored.version),
            (InquiryState.CLOSED, "advice_given", date(2026, 3, 3), 2),
        )
        self.assertEqual(stored.outcome_note, "Rådgivet om rettigheder")
        self.assertNotIn("Rådgivet", stored.outcome_note_ct)

    def test_it_refuses_closing_twice(self):
        self.close()
        with self.assertRaises(ValidationError) as refused:
            self.close(inquiry=Inquiry.objects.get(pk=self.inquiry.pk))
        self.assertIn("state", refused.exception.message_dict)

    def test_it_refuses_a_stale_version_and_leaves_the_row(self):
        services.inquiry_assign(actor=self.manager, inquiry=self.inquiry, assignee=self.caseworker)
        with self.assertRaises(Conflict):
            self.close(version=1)
        self.assertEqual(Inquiry.objects.get(pk=self.inquiry.pk).state, InquiryState.ASSIGNED)

    def test_it_refuses_an_unknown_outcome_naming_the_field(self):
        with self.assertRaises(ValidationError) as refused:
            self.close(outcome="shrugged")
        self.assertIn("outcome", refused.exception.message_dict)
        self.assertEqual(Inquiry.objects.get(pk=self.inquiry.pk).state, InquiryState.NEW)

    def test_a_duplicate_names_the_other_inquiry(self):
        with self.assertRaises(ValidationError) as refused:
            self.close(outcome=InquiryOutcome.DUPLICATE)
        self.assertIn("duplicate_of", refused.exception.message_dict)
        with self.assertRaises(ValidationError):
            self.close(outcome=InquiryOutcome.DUPLICATE, duplicate_of=self.inquiry)
        other = services.inquiry_register(
            actor=self.caseworker, received_on=date(2026, 3, 1), channel="email", sender_type="citizen"
        )
        self.close(outcome=InquiryOutcome.DUPLICATE, duplicate_of=other)
        self.assertEqual(Inquiry.objects.get(pk=self.inquiry.pk).duplicate_of, other)

    def test_it_refuses_a_day_before_the_inquiry(self):
        with self.assertRaises(ValidationError) as refused:
            self.close(on=date(2026, 3, 1))
        self.assertIn("on", refused.exception.message_dict)

    def test_a_referrer_may_not_close_even_its_own_referral(self):
        referral, _ = services.referral_submit(actor=self.police_referrer, sender_type="police", summary="x")
        with self.assertRaises(PermissionDenied):
            services.inquiry_close(actor=self.police_referrer, inquiry=referral, outcome="advice_given")


class InquiryAttachPersonTests(SporTestCase):
    def setUp(self):
        self.inquiry = services.inquiry_register(
            actor=self.caseworker, received_on=date(2026, 3, 2), channel="hotline", sender_type="citizen"
        )
        self.person = make_person(self.caseworker)

    def test_it_links_the_person_versioned_and_audited(self):
        from spor.audit.models import AuditEvent

        services.inquiry_attach_person(actor=self.caseworker, inquiry=self.inquiry, person=self.person, version=1)
        stored = Inquiry.objects.get(pk=self.inquiry.pk)
        self.assertEqual((list(stored.persons.all()), stored.version), ([self.person], 2))
        event = AuditEvent.objects.get(event="inquiry.person_attached")
        self.assertNotIn("Siriporn", str(event.__dict__))

    def test_it_refuses_a_stale_version_a_second_person_and_a_referrer(self):
        with self.assertRaises(Conflict):
            services.inquiry_attach_person(actor=self.caseworker, inquiry=self.inquiry, person=self.person, version=5)
        self.assertFalse(self.inquiry.persons.exists())
        with self.assertRaises(PermissionDenied):
            services.inquiry_attach_person(actor=self.police_referrer, inquiry=self.inquiry, person=self.person)
        services.inquiry_attach_person(actor=self.caseworker, inquiry=self.inquiry, person=self.person)
        with self.assertRaises(ValidationError) as refused:
            services.inquiry_attach_person(actor=self.caseworker, inquiry=self.inquiry, person=self.person)
        self.assertEqual(list(refused.exception.message_dict), ["person"])

    def test_an_inquiry_about_two_persons_opens_a_case_for_each_never_two_for_one(self):
        other = make_person(self.caseworker, given="Mai")
        services.inquiry_attach_person(actor=self.caseworker, inquiry=self.inquiry, person=self.person)
        day = date(2026, 3, 3)
        first = services.case_open(actor=self.caseworker, person=self.person, opened_on=day, inquiry=self.inquiry)
        with self.assertRaises(ValidationError) as refused:  # "Opret sag" twice
            services.case_open(actor=self.caseworker, person=self.person, opened_on=day, inquiry=self.inquiry)
        self.assertEqual(list(refused.exception.message_dict), ["inquiry"])
        second = services.case_open(actor=self.caseworker, person=other, opened_on=day, inquiry=self.inquiry)
        self.assertNotEqual(first.pk, second.pk)
        self.assertEqual(Case.objects.filter(person=self.person).count(), 1)

    def test_a_closed_inquiry_takes_no_person_and_no_case(self):
        services.inquiry_close(actor=self.caseworker, inquiry=self.inquiry, outcome=InquiryOutcome.NOT_REACHED)
        with self.assertRaises(ValidationError):
            services.inquiry_attach_person(actor=self.caseworker, inquiry=self.inquiry, person=self.person)
        with self.assertRaises(ValidationError):
            services.case_open(
                actor=self.caseworker, person=self.person, opened_on=date(2026, 3, 3), inquiry=self.inquiry
            )
