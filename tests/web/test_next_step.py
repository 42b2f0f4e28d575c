"""The case page says what comes next; impossible actions are refused; the consent prompt; closing
and reopening from the web (docs/web.md#next-step)."""

from datetime import date

from django.urls import reverse
from django.utils import timezone

from spor.cases import services
from spor.cases.models import Case, CaseStatus
from spor.people.models import Consent
from tests.base import SporTestCase
from tests.make import make_case, make_identified_case, make_pending_case, make_reintegration_rates

ON = date(2026, 3, 2)


class NextStepPageTests(SporTestCase):
    def setUp(self):
        self.client.force_login(self.caseworker)

    def page(self, case):
        response = self.client.get(reverse("casework:case-detail", args=[case.code]))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def actions(self, html):
        nav = html.split('id="case-actions"')[1].split("</ul>")[0]
        return [part.split('"')[0] for part in nav.split('data-action="')[1:]]

    def test_each_state_names_its_next_step_and_offers_only_what_is_possible(self):
        states = [
            (make_case(self.caseworker), "registrér udredning", "assessment"),
            (make_pending_case(self.caseworker), "registrér afgørelse", "decision"),
            (make_identified_case(self.caseworker), "giv refleksionsperiode", "reflection_grant"),
        ]
        for case, named, first in states:
            with self.subTest(status=case.status):
                html = self.page(case)
                self.assertIn("Næste skridt", html)
                self.assertIn(named, html.split('id="next-step"')[1].split("</div>")[0])
                self.assertEqual(self.actions(html)[0], first)
        html = self.page(make_case(self.caseworker))
        self.assertNotIn("decision", self.actions(html))
        self.assertNotIn("reflection_grant", self.actions(html))

    def test_a_closed_case_offers_only_reopening_and_shows_its_exit(self):
        case = make_identified_case(self.caseworker)
        services.case_close(actor=self.caseworker, case=case, on=ON, exit="left_on_own")
        html = self.page(case)
        self.assertEqual(self.actions(html), ["reopen"])
        self.assertIn("udrejst på egen hånd", html.split('id="case-exit"')[1])
        self.assertNotIn("Næste skridt", html)

    def test_an_impossible_action_is_refused_with_a_clear_message(self):
        case = make_case(self.caseworker)
        for name in ("decision-record", "reflection-grant", "return-plan-submit", "case-reopen"):
            with self.subTest(page=name):
                url = reverse(f"casework:{name}", args=[case.code])
                response = self.client.get(url)
                self.assertContains(response, "kan ikke lade sig gøre på sagen nu", status_code=409)
                self.assertContains(response, "under udredning", status_code=409)
                response = self.client.post(url, {"on": "2026-03-03", "reason": "x", "granted_by": "cmm"})
                self.assertEqual(response.status_code, 409)
        self.assertEqual(Case.objects.get(pk=case.pk).status, CaseStatus.ASSESSMENT)

    def test_a_page_for_dis_lists_nothing_dis_may_not_do(self):
        case = make_case(self.caseworker)
        services.case_put_to_dis(actor=self.caseworker, case=case, on=ON)
        self.client.force_login(self.immigration_officer)
        self.assertEqual(self.actions(self.page(case)), ["assessment", "expulsion"])


class ConsentPromptTests(SporTestCase):
    def setUp(self):
        make_reintegration_rates()
        self.client.force_login(self.caseworker)
        self.case = make_identified_case(self.caseworker)

    def test_a_missing_consent_is_said_before_the_form_with_a_way_back(self):
        step = reverse("casework:return-plan-submit", args=[self.case.code])
        html = self.client.get(step).content.decode()
        prompt = html.split('id="consent-prompt"')[1]
        self.assertLess(html.index('id="consent-prompt"'), html.index('<form method="post" novalidate'))
        self.assertIn("videregivelse til andre organisationer", prompt)
        link = prompt.split('id="consent-record-link"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
        self.assertIn("purpose=disclosure", link)
        form = self.client.get(link).content.decode()
        self.assertRegex(form, r'<option value="disclosure" selected')
        data = {"purpose": "disclosure", "answer": "given", "answered_on": "2026-03-05"}
        response = self.client.post(link, data)
        self.assertRedirects(response, step, fetch_redirect_response=False)
        self.assertNotIn('id="consent-prompt"', self.client.get(step).content.decode())
        self.assertEqual(Consent.objects.get(person=self.case.person).answer, "given")

    def test_next_accepts_only_a_path_of_this_site(self):
        base = reverse("casework:consent-record", args=[self.case.person.code])
        person_page = reverse("casework:person-detail", args=[self.case.person.code])
        data = {"purpose": "referral", "answer": "refused", "answered_on": "2026-03-05"}
        for hostile in ("https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"):
            with self.subTest(next=hostile):
                response = self.client.post(base + "?" + f"next={hostile}", data)
                self.assertRedirects(response, person_page, fetch_redirect_response=False)


class CloseAndReopenPageTests(SporTestCase):
    def setUp(self):
        self.client.force_login(self.caseworker)
        self.case = make_identified_case(self.caseworker)

    def test_closing_asks_for_the_exit_and_confirms_what_happened(self):
        url = reverse("casework:case-close", args=[self.case.code])
        form = self.client.get(url).content.decode()
        self.assertIn('value="prepared_return"', form)
        self.assertNotIn('value="receiving_support"', form)
        response = self.client.post(url, {"on": "2026-04-01"})
        self.assertContains(response, "Hvordan sluttede forløbet?", status_code=400)
        self.assertContains(response, 'value="2026-04-01"', status_code=400)  # what was typed is kept
        self.assertEqual(Case.objects.get(pk=self.case.pk).status, CaseStatus.IDENTIFIED)
        response = self.client.post(url, {"on": "2026-04-01", "exit": "residence_granted"}, follow=True)
        self.assertContains(response, "Sagen er afsluttet. Afslutning: opholdstilladelse. Fristen for sletning")
        stored = Case.objects.get(pk=self.case.pk)
        self.assertEqual((stored.exit, stored.closed_on), ("residence_granted", date(2026, 4, 1)))

    def test_reopening_needs_a_reason_and_names_the_next_step(self):
        services.case_close(actor=self.caseworker, case=self.case, on=ON, exit="other")
        url = reverse("casework:case-reopen", args=[self.case.code])
        response = self.client.post(url, {"reason": ""})
        self.assertEqual(response.status_code, 400)
        response = self.client.post(url, {"reason": "Ny henvendelse fra personen"}, follow=True)
        self.assertContains(response, "Sagen er genåbnet. Næste skridt: giv refleksionsperiode.")
        self.assertEqual(Case.objects.get(pk=self.case.pk).status, CaseStatus.IDENTIFIED)

    def test_every_confirmation_says_what_comes_next(self):
        case = make_case(self.caseworker)
        url = reverse("casework:put-to-dis", args=[case.code])
        response = self.client.post(url, {"on": timezone.localdate().isoformat()}, follow=True)
        self.assertContains(response, "Sagen er forelagt Udlændingestyrelsen. Næste skridt: registrér udredning.")
