"""Pages of the authorities' tracks and case complexes through HTTP (docs/web.md#tracks-and-complexes)."""

from datetime import date

from django.urls import reverse

from spor.cases import services
from spor.cases.models import Case, CaseComplex, CaseKeeper, CaseStatus, Employer
from tests.base import SporTestCase
from tests.make import make_dis_case, make_identified_case, make_pending_case

ON = date(2026, 3, 2)


def url(name, *args):
    return reverse(f"casework:{name}", args=args)


class TrackPageTests(SporTestCase):
    def test_an_expulsion_case_makes_dis_competent_on_the_case_page(self):
        case = make_pending_case(self.caseworker)
        self.client.force_login(self.caseworker)
        response = self.client.post(url("expulsion", case.code), {"expulsion_case": "on"})
        self.assertRedirects(response, url("case-detail", case.code), fetch_redirect_response=False)
        page = self.client.get(url("case-detail", case.code))
        self.assertContains(page, "Udlændingestyrelsen")
        self.assertContains(page, '<dd id="case-expulsion">ja</dd>', html=True)

    def test_a_negative_decision_is_reconsidered_from_the_case_page(self):
        case = make_pending_case(self.caseworker)
        services.decision_record(actor=self.caseworker, case=case, authority="cmm", decided_on=ON, identified=False)
        self.client.force_login(self.caseworker)
        page = self.client.get(url("case-detail", case.code))
        self.assertContains(page, 'data-action="reconsideration_request"')
        response = self.client.post(
            url("reconsideration-request", case.code), {"requested_on": "2026-03-10", "requested_by": "lawyer"}
        )
        self.assertEqual(response.status_code, 302)
        response = self.client.post(
            url("reconsideration-decide", case.code),
            {"decided_on": "2026-03-30", "changed": "yes", "reasoning": "Nye oplysninger."},
        )
        self.assertEqual(response.status_code, 302)
        case.refresh_from_db()
        self.assertEqual(case.status, CaseStatus.IDENTIFIED)
        page = self.client.get(url("case-detail", case.code))
        self.assertContains(page, "ændret: vurderet udsat")
        self.assertNotContains(page, "Nye oplysninger.")  # the reasoning is kept, not listed

    def test_a_request_on_a_positive_decision_is_refused(self):
        case = make_identified_case(self.caseworker)
        self.client.force_login(self.caseworker)
        self.assertEqual(self.client.get(url("reconsideration-request", case.code)).status_code, 409)

    def test_dis_opens_its_own_case_which_the_centre_cannot_open(self):
        self.client.force_login(self.immigration_officer)
        self.assertContains(self.client.get(url("dis-list")), url("dis-case-open"))
        response = self.client.post(
            url("dis-case-open"),
            {"opened_on": "2026-03-02", "given_name": "Minh", "gender": "male", "residence_status": "asylum_seeker"},
        )
        self.assertEqual(response.status_code, 302, response.content)
        case = Case.objects.get(kept_by=CaseKeeper.DIS)
        self.assertEqual(self.client.get(url("case-detail", case.code)).status_code, 200)
        self.client.force_login(self.caseworker)
        self.assertEqual(self.client.get(url("case-detail", case.code)).status_code, 404)
        self.assertEqual(self.client.get(url("person-detail", case.person.code)).status_code, 404)
        self.assertEqual(self.client.get(url("dis-case-open")).status_code, 404)
        home = self.client.get(reverse("home"))
        self.assertContains(home, "Udlændingestyrelsen fører 1 egen sag")
        self.assertNotContains(home, case.number)


class ComplexPageTests(SporTestCase):
    def test_a_case_is_linked_to_a_new_complex_and_an_employer_recorded(self):
        case = make_identified_case(self.caseworker)
        self.client.force_login(self.caseworker)
        response = self.client.post(
            url("case-complex", case.code), {"name": "Lotus", "kind": "network", "police_reference": "0100-7"}
        )
        self.assertEqual(response.status_code, 302)
        found = CaseComplex.objects.get()
        self.assertContains(self.client.get(url("case-detail", case.code)), "Lotus")
        page = self.client.get(url("complex-detail", found.code))
        self.assertContains(page, case.number)
        self.assertContains(page, "0100-7")
        bad = self.client.post(url("complex-employer", found.code), {"name": "Wellness ApS", "cvr": "31234566"})
        self.assertContains(bad, "kontrolcifferet", status_code=400)
        self.client.post(url("complex-employer", found.code), {"name": "Wellness ApS", "cvr": "31234565"})
        self.assertEqual(Employer.objects.get().cvr, "31234565")
        self.assertContains(self.client.get(url("complex-list")), "Lotus")

    def test_the_link_form_asks_for_a_complex_or_a_name(self):
        case = make_identified_case(self.caseworker)
        self.client.force_login(self.caseworker)
        response = self.client.post(url("case-complex", case.code), {"name": "", "kind": ""})
        self.assertContains(response, "Vælg et kompleks", status_code=400)

    def test_complex_pages_are_404_for_other_roles(self):
        found = services.complex_create(actor=self.caseworker, name="K", kind="other")
        for user in (self.immigration_officer, self.analyst, self.police_referrer, self.outsider_caseworker):
            self.client.force_login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(url("complex-list")).status_code, 404)
                self.assertEqual(self.client.get(url("complex-detail", found.code)).status_code, 404)

    def test_a_dis_only_case_is_not_linked(self):
        case = make_dis_case(self.immigration_officer)
        self.client.force_login(self.caseworker)
        self.assertEqual(self.client.get(url("case-complex", case.code)).status_code, 404)
