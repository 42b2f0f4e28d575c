"""The referral form and the referrer's own page (docs/web.md#referrals)."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse

from spor.cases.models import Inquiry, Referral
from tests.base import SporTestCase

FORM = {
    "sender_type": "ngo",
    "urgency": "urgent",
    "consent": "yes",
    "police_informed": "no",
    "given_name": "Nguyễn Thị",
    "family_name": "Lan",
    "aliases": "Lana\nЛана",
    "birth_year": "1999",
    "gender": "female",
    "nationality": "VN",
    "phones": "+45 20 12 34 56",
    "language": "vietnamesisk",
    "whereabouts": "Neglesalon i Vejle",
    "place": "1083",
    "child": "no",
    "exploitation": "forced_labour",
    "indicators": ["debt", "no_pay"],
    "summary": "Arbejder 14 timer om dagen uden løn.",
    "idempotency_key": "k-1",
}


class ReferralFormTests(SporTestCase):
    def setUp(self):
        self.client.force_login(self.ngo_referrer)

    def post(self, **changes):
        return self.client.post(reverse("web:referral-submit"), {**FORM, **changes})

    def test_the_form_groups_its_fields_in_fieldsets(self):
        response = self.client.get(reverse("web:referral-submit"))
        html = response.content.decode()
        self.assertGreaterEqual(html.count("<fieldset"), 3)
        for name in ("consent", "given_name", "birth_date", "nationality", "indicators", "urgency", "police_informed"):
            self.assertIn(f'name="{name}"', html)

    def test_a_structured_referral_shows_on_the_referrers_own_page(self):
        response = self.post()
        self.assertEqual(response.status_code, 302)
        page = self.client.get(response["Location"])
        for text in (
            "modtaget",
            "Nguyễn Thị",
            "Лана",
            "+45 20 12 34 56",
            "Neglesalon i Vejle",
            "gæld",
            "Region Syddanmark",
        ):
            self.assertContains(page, text)
        self.assertContains(page, "Arbejder 14 timer om dagen uden løn.")
        listed = self.client.get(reverse("web:referral-list"))
        self.assertContains(listed, Inquiry.objects.get().external_id)
        self.assertContains(listed, "modtaget")

    def test_without_consent_it_is_an_anonymous_notification(self):
        page = self.client.get(self.post(consent="no")["Location"])
        self.assertContains(page, "Anonym underretning")
        self.assertNotContains(page, "Nguyễn")
        referral = Referral.objects.get()
        self.assertTrue(referral.anonymous)
        self.assertEqual((referral.identity_ct, referral.inquiry.summary_ct), ("", ""))
        self.assertEqual((referral.gender, referral.nationalities, referral.place), ("female", ["VN"], "1083"))

    def test_bad_input_names_the_field_and_keeps_what_was_typed(self):
        cases = {
            "birth_date": {"birth_date": str(date.today() + timedelta(days=3))},
            "birth_year": {"birth_year": "1850"},
            "given_name": {"given_name": "A" * 10_000},
            "nationality": {"nationality": "QQ"},
            "phones": {"phones": "ikke et nummer"},
            "consent": {"consent": ""},
        }
        for field, changes in cases.items():
            with self.subTest(field=field):
                response = self.post(**changes)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, 'role="alert"')
                self.assertIn(field, response.context["form"].errors)
                self.assertContains(response, f'href="#id_{field}')  # the summary links to the field
                self.assertContains(response, "Neglesalon i Vejle")  # what was typed is kept
                self.assertContains(response, 'value="k-1"')
        self.assertEqual(Inquiry.objects.count(), 0)

    def test_html_in_a_field_is_stored_and_shown_as_text(self):
        page = self.client.get(self.post(given_name="<script>alert(1)</script>")["Location"])
        self.assertContains(page, "&lt;script&gt;alert(1)&lt;/script&gt;")
        self.assertNotContains(page, "<script>alert(1)")

    def test_another_organisations_referral_is_a_404(self):
        location = self.post()["Location"]
        self.client.force_login(self.police_referrer)
        self.assertEqual(self.client.get(location).status_code, 404)
