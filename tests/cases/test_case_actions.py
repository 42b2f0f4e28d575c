"""What the process allows next (spor.cases.actions), closing with an exit, reopening, and the
year-end status derived from the exits (docs/definitions.md#next-step, #exit, #reopening)."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError

from spor.audit.models import AuditEvent
from spor.cases import services, transitions
from spor.cases.actions import STEPS, case_actions
from spor.cases.models import Case, CaseStatus
from spor.cases.selectors import status_as_of
from spor.common import crypto
from spor.interchange.registry import registry_folder
from tests.base import SporTestCase
from tests.make import make_case, make_consent, make_identified_case

S = CaseStatus
SUPPORT = {"stay", "offer", "police_report", "contact_person", "close", "complex", "expulsion"}
#: For a caseworker on a case of the centre, not put to DIS, without reflection periods: what each
#: status allows, and the step expected next ("" when the case waits for someone else or is over).
EXPECTED = {
    S.ASSESSMENT: ({"assessment", "put_to_dis", *SUPPORT}, "assessment"),
    S.DECISION_PENDING: ({"put_to_dis", "decision", *SUPPORT}, "decision"),
    S.IDENTIFIED: ({"reflection_grant", "return_plan", *SUPPORT}, "reflection_grant"),
    S.NOT_IDENTIFIED: ({"decision", "reconsideration_request", *SUPPORT}, "close"),
    S.RECONSIDERATION: ({"reconsideration_decide", *SUPPORT}, "reconsideration_decide"),
    S.RETURN_PLANNED: ({"reflection_grant", *SUPPORT}, ""),
    S.DEPARTED: ({"contact_person", "close", "complex"}, "close"),
    S.CLOSED: ({"reopen"}, ""),
}


class ActionsByStatusTests(SporTestCase):
    def test_every_status_has_its_expected_actions(self):
        self.assertEqual(set(EXPECTED), set(S.values))

    def test_the_actions_offered_are_what_the_table_and_preconditions_allow(self):
        case = make_case(self.caseworker)
        for status in S.values:
            with self.subTest(status=status):
                Case.objects.filter(pk=case.pk).update(status=status)
                case.refresh_from_db()
                offered = case_actions(case=case, actor=self.caseworker)
                codes = {a.code for a in offered}
                expected, next_code = EXPECTED[status]
                self.assertEqual(codes, expected)
                # A step that moves the case is offered only where the transition table allows it.
                for step in STEPS:
                    if step.code in codes and step.to is not None:
                        self.assertTrue(transitions.allowed(status, step.to), step.code)
                self.assertEqual([a.code for a in offered if a.next], [next_code] if next_code else [])
                if next_code:
                    self.assertEqual(offered[0].code, next_code)  # the next step comes first
                # Roles without the case, or without these steps, are offered nothing.
                self.assertEqual(case_actions(case=case, actor=self.analyst), [])
                self.assertEqual(case_actions(case=case, actor=self.immigration_officer), [])


class PreconditionTests(SporTestCase):
    def codes(self, case):
        return {a.code for a in case_actions(case=Case.objects.get(pk=case.pk), actor=self.caseworker)}

    def test_a_reflection_period_is_granted_once_and_extended_to_120_days_only(self):
        case = make_identified_case(self.caseworker)
        period = services.reflection_grant(
            actor=self.caseworker, case=case, granted_by="cmm", starts_on=date(2026, 3, 2)
        )
        self.assertEqual(self.codes(case) & {"reflection_grant", "reflection_extend"}, {"reflection_extend"})
        next_step = next(a for a in case_actions(case=case, actor=self.caseworker) if a.next)
        self.assertEqual(next_step.code, "return_plan")
        services.reflection_extend(actor=self.caseworker, period=period, until=date(2026, 6, 30), reason="testimony")
        self.assertNotIn("reflection_extend", self.codes(case))

    def test_no_reflection_period_after_departure_or_closing(self):
        case = make_identified_case(self.caseworker)
        services.reflection_grant(actor=self.caseworker, case=case, granted_by="cmm", starts_on=date(2026, 3, 2))
        for status in (S.DEPARTED, S.CLOSED):
            Case.objects.filter(pk=case.pk).update(status=status)
            with self.subTest(status=status):
                self.assertEqual(self.codes(case) & {"reflection_grant", "reflection_extend"}, set())

    def test_no_decision_before_the_assessment_is_put_to_decision(self):
        case = make_case(self.caseworker)
        self.assertNotIn("decision", self.codes(case))

    def test_a_case_put_to_dis_is_not_put_again_and_dis_gets_its_own_steps(self):
        case = make_case(self.caseworker)
        services.case_put_to_dis(actor=self.caseworker, case=case, on=date(2026, 3, 2))
        self.assertNotIn("put_to_dis", self.codes(case))
        dis = {a.code for a in case_actions(case=Case.objects.get(pk=case.pk), actor=self.immigration_officer)}
        self.assertEqual(dis, {"assessment", "expulsion"})

    def test_a_missing_consent_is_flagged_on_the_steps_that_need_it(self):
        case = make_identified_case(self.caseworker)
        flagged = {a.code: a.consent_missing for a in case_actions(case=case, actor=self.caseworker) if a.consent}
        self.assertEqual(flagged, {"return_plan": True, "stay": True, "police_report": True})
        make_consent(self.caseworker, case.person)  # disclosure
        flagged = {a.code: a.consent_missing for a in case_actions(case=case, actor=self.caseworker) if a.consent}
        self.assertFalse(flagged["return_plan"])
        self.assertTrue(flagged["stay"])


class CloseAndReopenTests(SporTestCase):
    def test_it_closes_with_an_exit_and_starts_the_erasure_clock(self):
        case = make_identified_case(self.caseworker)
        services.case_close(actor=self.caseworker, case=case, on=date(2026, 5, 1), exit="residence_granted")
        stored = Case.objects.get(pk=case.pk)
        self.assertEqual(
            (stored.status, stored.exit, stored.closed_on), (S.CLOSED, "residence_granted", date(2026, 5, 1))
        )
        event = AuditEvent.objects.filter(event="case.closed").latest("id")
        self.assertEqual(event.extra, {"exit": "residence_granted"})

    def test_it_refuses_a_bad_close_naming_the_field_and_changes_nothing(self):
        case = make_identified_case(self.caseworker)
        version = Case.objects.get(pk=case.pk).version
        bad = [
            ({"on": date(2026, 5, 1), "exit": ""}, "exit"),
            ({"on": date(2026, 5, 1), "exit": "<script>"}, "exit"),
            ({"on": date(2026, 5, 1), "exit": "receiving_support"}, "exit"),
            ({"on": date(2020, 1, 1), "exit": "other"}, "on"),
            ({"on": date.today() + timedelta(days=2), "exit": "other"}, "on"),
        ]
        for kwargs, field in bad:
            with self.subTest(**kwargs), self.assertRaises(ValidationError) as caught:
                services.case_close(actor=self.caseworker, case=Case.objects.get(pk=case.pk), **kwargs)
            self.assertIn(field, caught.exception.message_dict)
        stored = Case.objects.get(pk=case.pk)
        self.assertEqual((stored.status, stored.version, stored.exit), (S.IDENTIFIED, version, ""))

    def test_it_reopens_with_an_encrypted_reason_where_the_records_leave_it(self):
        case = make_identified_case(self.caseworker)
        services.case_close(actor=self.caseworker, case=case, on=date(2026, 5, 1), exit="left_on_own")
        with self.assertRaises(ValidationError) as caught:
            services.case_reopen(actor=self.caseworker, case=Case.objects.get(pk=case.pk), reason="  ")
        self.assertIn("reason", caught.exception.message_dict)
        services.case_reopen(actor=self.caseworker, case=Case.objects.get(pk=case.pk), reason="Personen vendte tilbage")
        stored = Case.objects.get(pk=case.pk)
        self.assertEqual((stored.status, stored.exit, stored.closed_on), (S.IDENTIFIED, "", None))
        self.assertNotIn("vendte", stored.reopen_reason_ct)
        self.assertEqual(crypto.decrypt_json(stored.reopen_reason_ct), "Personen vendte tilbage")
        self.assertEqual(AuditEvent.objects.filter(event="case.reopened").latest("id").extra, {"status": "identified"})
        with self.assertRaises(ValidationError):
            services.case_reopen(actor=self.caseworker, case=stored, reason="igen")

    def test_a_case_closed_by_its_assessment_reopens_to_assessment(self):
        case = make_case(self.caseworker)
        assessment = services.assessment_record(actor=self.caseworker, case=case, interview_on=date(2026, 3, 3))
        services.assessment_complete(actor=self.caseworker, assessment=assessment, outcome="contact_lost")
        services.case_reopen(actor=self.caseworker, case=Case.objects.get(pk=case.pk), reason="kontakt igen")
        self.assertEqual(Case.objects.get(pk=case.pk).status, S.ASSESSMENT)


class YearEndStatusTests(SporTestCase):
    def exported(self):
        return list(registry_folder()["statuses"].select("person_id", "as_of", "status").iter_rows())

    def test_the_exit_gives_the_year_end_status_and_a_record_with_a_reason_overrides_it(self):
        case = make_identified_case(self.caseworker)
        end = date(2026, 12, 31)
        services.reflection_grant(actor=self.caseworker, case=case, granted_by="cmm", starts_on=date(2026, 3, 2))
        self.assertEqual(status_as_of(case.person, date(2026, 3, 15)), "receiving_support")
        services.case_close(actor=self.caseworker, case=case, on=date(2026, 3, 20), exit="dublin_transfer")
        # The period would run past the closing date; the closed case's support ended with it.
        self.assertEqual(status_as_of(case.person, date(2026, 3, 25)), "dublin_transfer")
        self.assertEqual(status_as_of(case.person, end), "dublin_transfer")
        self.assertEqual(self.exported(), [(case.person.key, end, "dublin_transfer")])
        services.status_override(
            actor=self.caseworker, person=case.person, as_of=date(2026, 12, 1), status="other", reason="rettet"
        )
        self.assertEqual(status_as_of(case.person, end), "other")
        self.assertEqual(self.exported(), [(case.person.key, date(2026, 12, 1), "other")])
