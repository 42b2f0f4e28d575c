"""From a network to a referral: the inquiry holds the evidence and nothing personal beyond it."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from spor.cases.models import Inquiry
from spor.people import crypto
from spor.screening import results
from spor.screening.generator import generate_corpus
from spor.screening.models import NetworkReferral
from spor.web.screening_referral import blind_phone
from tests.base import SporTestCase


class ScreeningReferralTests(SporTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.var = Path(tempfile.mkdtemp(prefix="spor-refer-"))
        with override_settings(VAR_DIR=cls.var):
            folder = cls.var / "corpus"
            generate_corpus(seed=32, n_ads=120, with_images=False).write(folder)
            call_command("screening", "ingest", str(folder / "ads.jsonl"), stdout=io.StringIO())
            call_command("screening", "analyse", stdout=io.StringIO())

    def setUp(self) -> None:
        overrider = override_settings(VAR_DIR=self.var)
        overrider.enable()
        self.addCleanup(overrider.disable)
        self.network = results.network_detail(results.networks_ranked()[0].network_id)
        assert self.network is not None

    def refer(self, user, **data: str):
        self.client.force_login(user)
        return self.client.post(reverse("web:screening-refer", args=[self.network.network_id]), data)

    def test_a_referred_network_becomes_a_screening_inquiry_with_the_evidence_only(self) -> None:
        response = self.refer(self.outreach_worker)
        self.assertRedirects(response, reverse("screening:network-detail", args=[self.network.network_id]))
        inquiry = Inquiry.objects.get(channel="screening")
        text = crypto.decrypt_json(inquiry.summary_ct)
        for ad in self.network.ads:
            self.assertIn(f"{ad.site}/{ad.ad_id}", text)
            if ad.name:
                self.assertNotIn(ad.name, text)  # the persona's claimed name stays in the ads
        for phone in self.network.phones:
            self.assertNotIn(phone, text)
            self.assertIn(blind_phone(phone), text)
        self.assertEqual(NetworkReferral.objects.get().inquiry_code, inquiry.external_id)
        page = self.client.get(reverse("screening:network-detail", args=[self.network.network_id]))
        self.assertContains(page, inquiry.external_id)

    def test_one_ad_can_be_referred_and_a_double_click_refers_once(self) -> None:
        ad = self.network.ads[0]
        for _ in range(2):
            self.refer(self.outreach_worker, ad=f"{ad.site}:{ad.ad_id}")
        inquiry = Inquiry.objects.get(channel="screening")
        self.assertIn(f"{ad.site}/{ad.ad_id}", crypto.decrypt_json(inquiry.summary_ct))
        self.assertEqual(NetworkReferral.objects.get().ad_id, ad.ad_id)

    def test_only_outreach_workers_refer(self) -> None:
        self.assertEqual(self.refer(self.caseworker).status_code, 404)
        self.assertFalse(Inquiry.objects.filter(channel="screening").exists())

    def test_the_blind_form_keeps_two_digits_at_each_end(self) -> None:
        self.assertEqual(blind_phone("+4522456789"), "+45 22••••89")
