from datetime import date, timedelta

from django.urls import reverse

from spor.cases import services
from tests.base import PASSWORD, SporTestCase
from tests.make import make_identified_case


class HomeTests(SporTestCase):
    def test_it_sends_an_anonymous_visitor_to_the_login(self):
        response = self.client.get(reverse("home"))
        self.assertRedirects(response, f"{reverse('login')}?next=/", fetch_redirect_response=False)

    def test_it_shows_a_caseworker_the_deadlines(self):
        case = make_identified_case(self.caseworker)
        services.reflection_grant(
            actor=self.caseworker, case=case, granted_by="cmm", starts_on=date.today() - timedelta(days=25)
        )
        self.client.login(username="alice", password=PASSWORD)
        response = self.client.get(reverse("home"))
        self.assertContains(response, case.number)

    def test_it_shows_an_analyst_no_case(self):
        case = make_identified_case(self.caseworker)
        services.reflection_grant(
            actor=self.caseworker, case=case, granted_by="cmm", starts_on=date.today() - timedelta(days=25)
        )
        self.client.login(username="anders", password=PASSWORD)
        response = self.client.get(reverse("home"), follow=True)
        self.assertNotContains(response, case.number)
