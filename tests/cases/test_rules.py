"""The rules of the referral process, through the services."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError

from spor.cases import services, transitions
from spor.cases.models import Case, CaseStatus, ReturnStatus
from spor.cases.selectors import reflection_deadlines_for, status_as_of
from spor.common.errors import Conflict
from spor.people import services as people
from spor.vocabulary import ResidenceStatus
from tests.base import SporTestCase
from tests.make import make_case, make_consent, make_identified_case, make_person


class DecisionTests(SporTestCase):
    def test_it_suggests_the_competent_authority_from_the_residence_status(self):
        self.assertEqual(services.competent_authority("lawful"), "cmm")
        self.assertEqual(services.competent_authority("asylum_seeker"), "dis")
        self.assertEqual(services.competent_authority("unlawful"), "dis")
        self.assertIsNone(services.competent_authority("unknown"))

    def test_it_refuses_an_authority_without_competence(self):
        case = make_case(self.caseworker, make_person(self.caseworker, residence_status=ResidenceStatus.UNLAWFUL))
        with self.assertRaises(ValidationError) as ctx:
            services.decision_record(
                actor=self.caseworker, case=case, authority="cmm", decided_on=date(2026, 3, 5), identified=True
            )
        self.assertIn("authority", ctx.exception.message_dict)
        self.assertFalse(case.decisions.exists())

    def test_it_accepts_the_exception_with_a_reason(self):
        case = make_case(self.caseworker, make_person(self.caseworker, residence_status=ResidenceStatus.UNLAWFUL))
        services.decision_record(
            actor=self.caseworker,
            case=case,
            authority="cmm",
            decided_on=date(2026, 3, 5),
            identified=True,
            exception_reason="Udlændingestyrelsen har overdraget sagen",
        )
        case.refresh_from_db()
        self.assertEqual(case.status, CaseStatus.IDENTIFIED)


class ReflectionTests(SporTestCase):
    def test_it_grants_30_days_and_refuses_more_than_120(self):
        case = make_identified_case(self.caseworker)
        period = services.reflection_grant(
            actor=self.caseworker, case=case, granted_by="cmm", starts_on=date(2026, 3, 5)
        )
        self.assertEqual(period.total_days, 30)
        period = services.reflection_extend(
            actor=self.caseworker, period=period, until=date(2026, 7, 3), reason="prepared_return", version=1
        )
        self.assertEqual(period.total_days, 120)
        with self.assertRaises(ValidationError) as ctx:
            services.reflection_extend(
                actor=self.caseworker, period=period, until=date(2026, 7, 4), reason="testimony", version=2
            )
        self.assertIn("120 dage", ctx.exception.message_dict["until"][0])

    def test_it_reports_a_concurrent_extension_as_a_conflict(self):
        case = make_identified_case(self.caseworker)
        period = services.reflection_grant(
            actor=self.caseworker, case=case, granted_by="cmm", starts_on=date(2026, 3, 5)
        )
        services.reflection_extend(
            actor=self.manager, period=period, until=date(2026, 5, 1), reason="testimony", version=1
        )
        with self.assertRaises(Conflict) as ctx:
            services.reflection_extend(
                actor=self.caseworker, period=period, until=date(2026, 6, 1), reason="pregnancy", version=1
            )
        self.assertEqual(ctx.exception.changed, ["ends_on"])

    def test_it_lists_periods_ending_soon(self):
        case = make_identified_case(self.caseworker)
        services.reflection_grant(actor=self.caseworker, case=case, granted_by="cmm", starts_on=date(2026, 3, 5))
        soon = reflection_deadlines_for(actor=self.caseworker, within_days=7, today=date(2026, 3, 30))
        self.assertEqual([p.case_id for p in soon], [case.pk])
        self.assertFalse(
            reflection_deadlines_for(actor=self.caseworker, within_days=7, today=date(2026, 3, 1)).exists()
        )
        self.assertFalse(reflection_deadlines_for(actor=self.analyst, within_days=7, today=date(2026, 3, 30)).exists())


class ReturnTests(SporTestCase):
    def submit(self, case, **kwargs):
        values = {"applied_on": date(2026, 4, 1), "destination": "TH", "in_kind_dkk": 40_000, "cash_dkk": 10_000}
        return services.return_plan_submit(actor=self.caseworker, case=case, **{**values, **kwargs})

    def test_it_refuses_a_budget_over_the_rate_naming_rate_and_excess(self):
        case = make_identified_case(self.caseworker)
        make_consent(self.caseworker, case.person)
        child = people.child_add(actor=self.caseworker, person=case.person, birth_year=2019)
        with self.assertRaises(ValidationError) as ctx:
            self.submit(case, in_kind_dkk=50_000, travelling_children=[child.code])
        message = ctx.exception.message_dict["in_kind_dkk"][0]
        self.assertIn("9.000 kr.", message)
        self.assertIn("49.000 kr.", message)
        self.assertIn("med 1.000 kr.", message)
        self.assertFalse(case.return_plans.exists())

    def test_it_applies_the_provider_cash_rate(self):
        case = make_identified_case(self.caseworker)
        make_consent(self.caseworker, case.person)
        with self.assertRaises(ValidationError):
            self.submit(case, cash_dkk=20_000)
        plan = self.submit(case, cash_dkk=20_000, provider=True)
        self.assertEqual(plan.status, ReturnStatus.SUBMITTED)

    def test_it_refuses_without_consent_to_disclosure(self):
        case = make_identified_case(self.caseworker)
        with self.assertRaises(ValidationError) as ctx:
            self.submit(case)
        self.assertIn("consent", ctx.exception.message_dict)

    def test_it_runs_the_plan_to_departure_and_derives_the_status(self):
        case = make_identified_case(self.caseworker)
        make_consent(self.caseworker, case.person)
        plan = self.submit(case)
        with self.assertRaises(PermissionDenied):
            services.return_plan_decide(actor=self.caseworker, plan=plan, approve=True, on=date(2026, 4, 5))
        services.return_plan_decide(actor=self.return_officer, plan=plan, approve=True, on=date(2026, 4, 5))
        plan = services.return_plan_depart(actor=self.return_officer, plan=plan, departed_on=date(2026, 5, 1))
        self.assertEqual(plan.reintegration_ends_on, date(2027, 5, 1))
        self.assertEqual(status_as_of(case.person, date(2026, 12, 31)), "prepared_return")
        closed = Case.objects.get(pk=case.pk)
        # The departure closes the case as a prepared return, which starts the erasure clock.
        self.assertEqual(
            (closed.status, closed.exit, closed.closed_on), ("closed", "prepared_return", date(2026, 5, 1))
        )

    def test_it_bumps_the_case_version_when_a_plan_is_rejected(self):
        case = make_identified_case(self.caseworker)
        make_consent(self.caseworker, case.person)
        plan = self.submit(case)
        read = Case.objects.get(pk=case.pk)
        services.return_plan_decide(actor=self.return_officer, plan=plan, approve=False, on=date(2026, 4, 5))
        case = Case.objects.get(pk=case.pk)
        self.assertEqual(case.status, CaseStatus.IDENTIFIED)
        self.assertEqual(case.version, read.version + 1)
        self.assertEqual(case.history.latest().history_user, self.return_officer)


class PoliceReportTests(SporTestCase):
    def test_it_needs_consent_for_a_report_in_the_persons_name(self):
        case = make_identified_case(self.caseworker)
        kwargs = {"filed_on": date(2026, 4, 1), "legal_basis": "262a", "police_district": "Fyns Politi"}
        with self.assertRaises(ValidationError):
            services.police_report_file(actor=self.caseworker, case=case, filed_by="person_assisted", **kwargs)
        report = services.police_report_file(actor=self.caseworker, case=case, filed_by="cmm", anonymous=True, **kwargs)
        self.assertTrue(report.copy_to_focus_unit)

    def test_it_lets_a_manager_override_a_missing_consent(self):
        case = make_identified_case(self.caseworker)
        kwargs = {"filed_on": date(2026, 4, 1), "legal_basis": "262b", "police_district": "Fyns Politi"}
        with self.assertRaises(PermissionDenied):
            services.police_report_file(
                actor=self.caseworker, case=case, filed_by="person_assisted", consent_override_reason="akut", **kwargs
            )
        services.police_report_file(
            actor=self.manager, case=case, filed_by="person_assisted", consent_override_reason="akut", **kwargs
        )


class TransitionTests(SporTestCase):
    def test_it_allows_exactly_the_moves_in_the_table(self):
        case = make_case(self.caseworker)
        for source in CaseStatus.values:
            for target in CaseStatus.values:
                with self.subTest(source=source, target=target):
                    case.status, version = source, case.version
                    if target == source or target in transitions.TRANSITIONS[source]:
                        transitions.move_and_save(case=case, to=target)
                        stored = Case.objects.get(pk=case.pk)
                        self.assertEqual((stored.status, stored.version), (target, version + 1))
                    else:
                        with self.assertRaises(ValidationError):
                            transitions.move_and_save(case=case, to=target)
                        self.assertEqual(Case.objects.get(pk=case.pk).version, version)


class StatusTests(SporTestCase):
    def test_it_prefers_an_override_with_a_reason(self):
        case = make_identified_case(self.caseworker)
        with self.assertRaises(ValidationError):
            services.status_override(
                actor=self.caseworker, person=case.person, as_of=date(2026, 12, 1), status="left_on_own", reason=" "
            )
        services.status_override(
            actor=self.caseworker, person=case.person, as_of=date(2026, 12, 1), status="left_on_own", reason="rejst"
        )
        self.assertEqual(status_as_of(case.person, date(2026, 12, 31)), "left_on_own")
        self.assertEqual(status_as_of(case.person, date(2026, 11, 30)), "unknown")


class HistoryTests(SporTestCase):
    def test_it_records_who_changed_what_before_and_after(self):
        case = make_identified_case(self.caseworker)
        period = services.reflection_grant(
            actor=self.caseworker, case=case, granted_by="cmm", starts_on=date(2026, 3, 5)
        )
        services.reflection_extend(actor=self.manager, period=period, until=date(2026, 5, 1), reason="testimony")
        newest, before = period.history.order_by("-history_id")[:2]
        self.assertEqual((newest.history_user, before.history_user), (self.manager, self.caseworker))
        self.assertEqual((before.ends_on, newest.ends_on), (date(2026, 4, 4), date(2026, 5, 1)))
