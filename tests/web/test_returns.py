"""Return plan content, "no rate on file", follow-up pages and the rate admin (docs/web.md#prepared-return)."""

from __future__ import annotations

from datetime import date

from django.contrib.admin import site
from django.test import RequestFactory

from spor.cases import services
from spor.cases.admin import ReintegrationRateAdmin, ReintegrationRateForm
from spor.cases.models import FollowUp, ReintegrationRate, ReturnPlan
from spor.people import services as people
from tests.make import make_consent, make_identified_case
from tests.web.test_casework import CaseworkTestCase


class ReturnContentPageTests(CaseworkTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.identified = make_identified_case(cls.caseworker)
        make_consent(cls.caseworker, cls.identified.person)
        cls.child = people.child_add(actor=cls.caseworker, person=cls.identified.person, birth_year=2017)

    def data(self, **overrides):
        base = {"applied_on": "2026-04-01", "destination": "TH", "in_kind_dkk": "49000", "cash_dkk": "500"}
        return base | overrides

    def test_the_form_offers_the_recorded_children_and_the_budget_counts_those_picked(self):
        self.login(self.caseworker)
        form = self.client.get(self.url("return-plan-submit", self.identified.code))
        self.assertContains(form, "Barn født 2017")
        self.assertContains(form, 'value="business"')
        budget = self.url("return-budget", self.identified.code)
        self.assertContains(self.client.post(budget, self.data()), "overstiger satsen")
        picked = self.data(travelling_children=[str(self.child.code)])
        self.assertContains(self.client.post(budget, picked), "inden for satserne")
        response = self.client.post(
            self.url("return-plan-submit", self.identified.code),
            picked | {"reintegration": ["education", "housing"], "partner": "IOM Bangkok"},
        )
        self.assertRedirects(response, self.url("case-detail", self.identified.code))
        plan = ReturnPlan.objects.get(case=self.identified)
        self.assertEqual(
            (plan.children, plan.reintegration, plan.partner), (1, ["education", "housing"], "IOM Bangkok")
        )
        page = self.client.get(self.url("return-detail", plan.code))
        self.assertContains(page, "uddannelse, bolig")
        self.assertContains(page, "Barn født 2017")
        self.assertContains(page, "IOM Bangkok")
        case_page = self.client.get(self.url("case-detail", self.identified.code))
        self.assertContains(case_page, "1 barn rejser med")

    def test_a_bad_child_or_kind_is_refused_with_the_input_kept(self):
        response = self.post(
            self.caseworker,
            "return-plan-submit",
            [self.identified.code],
            self.data(in_kind_dkk="1000", reintegration=["holiday"], partner="Caritas"),
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'value="Caritas"', status_code=400)
        self.assertFalse(ReturnPlan.objects.filter(case=self.identified).exists())

    def test_a_2024_return_is_recorded_with_no_rate_on_file(self):
        case = make_identified_case(self.caseworker, on=date(2024, 3, 2))
        make_consent(self.caseworker, case.person)
        self.login(self.caseworker)
        budget = self.client.post(self.url("return-budget", case.code), self.data(applied_on="2024-04-01"))
        self.assertContains(budget, "Ingen sats på fil")
        self.assertNotContains(budget, "inden for satserne")
        response = self.client.post(self.url("return-plan-submit", case.code), self.data(applied_on="2024-04-01"))
        self.assertRedirects(response, self.url("case-detail", case.code))
        plan = ReturnPlan.objects.get(case=case)
        self.assertFalse(plan.rate_on_file)
        self.assertContains(self.client.get(self.url("return-detail", plan.code)), "Ingen sats på fil")
        self.login(self.return_officer)
        listing = self.client.get(self.url("return-list"))
        self.assertContains(listing, case.number)
        self.assertContains(listing, "ingen sats på fil")

    def test_follow_up_form_for_centre_staff_only(self):
        plan = services.return_plan_submit(
            actor=self.caseworker, case=self.identified, applied_on=date(2026, 4, 1), destination="TH",
            in_kind_dkk=1, cash_dkk=1,
        )  # fmt: skip
        services.return_plan_decide(actor=self.return_officer, plan=plan, approve=True, on=date(2026, 4, 3))
        services.return_plan_depart(actor=self.return_officer, plan=plan, departed_on=date(2026, 4, 20))
        bad = self.post(self.caseworker, "return-follow-up", [plan.code], {"contacted_on": "2026-04-01"})
        self.assertEqual(bad.status_code, 400)
        self.assertFalse(FollowUp.objects.exists())
        data = {"contacted_on": "2026-05-21", "channel": "video", "outcome": "lost_contact", "note": "Svarer ikke."}
        response = self.post(self.caseworker, "return-follow-up", [plan.code], data)
        self.assertRedirects(response, self.url("return-detail", plan.code))
        page = self.client.get(self.url("return-detail", plan.code))
        self.assertContains(page, "kontakten er mistet")
        self.assertContains(page, "Svarer ikke.")
        self.login(self.return_officer)
        self.assertNotContains(self.client.get(self.url("return-detail", plan.code)), "Svarer ikke.")
        self.assertEqual(self.client.get(self.url("return-follow-up", plan.code)).status_code, 404)


class RateAdminTests(CaseworkTestCase):
    def form(self, **overrides):
        data = {
            "kind": "in_kind_adult",
            "amount_dkk": "30000",
            "valid_from": "2024-01-01",
            "valid_to": "2024-12-31",
            "source": "Cirkulære nr. 1 af 2024",
        }
        return ReintegrationRateForm(data=data | overrides)

    def test_it_refuses_overlapping_periods_of_one_kind_and_a_missing_source(self):
        self.assertTrue(self.form().is_valid())
        overlap = self.form(valid_from="2025-06-01", valid_to="2026-06-30")
        self.assertFalse(overlap.is_valid())
        self.assertIn("overlapper", str(overlap.errors))
        self.assertIn("2026-01-01", str(overlap.errors), "names the period it overlaps")
        self.assertTrue(self.form(kind="in_kind_child").is_valid(), "another kind may share the period")
        self.assertIn("source", self.form(source="  ").errors)
        self.assertIn("valid_to", self.form(valid_to="2023-12-31").errors)

    def test_the_admin_records_who_entered_a_rate(self):
        form = self.form(kind="cash_single")
        self.assertTrue(form.is_valid())
        request = RequestFactory().post("/admin/cases/reintegrationrate/add/")
        request.user = self.admin
        ReintegrationRateAdmin(ReintegrationRate, site).save_model(request, form.save(commit=False), form, False)
        rate = ReintegrationRate.objects.get(kind="cash_single", valid_from=date(2024, 1, 1))
        self.assertEqual((rate.entered_by, rate.source), (self.admin, "Cirkulære nr. 1 af 2024"))
