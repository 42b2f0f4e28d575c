"""The outreach pages: outreach workers only, every read logged, results as the analysis gives them.

The data is the generator's corpus, ingested and analysed through the `spor screening` commands.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.test import override_settings
from django.urls import include, path, reverse

from spor import urls as project_urls
from spor.audit.models import AuditEvent
from spor.screening import results
from spor.screening.generator import generate_corpus
from spor.screening.models import FollowUp, Image
from tests.base import SporTestCase

# The lead includes these pages in spor.urls; until then the test adds them to the project's routes.
urlpatterns = list(project_urls.urlpatterns)
if not any(getattr(p, "namespace", None) == "screening" for p in urlpatterns):
    urlpatterns.append(path("screening/", include("spor.screening.urls")))


@override_settings(ROOT_URLCONF=__name__)
class PagesTests(SporTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        folder = Path(tempfile.mkdtemp(prefix="spor-pages-"))
        corpus = generate_corpus(seed=21, n_ads=120)
        corpus.write(folder)
        call_command("screening", "ingest", str(folder / "ads.jsonl"), stdout=io.StringIO())
        call_command("screening", "analyse", stdout=io.StringIO())
        cls.top = results.networks_ranked()[0]

    def setUp(self) -> None:
        self.client.force_login(self.outreach_worker)
        self.network_id = _field(self.top, "network_id")

    def urls(self) -> list[str]:
        image = Image.objects.exclude(data=None).first()
        assert image is not None
        return [
            reverse("screening:network-list"),
            reverse("screening:network-detail", args=[self.network_id]),
            reverse("screening:search"),
            reverse("screening:trends"),
            reverse("screening:image", args=[image.phash]),
        ]

    def test_it_shows_every_page_to_outreach_workers_and_logs_each_read(self) -> None:
        for url in self.urls():
            with self.subTest(url=url):
                before = AuditEvent.objects.filter(actor=self.outreach_worker).count()
                self.assertEqual(self.client.get(url).status_code, 200)
                self.assertEqual(AuditEvent.objects.filter(actor=self.outreach_worker).count(), before + 1)

    def test_it_answers_404_to_the_outsider_and_to_other_roles(self) -> None:
        for user in (self.outsider_caseworker, self.caseworker, self.analyst, self.admin):
            self.client.force_login(user)
            for url in self.urls():
                with self.subTest(user=user.username, url=url):
                    self.assertEqual(self.client.get(url).status_code, 404)

    def test_it_sends_anonymous_visitors_to_log_in(self) -> None:
        self.client.logout()
        self.assertEqual(self.client.get(reverse("screening:network-list")).status_code, 302)

    def test_it_ranks_networks_with_their_reasons(self) -> None:
        page = self.client.get(reverse("screening:network-list")).content.decode()
        self.assertIn(self.network_id, page)
        for reason in _field(self.top, "reasons")[:2]:
            self.assertIn(_escaped(reason), page)

    def test_it_shows_a_network_with_graph_thumbnails_and_highlighted_phrases(self) -> None:
        page = self.client.get(reverse("screening:network-detail", args=[self.network_id])).content.decode()
        self.assertIn("<svg", page)
        self.assertIn("/screening/billede/", page)
        detail = results.network_detail(self.network_id)
        assert detail is not None
        if any(_field(ad, "indicator_phrases") for ad in _field(detail, "ads")):
            self.assertIn("<mark>", page)

    def test_it_answers_404_for_an_unknown_network_and_image(self) -> None:
        self.assertEqual(self.client.get(reverse("screening:network-detail", args=["Nffffffffff"])).status_code, 404)
        self.assertEqual(self.client.get(reverse("screening:image", args=["0" * 16])).status_code, 404)

    def test_it_marks_a_network_followed_up_with_a_note(self) -> None:
        url = reverse("screening:network-follow-up", args=[self.network_id])
        response = self.client.post(url, {"note": "Besøgt adressen, kontakt etableret"})
        self.assertRedirects(response, reverse("screening:network-detail", args=[self.network_id]))
        mark = FollowUp.objects.get()
        self.assertEqual((mark.network_id, mark.marked_by), (self.network_id, self.outreach_worker))
        # The note may name people: stored encrypted, shown decrypted.
        self.assertNotIn("Besøgt", mark.note_ct)
        self.assertEqual(mark.note, "Besøgt adressen, kontakt etableret")
        detail_page = self.client.get(reverse("screening:network-detail", args=[self.network_id])).content.decode()
        self.assertIn("Besøgt adressen, kontakt etableret", detail_page)
        event = AuditEvent.objects.get(event="screening.network_followed_up")
        self.assertNotIn("Besøgt", str(event.extra))
        page = self.client.get(reverse("screening:network-list")).content.decode()
        self.assertIn("Ja", page)
        self.client.force_login(self.caseworker)
        self.assertEqual(self.client.post(url, {"note": "x"}).status_code, 404)
        self.assertEqual(FollowUp.objects.count(), 1)

    def test_it_finds_ads_by_a_phone_number(self) -> None:
        detail = results.network_detail(self.network_id)
        assert detail is not None
        phones = [i for i in _field(detail, "identifiers") if _field(i, "kind") == "phone"]
        if not phones:
            self.skipTest("the top network shares no phone in this corpus")
        number = _field(phones[0], "value")
        page = self.client.post(reverse("screening:search"), {"q": number}).content.decode()
        self.assertIn(self.network_id, page)
        ignored = self.client.get(reverse("screening:search"), {"q": number}).content.decode()
        self.assertNotIn(self.network_id, ignored)  # a number in the URL is never searched
        self.assertNotIn(number, str(AuditEvent.objects.filter(event="screening.identifier_searched").last().extra))


def _field(item: object, key: str) -> object:
    return item[key] if isinstance(item, dict) else getattr(item, key)


def _escaped(text: object) -> str:
    from django.utils.html import escape

    return escape(str(text))
