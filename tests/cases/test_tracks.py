"""The authorities' tracks, reconsideration, the 2024 exploitation codes and case complexes
(docs/definitions.md#the-authorities-own-tracks, #reconsideration, #case-complexes)."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError

from spor.cases import selectors, services
from spor.cases.models import CaseKeeper, CaseStatus, Decision, ReconsiderationOutcome
from spor.cases.services.complexes import cvr_valid
from spor.common.errors import NotFound
from spor.people import selectors as people_selectors
from spor.people.services import Identity
from spor.vocabulary import EXPLOITATION_GROUPS, exploitation_group
from tests.base import SporTestCase
from tests.make import make_dis_case, make_identified_case, make_pending_case, make_person

ON = date(2026, 3, 2)


class ExpulsionTests(SporTestCase):
    def test_it_makes_dis_competent_for_a_lawful_resident_in_an_expulsion_case(self):
        case = make_pending_case(self.caseworker)  # lawful residence: CMM is competent
        self.assertEqual(services.case_competent_authority(case), "cmm")
        services.case_expulsion_set(actor=self.caseworker, case=case, expulsion_case=True)
        self.assertEqual(services.case_competent_authority(case), "dis")
        services.case_put_to_dis(actor=self.caseworker, case=case, on=ON)
        decision = services.decision_record(
            actor=self.immigration_officer, case=case, authority="dis", decided_on=ON, identified=True
        )
        self.assertEqual(decision.exception_reason, "")

    def test_it_asks_a_reason_of_dis_without_an_expulsion_case(self):
        case = make_pending_case(self.caseworker)
        with self.assertRaises(ValidationError) as raised:
            services.decision_record(actor=self.caseworker, case=case, authority="dis", decided_on=ON, identified=True)
        self.assertIn("authority", raised.exception.message_dict)

    def test_it_asks_a_reason_of_cmm_in_an_expulsion_case(self):
        case = make_pending_case(self.caseworker)
        services.case_expulsion_set(actor=self.caseworker, case=case, expulsion_case=True)
        with self.assertRaises(ValidationError):
            services.decision_record(actor=self.caseworker, case=case, authority="cmm", decided_on=ON, identified=True)

    def test_it_refuses_a_referrer(self):
        case = make_pending_case(self.caseworker)
        with self.assertRaises(PermissionDenied):
            services.case_expulsion_set(actor=self.police_referrer, case=case, expulsion_case=True)


class ReasoningTests(SporTestCase):
    def test_it_stores_the_reasoning_encrypted(self):
        case = make_pending_case(self.caseworker)
        decision = services.decision_record(
            actor=self.caseworker, case=case, authority="cmm", decided_on=ON, identified=True, reasoning="Troværdig."
        )
        stored = Decision.objects.get(pk=decision.pk)
        self.assertNotIn("Troværdig", stored.reasoning_ct)
        self.assertEqual(stored.reasoning, "Troværdig.")


class ReconsiderationTests(SporTestCase):
    def negative(self):
        case = make_pending_case(self.caseworker)
        decision = services.decision_record(
            actor=self.caseworker, case=case, authority="cmm", decided_on=ON, identified=False
        )
        case.refresh_from_db()
        return case, decision

    def test_it_moves_the_case_through_a_request_upheld(self):
        case, decision = self.negative()
        request = services.reconsideration_request(
            actor=self.caseworker, decision=decision, requested_on=date(2026, 3, 20), requested_by="lawyer"
        )
        case.refresh_from_db()
        self.assertEqual(case.status, CaseStatus.RECONSIDERATION)
        services.reconsideration_decide(
            actor=self.caseworker, reconsideration=request, decided_on=date(2026, 4, 1), changed=False
        )
        case.refresh_from_db()
        request.refresh_from_db()
        self.assertEqual((case.status, request.outcome), (CaseStatus.NOT_IDENTIFIED, ReconsiderationOutcome.UPHELD))
        self.assertEqual(case.decisions.count(), 1)

    def test_it_records_a_positive_decision_when_changed(self):
        case, decision = self.negative()
        request = services.reconsideration_request(actor=self.caseworker, decision=decision, requested_on=ON)
        services.reconsideration_decide(
            actor=self.caseworker,
            reconsideration=request,
            decided_on=date(2026, 4, 1),
            changed=True,
            reasoning="Nye oplysninger.",
        )
        case.refresh_from_db()
        request.refresh_from_db()
        self.assertEqual(case.status, CaseStatus.IDENTIFIED)
        self.assertTrue(request.new_decision.identified)
        self.assertEqual(request.new_decision.decided_on, date(2026, 4, 1))
        self.assertEqual(request.new_decision.reasoning, "Nye oplysninger.")

    def test_it_refuses_a_positive_decision_and_a_second_request(self):
        identified = make_identified_case(self.caseworker)
        with self.assertRaises(ValidationError) as raised:
            services.reconsideration_request(
                actor=self.caseworker, decision=identified.decisions.get(), requested_on=ON
            )
        self.assertIn("decision", raised.exception.message_dict)
        _case, decision = self.negative()
        services.reconsideration_request(actor=self.caseworker, decision=decision, requested_on=ON)
        with self.assertRaises(ValidationError):
            services.reconsideration_request(actor=self.caseworker, decision=decision, requested_on=ON)

    def test_it_refuses_a_request_before_the_decision(self):
        _case, decision = self.negative()
        with self.assertRaises(ValidationError) as raised:
            services.reconsideration_request(actor=self.caseworker, decision=decision, requested_on=date(2026, 3, 1))
        self.assertIn("requested_on", raised.exception.message_dict)


class DisOwnCaseTests(SporTestCase):
    def test_dis_works_its_own_case_and_the_centre_sees_only_that_it_exists(self):
        case = make_dis_case(self.immigration_officer)
        self.assertEqual(case.kept_by, CaseKeeper.DIS)
        self.assertEqual(case.number, "DIS-2026-00001")
        assessment = services.assessment_record(
            actor=self.immigration_officer, case=case, interview_on=ON, assessed_by="dis"
        )
        services.assessment_complete(actor=self.immigration_officer, assessment=assessment, outcome="put_to_decision")
        services.decision_record(
            actor=self.immigration_officer, case=case, authority="dis", decided_on=ON, identified=True
        )
        self.assertEqual(selectors.case_get_for(actor=self.immigration_officer, code=case.code), case)
        for user in (self.caseworker, self.manager):
            with self.assertRaises(NotFound):
                selectors.case_get_for(actor=user, code=case.code)
            with self.assertRaises(NotFound):
                people_selectors.person_get_for(actor=user, code=case.person.code)
            self.assertEqual(selectors.dis_case_count(actor=user), 1)
        self.assertEqual(selectors.dis_case_count(actor=self.analyst), 0)

    def test_the_centre_cannot_write_on_it_nor_open_one(self):
        case = make_dis_case(self.immigration_officer)
        with self.assertRaises(PermissionDenied):
            services.stay_add(actor=self.caseworker, case=case, type="private", from_on=ON)
        with self.assertRaises(PermissionDenied):
            services.decision_record(actor=self.caseworker, case=case, authority="cmm", decided_on=ON, identified=True)
        with self.assertRaises(PermissionDenied):
            services.dis_case_open(actor=self.caseworker, opened_on=ON, identity=Identity(given_name="A"))

    def test_dis_closes_its_own_case_but_not_the_centres(self):
        case = make_dis_case(self.immigration_officer)
        services.case_close(actor=self.immigration_officer, case=case, on=ON, exit="other")
        centre = make_identified_case(self.caseworker, make_person(self.caseworker, residence_status="unlawful"))
        services.case_put_to_dis(actor=self.caseworker, case=centre, on=ON)
        with self.assertRaises(PermissionDenied):
            services.case_close(actor=self.immigration_officer, case=centre, on=ON, exit="other")

    def test_dis_cannot_read_the_centres_own_case(self):
        case = make_identified_case(self.caseworker)
        with self.assertRaises(NotFound):
            selectors.case_get_for(actor=self.immigration_officer, code=case.code)


class ExploitationCodeTests(SporTestCase):
    def test_the_2024_codes_are_their_own_codes_grouped_as_other(self):
        for code in ("forced_marriage", "illegal_adoption", "surrogacy"):
            self.assertEqual(exploitation_group(code), "other")
        self.assertEqual(EXPLOITATION_GROUPS["sexual_other"], "sexual")
        self.assertEqual(EXPLOITATION_GROUPS["forced_labour"], "forced_labour")
        case = make_pending_case(self.caseworker)
        decision = services.decision_record(
            actor=self.caseworker,
            case=case,
            authority="cmm",
            decided_on=ON,
            identified=True,
            primary_exploitation="forced_marriage",
            secondary_exploitation=["illegal_adoption", "surrogacy"],
        )
        self.assertEqual(decision.primary_exploitation, "forced_marriage")


class ComplexTests(SporTestCase):
    def test_it_checks_the_cvr_number_with_modulus_11(self):
        self.assertTrue(cvr_valid("31234565"))
        for bad in ("31234566", "1234567", "312345650", "0123456x", "01234565", "３１２３４５６５"):
            self.assertFalse(cvr_valid(bad), bad)

    def test_it_records_an_employer_once(self):
        first = services.employer_register(actor=self.caseworker, name="Wellness ApS", cvr="3123 4565")
        again = services.employer_register(actor=self.caseworker, name="Wellness", cvr="31234565")
        self.assertEqual(first, again)
        self.assertEqual(first.cvr, "31234565")
        with self.assertRaises(ValidationError) as raised:
            services.employer_register(actor=self.caseworker, name="X", cvr="31234566")
        self.assertIn("cvr", raised.exception.message_dict)

    def test_it_links_cases_and_keeps_name_and_reference_encrypted(self):
        found = services.complex_create(
            actor=self.caseworker, name="Operation Lotus", kind="network", police_reference="0100-1"
        )
        self.assertNotIn("Lotus", found.name_ct)
        self.assertNotIn("0100-1", found.police_reference_ct)
        cases = [make_identified_case(self.caseworker) for _ in range(2)]
        for case in cases:
            services.complex_link_case(actor=self.caseworker, complex=found, case=case)
        services.complex_link_case(actor=self.caseworker, complex=found, case=cases[0])  # again: no change
        self.assertEqual(list(selectors.complex_cases_for(actor=self.caseworker, complex=found)), cases)
        services.complex_unlink_case(actor=self.caseworker, complex=found, case=cases[1])
        self.assertEqual(found.cases.count(), 1)

    def test_it_refuses_a_dis_only_case_and_other_roles(self):
        found = services.complex_create(actor=self.caseworker, name="K", kind="employer")
        with self.assertRaises(PermissionDenied):
            services.complex_link_case(
                actor=self.caseworker, complex=found, case=make_dis_case(self.immigration_officer)
            )
        with self.assertRaises(PermissionDenied):
            services.complex_create(actor=self.immigration_officer, name="K", kind="employer")
        with self.assertRaises(NotFound):
            selectors.complex_get_for(actor=self.immigration_officer, code=found.code)

    def test_it_names_a_bad_kind(self):
        with self.assertRaises(ValidationError) as raised:
            services.complex_create(actor=self.caseworker, name="", kind="gang")
        self.assertEqual(set(raised.exception.message_dict), {"name", "kind"})


class TracksDemoTests(SporTestCase):
    def test_the_demo_has_a_complex_of_eight_expulsion_cases_a_dis_case_and_a_reconsideration(self):
        from spor.cases.demo import Generator, demo_users
        from spor.cases.models import Case, CaseComplex, Reconsideration

        generator = Generator(seed=5, scale=0.02, users=demo_users(), today=date(2026, 11, 30))
        generator.year(2025, lambda *args: None)
        found = CaseComplex.objects.get()
        self.assertEqual(found.cases.filter(decisions__identified=True).distinct().count(), 8)
        self.assertEqual(found.employers.get().cvr, "31234565")
        self.assertEqual(Case.objects.filter(expulsion_case=True, person__residence_status="lawful").count(), 2)
        self.assertTrue(Case.objects.filter(kept_by="dis", decisions__identified=True).exists())
        self.assertEqual(Reconsideration.objects.get().outcome, ReconsiderationOutcome.CHANGED)
