from datetime import date

from spor.cases.demo import Generator, demo_users
from spor.cases.models import Decision, Inquiry, PoliceReport, Referral, ReturnPlan, StatusRecord
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
