from datetime import date

from spor.cases.demo import Generator, demo_users
from spor.cases.models import (
    Case,
    CaseStatus,
    Decision,
    Inquiry,
    PoliceReport,
    Referral,
    ReintegrationRate,
    ReturnPlan,
    StatusRecord,
)
from tests.base import SporTestCase


class DemoTests(SporTestCase):
    def test_it_dates_nothing_after_today_even_early_in_a_year(self):
        today = date(2026, 2, 15)
        generator = Generator(seed=3, scale=0.1, users=demo_users(), today=today)
        for year in (2025, 2026):
            generator.year(year, lambda *args: None)
        self.assertGreater(generator.counts.identified, 0)
        self.assertFalse(Inquiry.objects.filter(received_on__gt=today).exists())
        self.assertFalse(Decision.objects.filter(decided_on__gt=today).exists())
        self.assertFalse(PoliceReport.objects.filter(filed_on__gt=today).exists())
        self.assertFalse(ReturnPlan.objects.filter(departed_on__gt=today).exists())
        self.assertFalse(StatusRecord.objects.filter(as_of__gt=today).exists())


class DemoLifecycleTests(SporTestCase):
    """Earlier years end closed with an exit; about a third of the identified leave on a prepared return."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # The rates of 2026 also for 2024-2025, so that plans of those years can be budgeted.
        for rate in list(ReintegrationRate.objects.filter(valid_from__year=2026)):
            ReintegrationRate.objects.create(
                kind=rate.kind, amount_dkk=rate.amount_dkk, valid_from=date(2024, 1, 1), valid_to=date(2025, 12, 31)
            )
        cls.generator = Generator(seed=11, scale=0.3, users=demo_users(), today=date(2026, 11, 30))
        for year in (2024, 2025):
            cls.generator.year(year, lambda *args: None)

    def test_no_case_of_an_earlier_year_is_still_open(self):
        open_2024 = Case.objects.filter(opened_on__year=2024).exclude(status=CaseStatus.CLOSED)
        self.assertEqual(list(open_2024.values_list("status", flat=True)), [])
        closed = Case.objects.filter(opened_on__year=2024, status=CaseStatus.CLOSED)
        self.assertTrue(all(c.closed_on is not None for c in closed))

    def test_identified_persons_leave_with_an_exit_a_third_on_a_prepared_return(self):
        identified = Case.objects.filter(decisions__identified=True, decisions__decided_on__year=2024).distinct()
        self.assertGreater(identified.count(), 15)
        exits = [c.exit for c in identified]
        self.assertNotIn("", exits)
        share = exits.count("prepared_return") / len(exits)
        self.assertGreater(share, 0.2)
        self.assertLess(share, 0.5)
        self.assertGreaterEqual(len(set(exits)), 4)  # the other exits are spread too
        returned = ReturnPlan.objects.filter(case__in=identified, status="departed").count()
        self.assertEqual(returned, exits.count("prepared_return"))  # every prepared return has its departure


class DemoReferralTests(SporTestCase):
    def test_both_partners_refer_with_and_without_consent_in_the_current_year(self):
        users = demo_users()
        generator = Generator(seed=3, scale=0.01, users=users)
        generator.year(generator.today.year, lambda *args: None)
        referrals = Referral.objects.select_related("inquiry__referred_by")
        self.assertEqual({r.inquiry.referred_by.type for r in referrals}, {"police_district", "ngo"})
        self.assertEqual({r.anonymous for r in referrals}, {True, False})
        self.assertFalse(any(r.identity_ct for r in referrals if r.anonymous))


class DemoInquiryQueueTests(SporTestCase):
    def test_todays_inquiries_some_assigned_and_one_closed_with_each_outcome(self):
        from django.utils import timezone

        from spor.vocabulary import InquiryOutcome

        generator = Generator(seed=3, scale=0.01, users=demo_users())
        generator.year(generator.today.year, lambda *args: None)
        today = timezone.localdate()
        self.assertTrue(Inquiry.objects.filter(received_on=today).exists())
        self.assertTrue(Inquiry.objects.filter(state="assigned").exists())
        closed = set(Inquiry.objects.filter(state="closed").values_list("outcome", flat=True))
        self.assertEqual(closed, set(InquiryOutcome.values))


class DemoChildrenTests(SporTestCase):
    def test_unaccompanied_minors_a_child_turning_18_and_a_mother_with_children(self):
        from spor.cases.models import UnaccompaniedMinor
        from spor.cases.selectors import case_child_marker
        from spor.people.models import Child

        today = date(2026, 11, 30)
        generator = Generator(seed=3, scale=0.01, users=demo_users(), today=today)
        generator.year(2026, lambda *args: None)
        records = UnaccompaniedMinor.objects.select_related("case")
        self.assertEqual(sorted(r.has_representative for r in records), [False, True])
        with_rep = next(r for r in records if r.has_representative)
        self.assertIsNotNone(with_rep.notified_on)
        self.assertTrue(with_rep.case.decisions.get().child_views.views)
        markers = [case_child_marker(c, today) for c in Case.objects.all()]
        self.assertIn("turned_18", markers)
        self.assertGreaterEqual(Child.objects.count(), 2)
