"""`spor rotate-keys`: every encrypted column of every app ends under the newest key."""

from datetime import date
from io import StringIO

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from spor.audit.models import AuditEvent
from spor.cases import services
from spor.cases.models import Assessment, Decision, Inquiry, StatusRecord, Stay, StayType
from spor.operations.keys import encrypted_columns
from spor.people import crypto, selectors
from spor.people.models import Person
from spor.screening.models import FollowUp
from spor.screening.store import follow_up_mark
from tests.base import SporTestCase
from tests.make import make_identified_case, make_person


class KeyRotationTests(SporTestCase):
    def test_it_finds_the_encrypted_columns_of_every_app(self):
        found = {(model._meta.label, column) for model, columns in encrypted_columns() for column in columns}
        self.assertEqual(
            found,
            {
                ("casefiles.CaseDocument", "key_ct"),
                ("casefiles.CaseDocument", "name_ct"),
                ("casefiles.JournalNote", "text_ct"),
                ("people.Person", "identity_ct"),
                ("people.Person", "birth_date_ct"),
                ("cases.Inquiry", "summary_ct"),
                ("cases.Inquiry", "outcome_note_ct"),
                ("cases.Referral", "identity_ct"),
                ("cases.Assessment", "notes_ct"),
                ("cases.Decision", "exception_reason_ct"),
                ("cases.HistoricalDecision", "exception_reason_ct"),
                ("cases.Decision", "reasoning_ct"),
                ("cases.HistoricalDecision", "reasoning_ct"),
                ("cases.Employer", "name_ct"),
                ("cases.HistoricalEmployer", "name_ct"),
                ("cases.CaseComplex", "name_ct"),
                ("cases.HistoricalCaseComplex", "name_ct"),
                ("cases.CaseComplex", "police_reference_ct"),
                ("cases.HistoricalCaseComplex", "police_reference_ct"),
                ("cases.Stay", "place_ct"),
                ("cases.HistoricalStay", "place_ct"),
                ("cases.StatusRecord", "reason_ct"),
                ("cases.Case", "reopen_reason_ct"),
                ("cases.HistoricalCase", "reopen_reason_ct"),
                ("cases.FollowUp", "note_ct"),
                ("cases.HistoricalFollowUp", "note_ct"),
                ("cases.PoliceReport", "journal_number_ct"),
                ("cases.HistoricalPoliceReport", "journal_number_ct"),
                ("cases.NoPoliceReport", "note_ct"),
                ("cases.HistoricalNoPoliceReport", "note_ct"),
                ("screening.FollowUp", "note_ct"),
                ("tasks.Task", "title_ct"),
                ("tasks.HistoricalTask", "title_ct"),
                ("cases.UnaccompaniedMinor", "representative_name_ct"),
                ("cases.UnaccompaniedMinor", "representative_org_ct"),
                ("cases.HistoricalUnaccompaniedMinor", "representative_name_ct"),
                ("cases.HistoricalUnaccompaniedMinor", "representative_org_ct"),
                ("cases.ChildViews", "views_ct"),
                ("cases.HistoricalChildViews", "views_ct"),
            },
        )

    def test_it_keeps_every_record_readable_after_key_rotation(self):
        person = make_person(self.caseworker, given="Oksana", family="Kovalenko", birth_date=date(1990, 1, 2))
        new_key = Fernet.generate_key().decode()
        out = StringIO()
        with override_settings(FIELD_KEYS=[new_key, *settings.FIELD_KEYS]):
            call_command("rotate_keys", stdout=out)
        self.assertEqual(out.getvalue().strip(), "re-encrypted 1 rows")  # one person, no inquiries
        with override_settings(FIELD_KEYS=[new_key]):
            view = selectors.person_identity_for(actor=self.caseworker, person=Person.objects.get(pk=person.pk))
        self.assertEqual(view.identity.family_name, "Kovalenko")
        self.assertEqual(view.birth_date, date(1990, 1, 2))
        event = AuditEvent.objects.get(event="keys.rotated")
        self.assertEqual((event.extra, event.via), ({"rows": 1}, "cli:rotate-keys"))

    def test_it_rotates_the_case_columns_too(self):
        person = make_person(self.caseworker)
        inquiry = services.inquiry_register(
            actor=self.caseworker,
            received_on=date(2026, 3, 2),
            channel="hotline",
            sender_type="ngo",
            persons=[person],
            summary="Ringede fra en tankstation",
        )
        case = services.case_open(actor=self.caseworker, person=person, opened_on=date(2026, 3, 2), inquiry=inquiry)
        services.assessment_record(
            actor=self.caseworker,
            case=case,
            interview_on=date(2026, 3, 3),
            indicators={"deceived": "yes"},
            notes={"deceived": "Lovet job i køkken"},
            referrer_type="ngo",
        )
        new_key = Fernet.generate_key().decode()
        with override_settings(FIELD_KEYS=[new_key, *settings.FIELD_KEYS]):
            call_command("rotate_keys", stdout=StringIO())
        with override_settings(FIELD_KEYS=[new_key]):
            summary = crypto.decrypt_json(Inquiry.objects.get(pk=inquiry.pk).summary_ct)
            notes = crypto.decrypt_json(Assessment.objects.get(case=case).notes_ct)
        self.assertEqual(summary, "Ringede fra en tankstation")
        self.assertEqual(notes, {"deceived": "Lovet job i køkken"})

    def test_it_rotates_the_free_text_columns_and_their_history_rows(self) -> None:
        case = make_identified_case(self.caseworker, make_person(self.caseworker, residence_status="unlawful"))
        services.stay_add(
            actor=self.caseworker, case=case, type=StayType.PRIVATE, from_on=date(2026, 3, 3), place="Hos en veninde"
        )
        services.status_override(
            actor=self.caseworker, person=case.person, as_of=date(2026, 12, 31), status="other", reason="Flyttet"
        )
        follow_up_mark(actor=self.outreach_worker, network_id="N1", note="Talt med hende")
        new_key = Fernet.generate_key().decode()
        with override_settings(FIELD_KEYS=[new_key, *settings.FIELD_KEYS]):
            call_command("rotate_keys", stdout=StringIO())
        with override_settings(FIELD_KEYS=[new_key]):
            texts = {
                Decision.objects.get(case=case).exception_reason,
                crypto.decrypt_json(Decision.history.get().exception_reason_ct),
                Stay.objects.get(case=case).place,
                crypto.decrypt_json(Stay.history.get().place_ct),
                StatusRecord.objects.get(person=case.person).reason,
                FollowUp.objects.get().note,
            }
        self.assertEqual(texts, {"test", "Hos en veninde", "Flyttet", "Talt med hende"})
