"""Prepared returns at any date, the plan's content, and the follow-up after return
(docs/definitions.md#reintegration-rates, #reintegration-content, #follow-up-after-return)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from spor.audit.models import AuditEvent
from spor.cases import services
from spor.cases.models import FollowUp, ReintegrationRate, ReturnPlan, ReturnStatus
from spor.cases.selectors import follow_up_checkpoints, follow_up_ends_on, follow_ups_due
from spor.people import services as people
from tests.base import SporTestCase
from tests.make import make_consent, make_identified_case, make_person


class ReturnContentTests(SporTestCase):
    def plan(self, case, **kwargs):
        values = {"applied_on": date(2026, 4, 1), "destination": "TH", "in_kind_dkk": 40_000, "cash_dkk": 10_000}
        return services.return_plan_submit(actor=self.caseworker, case=case, **{**values, **kwargs})

    def identified(self, on=date(2026, 3, 2)):
        case = make_identified_case(self.caseworker, on=on)
        make_consent(self.caseworker, case.person)
        return case

    def test_it_records_a_return_dated_2024_with_no_rate_on_file(self):
        case = self.identified(on=date(2024, 3, 2))
        self.assertFalse(ReintegrationRate.objects.filter(valid_from__lte=date(2024, 5, 1)).exists())
        plan = self.plan(case, applied_on=date(2024, 5, 1), in_kind_dkk=90_000, cash_dkk=50_000)
        self.assertFalse(plan.rate_on_file)
        self.assertEqual(plan.status, ReturnStatus.SUBMITTED)
        event = AuditEvent.objects.filter(event="return.submitted").latest("id")
        self.assertEqual(event.extra["rate_on_file"], False)
        services.return_plan_decide(actor=self.return_officer, plan=plan, approve=True, on=date(2024, 5, 8))
        plan = services.return_plan_depart(actor=self.return_officer, plan=plan, departed_on=date(2024, 6, 1))
        self.assertEqual(plan.status, ReturnStatus.DEPARTED)

    def test_a_rate_entered_for_the_date_is_applied(self):
        for kind, amount in {"in_kind_adult": 30_000, "in_kind_child": 7_000, "cash_single": 7_500}.items():
            ReintegrationRate.objects.create(
                kind=kind, amount_dkk=amount, valid_from=date(2024, 1, 1), valid_to=date(2024, 12, 31), source="x"
            )
        case = self.identified(on=date(2024, 3, 2))
        plan = self.plan(case, applied_on=date(2024, 5, 1), in_kind_dkk=90_000)
        self.assertFalse(plan.rate_on_file, "one kind missing: no rates on file")
        ReintegrationRate.objects.create(
            kind="cash_provider",
            amount_dkk=15_000,
            valid_from=date(2024, 1, 1),
            valid_to=date(2024, 12, 31),
            source="x",
        )
        case = self.identified(on=date(2024, 3, 2))
        with self.assertRaises(ValidationError) as ctx:
            self.plan(case, applied_on=date(2024, 5, 1), in_kind_dkk=31_000)
        self.assertIn("med 1.000 kr.", ctx.exception.message_dict["in_kind_dkk"][0])
        self.assertTrue(self.plan(case, applied_on=date(2024, 5, 1), in_kind_dkk=30_000, cash_dkk=7_500).rate_on_file)

    def test_the_in_kind_budget_counts_the_recorded_travelling_children(self):
        case = self.identified()
        first = people.child_add(actor=self.caseworker, person=case.person, birth_year=2018)
        second = people.child_add(actor=self.caseworker, person=case.person, birth_year=None)
        with self.assertRaises(ValidationError) as ctx:
            self.plan(case, in_kind_dkk=58_001, travelling_children=[first.code, second.code])
        self.assertIn("58.000 kr.", ctx.exception.message_dict["in_kind_dkk"][0])
        self.assertFalse(case.return_plans.exists())
        plan = self.plan(
            case,
            in_kind_dkk=58_000,
            travelling_children=[first.code, second.code],
            reintegration=["business", "housing"],
            partner="  La Strada Ukraine ",
        )
        self.assertEqual(plan.children, 2)
        self.assertEqual(set(plan.travelling_children.all()), {first, second})
        self.assertEqual((plan.reintegration, plan.partner), (["business", "housing"], "La Strada Ukraine"))

    def test_it_refuses_children_of_someone_else_and_unknown_kinds_naming_the_field(self):
        case = self.identified()
        stranger = people.child_add(actor=self.caseworker, person=make_person(self.caseworker), birth_year=2015)
        with self.assertRaises(ValidationError) as ctx:
            self.plan(case, travelling_children=[stranger.code])
        self.assertIn("travelling_children", ctx.exception.message_dict)
        with self.assertRaises(ValidationError) as ctx:
            self.plan(case, travelling_children=["not-a-code"])
        self.assertIn("travelling_children", ctx.exception.message_dict)
        with self.assertRaises(ValidationError) as ctx:
            self.plan(case, reintegration=["holiday"], partner="x" * 201)
        self.assertEqual(set(ctx.exception.message_dict), {"reintegration", "partner"})
        self.assertFalse(ReturnPlan.objects.filter(case=case).exists())


@override_settings(SPOR_FOLLOWUP_DAYS=[30, 91, 182, 365])
class FollowUpTests(SporTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        case = make_identified_case(cls.caseworker)
        make_consent(cls.caseworker, case.person)
        plan = services.return_plan_submit(
            actor=cls.caseworker, case=case, applied_on=date(2026, 3, 10), destination="TH", in_kind_dkk=1, cash_dkk=1
        )
        services.return_plan_decide(actor=cls.return_officer, plan=plan, approve=True, on=date(2026, 3, 12))
        cls.plan = services.return_plan_depart(actor=cls.return_officer, plan=plan, departed_on=date(2026, 3, 31))

    def record(self, on, **kwargs):
        values = {"channel": "phone", "outcome": "in_contact", "note": "Taler med partneren om bolig."}
        return services.follow_up_record(actor=self.caseworker, plan=self.plan, contacted_on=on, **{**values, **kwargs})

    def test_it_records_a_contact_with_its_note_encrypted_and_audits_codes_only(self):
        follow_up = self.record(date(2026, 5, 2))
        stored = FollowUp.objects.get(pk=follow_up.pk)
        self.assertEqual(stored.note, "Taler med partneren om bolig.")
        self.assertNotIn("bolig", stored.note_ct)
        event = AuditEvent.objects.filter(event="return.followed_up").latest("id")
        self.assertEqual(event.extra, {"channel": "phone", "outcome": "in_contact"})

    def test_it_refuses_bad_input_naming_the_field_and_leaves_nothing(self):
        with self.assertRaises(ValidationError) as ctx:
            self.record(date(2026, 3, 30), channel="pigeon", outcome="fine")
        self.assertEqual(set(ctx.exception.message_dict), {"contacted_on", "channel", "outcome"})
        with self.assertRaises(ValidationError) as ctx:
            self.record(date(2027, 5, 1), note="x" * 4001)
        self.assertEqual(set(ctx.exception.message_dict), {"contacted_on", "note"})
        with self.assertRaises(PermissionDenied):
            services.follow_up_record(
                actor=self.return_officer, plan=self.plan, contacted_on=date(2026, 5, 2), channel="phone",
                outcome="in_contact",
            )  # fmt: skip
        self.assertFalse(FollowUp.objects.exists())

    def test_it_refuses_a_plan_not_departed(self):
        case = make_identified_case(self.caseworker)
        make_consent(self.caseworker, case.person)
        plan = services.return_plan_submit(
            actor=self.caseworker, case=case, applied_on=date(2026, 4, 1), destination="TH", in_kind_dkk=1, cash_dkk=1
        )
        with self.assertRaises(ValidationError) as ctx:
            services.follow_up_record(
                actor=self.caseworker, plan=plan, contacted_on=date(2026, 4, 2), channel="phone", outcome="other"
            )
        self.assertIn("plan", ctx.exception.message_dict)

    def due(self, today, actor=None):
        return [(d.plan, d.due_on, d.days) for d in follow_ups_due(actor=actor or self.caseworker, today=today)]

    def test_a_follow_up_is_due_from_its_checkpoint_until_a_contact(self):
        self.assertEqual(self.due(date(2026, 4, 29)), [], "before the first checkpoint (30 April)")
        self.assertEqual(self.due(date(2026, 4, 30)), [(self.plan, date(2026, 4, 30), 30)])
        self.record(date(2026, 4, 30))
        self.assertEqual(self.due(date(2026, 4, 30)), [])
        self.assertEqual(self.due(date(2026, 6, 29)), [], "the contact covers the first checkpoint only")
        self.assertEqual(self.due(date(2026, 6, 30)), [(self.plan, date(2026, 6, 30), 91)])
        self.record(date(2026, 6, 1))  # early, but after the checkpoint before: it counts
        self.assertEqual(self.due(date(2026, 6, 30)), [])

    def test_the_last_follow_up_stays_due_until_the_period_ends(self):
        case = make_identified_case(self.caseworker, on=date(2025, 1, 6))
        make_consent(self.caseworker, case.person)
        plan = services.return_plan_submit(
            actor=self.caseworker, case=case, applied_on=date(2025, 2, 1), destination="TH", in_kind_dkk=1, cash_dkk=1
        )
        services.return_plan_decide(actor=self.return_officer, plan=plan, approve=True, on=date(2025, 2, 3))
        self.plan = services.return_plan_depart(actor=self.return_officer, plan=plan, departed_on=date(2025, 3, 31))
        last, end = date(2026, 3, 31), date(2026, 4, 30)
        self.assertEqual(
            (follow_up_checkpoints(date(2025, 3, 31))[-1], follow_up_ends_on(date(2025, 3, 31))), (last, end)
        )
        due_last = [d for d in self.due(last) if d[0] == self.plan]
        self.assertEqual(due_last, [(self.plan, last, 365)])
        self.assertEqual([d for d in self.due(end) if d[0] == self.plan], [(self.plan, last, 365)])
        self.assertEqual([d for d in self.due(date(2026, 5, 1)) if d[0] == self.plan], [], "the period is over")
        with self.assertRaises(ValidationError):
            self.record(date(2026, 5, 1))
        self.record(end)  # the last day a contact can be recorded
        self.assertEqual([d for d in self.due(end) if d[0] == self.plan], [])

    def test_only_centre_staff_get_due_follow_ups(self):
        self.assertEqual(len(self.due(date(2026, 5, 1), self.manager)), 1)
        for user in (self.return_officer, self.immigration_officer, self.analyst, self.outsider_caseworker):
            with self.subTest(user=user.username):
                self.assertEqual(self.due(date(2026, 5, 1), user), [])
