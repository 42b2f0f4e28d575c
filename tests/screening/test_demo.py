"""The screening demo: a generated corpus, stored and analysed, so the outreach pages show networks."""

from __future__ import annotations

import io
import tempfile

from django.core.management import call_command
from django.test import override_settings

from spor.screening import results
from spor.screening.models import Ad
from tests.base import SporTestCase


class ScreeningDemoTests(SporTestCase):
    def test_it_stores_and_analyses_a_corpus_with_networks_reasons_and_trends(self) -> None:
        with override_settings(VAR_DIR=tempfile.mkdtemp(prefix="spor-demo-"), DEBUG=True):
            out = io.StringIO()
            call_command("screening", "demo", "--ads", "300", stdout=out)
            self.assertIn("networks found", out.getvalue())
            networks = results.networks_ranked()
            self.assertGreater(len(networks), 3)
            self.assertTrue(networks[0].reasons)
            self.assertTrue(results.weekly_trends())
            stored = Ad.objects.count()
            call_command("screening", "demo", "--ads", "300", stdout=out)  # a second run adds nothing
            self.assertEqual(Ad.objects.count(), stored)
