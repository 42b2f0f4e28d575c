"""The victim's rights on the case page and its action pages (docs/web.md#victims-rights)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from spor.cases import services
from spor.cases.services import rights
from spor.people.models import ConsentPurpose
from tests.base import SporTestCase
from tests.make import make_consent, make_identified_case, make_person


class RightsPageTests(SporTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.case = make_identified_case(cls.caseworker)
        cls.dis_case = make_identified_case(cls.caseworker, make_person(cls.caseworker, residence_status="unlawful"))
        services.case_put_to_dis(actor=cls.caseworker, case=cls.dis_case, on=date(2026, 3, 2))

    def url(self, name, *args):
        return reverse(f"casework:{name}", args=args)

    def test_it_records_why_no_report_is_filed_and_shows_it(self):
        self.client.force_login(self.caseworker)
        page = self.client.get(self.url("case-detail", self.case.code))
        self.assertContains(page, "Ingen anmeldelse, og ingen begrundelse registreret.")
        response = self.client.post(
            self.url("no-report", self.case.code), {"reason": "abroad", "recorded_on": "2026-03-05", "note": ""}
        )
        self.assertRedirects(response, self.url("case-detail", self.case.code) + "#rettigheder")
        page = self.client.get(self.url("case-detail", self.case.code))
        self.assertContains(page, "udnyttelsen er foregået i udlandet")

    def test_it_keeps_what_was_typed_when_the_service_refuses(self):
        self.client.force_login(self.caseworker)
        response = self.client.post(
            self.url("no-report", self.case.code), {"reason": "other", "recorded_on": "2026-03-05"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Skriv kort, hvorfor der ikke anmeldes.", status_code=400)

    def test_it_applies_for_and_decides_a_permit_with_consent(self):
        self.client.force_login(self.caseworker)
        prompt = self.client.get(self.url("permit-apply", self.case.code))
        self.assertContains(prompt, "politianmeldelse i eget navn")  # the consent prompt names the purpose
        make_consent(self.caseworker, self.case.person, ConsentPurpose.POLICE_REPORT)
        self.client.post(self.url("permit-apply", self.case.code), {"applied_on": "2026-04-01"})
        permit = self.case.residence_permits.get()
        response = self.client.post(
            self.url("permit-decide", self.case.code, permit.code),
            {
                "version": 1,
                "decided_on": "2026-05-01",
                "granted": "yes",
                "valid_from": "2026-05-01",
                "valid_to": "2026-12-31",
            },
        )
        self.assertEqual(response.status_code, 302)
        page = self.client.get(self.url("case-detail", self.case.code))
        self.assertContains(page, "31. december 2026")

    def test_it_records_non_punishment_and_compensation(self):
        self.client.force_login(self.manager)
        self.client.post(
            self.url("non-punishment", self.case.code), {"crime_type": "theft", "charged_on": "2026-02-01"}
        )
        matter = self.case.non_punishments.get()
        self.client.post(
            self.url("detention-add", self.case.code, matter.code), {"from_on": "2026-02-01", "to_on": "2026-02-02"}
        )
        self.client.post(
            self.url("non-punishment-outcome", self.case.code, matter.code),
            {"version": 1, "outcome": "prosecution_waived", "on": "2026-03-01"},
        )
        self.client.post(
            self.url("claim-add", self.case.code),
            {"route": "criminal_case", "claimed_on": "2026-04-01", "claimed_dkk": 30000},
        )
        page = self.client.get(self.url("case-detail", self.case.code))
        for text in ("tiltalefrafald", "Frihedsberøvet", "i straffesagen mod gerningspersonen", "30000"):
            self.assertContains(page, text)

    def test_it_is_the_centres_only(self):
        report = services.police_report_file(
            actor=self.caseworker, case=self.dis_case, filed_on=date(2026, 3, 5), filed_by="cmm", anonymous=True,
            legal_basis="262a", police_district="Københavns Politi",
        )  # fmt: skip
        matter = rights.non_punishment_record(actor=self.caseworker, case=self.dis_case)
        pages = [
            ("no-report", [self.dis_case.code]),
            ("report-outcome", [self.dis_case.code, report.code]),
            ("permit-apply", [self.dis_case.code]),
            ("non-punishment", [self.dis_case.code]),
            ("detention-add", [self.dis_case.code, matter.code]),
            ("claim-add", [self.dis_case.code]),
        ]
        # A page the role may not use is a 404, like a missing one (docs/architecture.md#declared-access).
        for user in (self.immigration_officer, self.police_referrer, self.outsider_caseworker, self.analyst):
            self.client.force_login(user)
            for name, args in pages:
                with self.subTest(user=user.username, page=name):
                    self.assertEqual(self.client.get(self.url(name, *args)).status_code, 404)
        self.client.force_login(self.immigration_officer)
        page = self.client.get(self.url("case-detail", self.dis_case.code))
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, 'id="rettigheder"')
