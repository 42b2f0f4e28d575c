"""The demo's prepared returns: about a third of each year's identified, with content and follow-ups."""

from __future__ import annotations

from datetime import date

from django.test import TestCase

from spor.cases.demo import Generator, demo_users
from spor.cases.demo_returns import DEMO_RATE_SOURCE
from spor.cases.models import Case, FollowUp, ReintegrationRate, ReturnPlan


class DemoReturnTests(TestCase):
    def test_every_year_returns_about_a_third_of_the_identified_with_content(self):
        generator = Generator(seed=7, scale=0.4, users=demo_users(), today=date(2026, 12, 6))
        for year in (2017, 2018, 2024, 2025):
            generator.year(year, lambda: None)
        self.assertTrue(ReintegrationRate.objects.filter(source=DEMO_RATE_SOURCE, valid_to=date(2025, 12, 31)).exists())
        for year in (2017, 2018, 2024, 2025):
            with self.subTest(year=year):
                identified = Case.objects.filter(
                    decisions__identified=True, decisions__decided_on__year=year
                ).distinct()
                plans = ReturnPlan.objects.filter(case__in=identified)
                share = plans.values("case").distinct().count() / identified.count()
                self.assertGreater(share, 0.2)
                self.assertLess(share, 0.45)
                self.assertTrue(all(plan.reintegration for plan in plans))
        self.assertTrue(ReturnPlan.objects.filter(applied_on__year=2017, rate_on_file=False).exists())
        self.assertTrue(ReturnPlan.objects.filter(applied_on__year=2024, rate_on_file=True).exists())
        self.assertTrue(ReturnPlan.objects.filter(children__gt=0, travelling_children__isnull=False).exists())
        outcomes = set(FollowUp.objects.values_list("outcome", flat=True))
        self.assertEqual(outcomes, {"in_contact", "lost_contact", "retrafficked", "other"})
