"""Casework pages through HTTP: who may reach them, what they show, and how they fail (docs/web.md)."""

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from spor.audit.models import ReadLog
from spor.cases import services
from spor.cases.models import CaseStatus, ReturnStatus
from spor.people.models import ConsentPurpose
from tests.base import SporTestCase
from tests.make import make_case, make_consent, make_identified_case, make_pending_case, make_person

ON = date(2026, 3, 2)


class CaseworkTestCase(SporTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.person = make_person(cls.caseworker, given="Malee", family="Sukhon", birth_year=1994)
        cls.case = make_case(cls.caseworker, cls.person, opened_on=ON)

    def login(self, user):
        self.client.force_login(user)

    def url(self, name, *args):
        return reverse(f"casework:{name}", args=args)

    def post(self, user, name, args, data):
        self.login(user)
        return self.client.post(self.url(name, *args), data)


class PersonPageTests(CaseworkTestCase):
    def test_it_shows_pseudonymous_facts_without_decrypting(self):
        self.login(self.caseworker)
        response = self.client.get(self.url("person-detail", self.person.code))
        self.assertContains(response, self.person.key)
        self.assertContains(response, self.case.number)
        self.assertNotContains(response, "Sukhon")
        self.assertFalse(ReadLog.objects.exists())

    def test_it_shows_the_identity_on_request_and_logs_the_read(self):
        response = self.post(self.caseworker, "person-identity", [self.person.code], {})
        self.assertContains(response, "Malee Sukhon")
        log = ReadLog.objects.get()
        self.assertEqual((log.actor, log.person_code), (self.caseworker, str(self.person.code)))

    def test_it_refuses_a_get_of_the_identity(self):
        self.login(self.caseworker)
        self.assertEqual(self.client.get(self.url("person-identity", self.person.code)).status_code, 405)
        self.assertFalse(ReadLog.objects.exists())

    def test_it_is_404_for_the_outsider_and_roles_without_case_access(self):
        for user in [self.outsider_caseworker, self.analyst, self.return_officer, self.police_referrer, self.admin]:
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(self.client.get(self.url("person-detail", self.person.code)).status_code, 404)
                self.assertEqual(self.post(user, "person-identity", [self.person.code], {}).status_code, 404)
        self.assertFalse(ReadLog.objects.exists())

    def test_it_shows_dis_only_persons_put_to_dis(self):
        self.login(self.immigration_officer)
        self.assertEqual(self.client.get(self.url("person-detail", self.person.code)).status_code, 404)
        services.case_put_to_dis(actor=self.caseworker, case=self.case, on=ON)
        self.assertEqual(self.client.get(self.url("person-detail", self.person.code)).status_code, 200)

    def test_it_sends_an_anonymous_visitor_to_the_login(self):
        response = self.client.get(self.url("person-detail", self.person.code))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("login"), response["Location"])

    def test_it_is_404_for_an_unknown_code(self):
        self.login(self.caseworker)
        response = self.client.get(self.url("person-detail", "00000000-0000-0000-0000-000000000000"))
        self.assertEqual(response.status_code, 404)

    def test_country_names_and_dates_follow_the_language(self):
        person = make_person(self.caseworker, nationalities=["RO", "RU-CE"])
        make_case(self.caseworker, person, opened_on=ON)
        self.login(self.caseworker)
        url = self.url("person-detail", person.code)
        danish = self.client.get(url, HTTP_ACCEPT_LANGUAGE="da").content.decode()
        self.assertIn("Rumænien, Tjetjenien", danish)
        self.assertIn("2. marts 2026", danish)
        english = self.client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        self.assertIn("Romania, Chechnya", english)
        self.assertIn("March 2, 2026", english)

    def test_the_timeline_says_who_did_what(self):
        services.case_put_to_dis(actor=self.caseworker, case=self.case, on=ON)
        services.decision_record(
            actor=self.immigration_officer,
            case=self.case,
            authority="dis",
            decided_on=ON,
            identified=True,
            exception_reason="test",
        )
        self.login(self.caseworker)
        response = self.client.get(self.url("person-detail", self.person.code))
        timeline = response.content.decode().split('id="timeline"')[1]
        self.assertIn("Forelagt Udlændingestyrelsen", timeline)
        self.assertIn("Udlændingestyrelsen: vurderet udsat", timeline)
        self.assertIn("ida", timeline)  # the DIS officer who decided
        self.assertIn("alice", timeline)  # the caseworker who opened and put to DIS


class PersonPageQueryTests(CaseworkTestCase):
    def queries(self):
        self.login(self.caseworker)
        url = self.url("person-detail", self.person.code)
        self.client.get(url)  # warm the session and caches
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(captured)

    def add_case(self, n):
        case = make_identified_case(self.caseworker, self.person, on=ON + timedelta(days=n))
        services.case_put_to_dis(actor=self.caseworker, case=case, on=ON)
        period = services.reflection_grant(actor=self.caseworker, case=case, granted_by="cmm", starts_on=ON)
        services.reflection_extend(actor=self.caseworker, period=period, until=ON + timedelta(days=60), reason="other")
        services.offer_add(actor=self.caseworker, case=case, kind="legal_aid", given_on=ON)

    def test_the_number_of_queries_does_not_grow_with_the_events(self):
        self.add_case(0)
        before = self.queries()
        for n in range(1, 4):
            self.add_case(n)
        self.assertEqual(self.queries(), before)


class CaseActionAccessTests(CaseworkTestCase):
    """Every case page: the outsider and roles without the case get 404; the centre gets 200."""

    CASE_PAGES = [
        "case-detail",
        "assessment-record",
        "put-to-dis",
        "decision-record",
        "reflection-grant",
        "stay-add",
        "offer-add",
        "contact-person",
        "return-plan-submit",
        "police-report",
    ]

    #: Under assessment, the process does not yet allow these (docs/web.md#next-step): 409, not 404.
    NOT_YET = {"decision-record", "reflection-grant", "return-plan-submit"}

    def test_the_centre_reaches_every_case_page(self):
        for user in [self.caseworker, self.manager]:
            self.login(user)
            for name in self.CASE_PAGES:
                with self.subTest(user=user.username, page=name):
                    expected = 409 if name in self.NOT_YET else 200
                    self.assertEqual(self.client.get(self.url(name, self.case.code)).status_code, expected)

    def test_others_get_404_on_every_case_page(self):
        users = [self.outsider_caseworker, self.analyst, self.ngo_referrer, self.return_officer, self.outreach_worker]
        for user in [*users, self.immigration_officer, self.admin]:
            self.login(user)
            for name in self.CASE_PAGES:
                with self.subTest(user=user.username, page=name):
                    self.assertEqual(self.client.get(self.url(name, self.case.code)).status_code, 404)
                    self.assertEqual(self.client.post(self.url(name, self.case.code), {}).status_code, 404)

    def test_dis_reaches_only_its_own_pages_of_a_case_put_to_it(self):
        services.case_put_to_dis(actor=self.caseworker, case=self.case, on=ON)
        self.login(self.immigration_officer)
        for name in self.CASE_PAGES:
            with self.subTest(page=name):
                expected = 200 if name in {"case-detail", "assessment-record"} else 404
                expected = 409 if name in {"decision-record", "reflection-grant"} else expected
                self.assertEqual(self.client.get(self.url(name, self.case.code)).status_code, expected)


class AssessmentTests(CaseworkTestCase):
    def data(self, **overrides):
        data = {
            "interview_on": "2026-03-03",
            "referrer_org": "Reden International",
            "referrer_type": "ngo",
            "act": "yes",
            "means": "yes",
            "purpose": "unknown",
            "recommendation": "identify",
            "outcome": "put_to_decision",
            "retrafficking_risks": ["debt_demanded"],
            "ind_deceived": "yes",
            "note_deceived": "lovet arbejde som servitrice",
            "ind_debt": "yes",
        }
        for code in ["travel_arranged", "documents_withheld", "false_documents", "isolated", "poor_conditions"]:
            data[f"ind_{code}"] = "unknown"
        for code in ["no_pay", "violence", "no_medical_care", "fears_authorities"]:
            data[f"ind_{code}"] = "no"
        return data | overrides

    def test_it_records_the_checklist_and_puts_the_case_to_decision(self):
        response = self.post(self.caseworker, "assessment-record", [self.case.code], self.data())
        self.assertRedirects(response, self.url("case-detail", self.case.code))
        assessment = self.case.assessments.get()
        self.assertEqual(assessment.indicators["deceived"], "yes")
        self.assertEqual(assessment.indicators["violence"], "no")
        self.assertEqual((assessment.act, assessment.purpose), ("yes", "unknown"))
        self.assertEqual(assessment.retrafficking_risks, ["debt_demanded"])
        self.case.refresh_from_db()
        self.assertEqual(self.case.status, CaseStatus.DECISION_PENDING)

    def test_a_pending_outcome_keeps_the_assessment_open_and_the_next_visit_continues_it(self):
        self.post(self.caseworker, "assessment-record", [self.case.code], self.data(outcome="pending"))
        response = self.client.get(self.url("assessment-record", self.case.code))
        self.assertContains(response, 'id="id_ind_deceived_0" required checked')
        self.post(
            self.caseworker, "assessment-record", [self.case.code], self.data(version="1", interview_on="2026-03-05")
        )
        assessment = self.case.assessments.get()
        self.assertEqual(assessment.interviews.count(), 2)
        self.assertEqual(assessment.outcome, "put_to_decision")

    def test_an_error_keeps_everything_typed(self):
        response = self.post(self.caseworker, "assessment-record", [self.case.code], self.data(interview_on=""))
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'role="alert"', status_code=400)
        self.assertContains(response, 'href="#id_interview_on"', status_code=400)
        self.assertContains(response, "lovet arbejde som servitrice", status_code=400)
        self.assertContains(response, 'value="Reden International"', status_code=400)
        self.assertFalse(self.case.assessments.exists())

    def test_a_stale_version_shows_the_conflict_page_and_reapplying_saves(self):
        self.post(self.caseworker, "assessment-record", [self.case.code], self.data(outcome="pending"))
        # Someone else adds an interview meanwhile (the assessment is now at version 2).
        assessment = self.case.assessments.get()
        services.assessment_record(
            actor=self.manager,
            case=self.case,
            interview_on=ON,
            assessment=assessment,
            version=1,
            indicators={"violence": "yes"},
        )
        response = self.post(self.caseworker, "assessment-record", [self.case.code], self.data(version="1"))
        self.assertEqual(response.status_code, 409)
        page = response.content.decode()
        self.assertIn("Gemt version", page)
        self.assertIn("Din indtastning", page)
        self.assertIn('name="version" value="2"', page)
        assessment.refresh_from_db()
        self.assertEqual(assessment.indicators["violence"], "yes")  # nothing overwritten
        # The user chooses to re-apply their input on top of the stored version.
        response = self.post(self.caseworker, "assessment-record", [self.case.code], self.data(version="2"))
        self.assertRedirects(response, self.url("case-detail", self.case.code))
        assessment.refresh_from_db()
        self.assertEqual(assessment.indicators["violence"], "no")


class DecisionTests(CaseworkTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.unlawful = make_pending_case(cls.caseworker, make_person(cls.caseworker, residence_status="unlawful"))

    def test_it_preselects_the_competent_authority(self):
        self.login(self.caseworker)
        response = self.client.get(self.url("decision-record", self.unlawful.code))
        self.assertRegex(response.content.decode(), r'name="authority" value="dis"[^>]* checked')
        self.assertContains(response, "Kompetent myndighed efter personens opholdsgrundlag: Udlændingestyrelsen")

    def test_the_reason_field_appears_only_for_another_authority(self):
        self.login(self.caseworker)
        self.assertNotContains(self.client.get(self.url("decision-record", self.unlawful.code)), "id_exception_reason")
        partial = self.url("decision-exception", self.unlawful.code)
        self.assertContains(self.client.get(partial, {"authority": "cmm"}), 'name="exception_reason"')
        self.assertNotContains(self.client.get(partial, {"authority": "dis"}), 'name="exception_reason"')
        self.login(self.outsider_caseworker)
        self.assertEqual(self.client.get(partial, {"authority": "cmm"}).status_code, 404)

    def test_another_authority_needs_a_reason(self):
        data = {"authority": "cmm", "decided_on": "2026-03-10", "identified": "yes"}
        response = self.post(self.caseworker, "decision-record", [self.unlawful.code], data)
        self.assertContains(response, "ikke kompetent myndighed", status_code=400)
        self.assertContains(response, 'name="exception_reason"', status_code=400)
        self.assertFalse(self.unlawful.decisions.exists())
        response = self.post(
            self.caseworker, "decision-record", [self.unlawful.code], data | {"exception_reason": "retssag"}
        )
        self.assertRedirects(response, self.url("case-detail", self.unlawful.code))
        self.unlawful.refresh_from_db()
        self.assertEqual(self.unlawful.status, CaseStatus.IDENTIFIED)


class DisTests(CaseworkTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.unlawful = make_case(cls.caseworker, make_person(cls.caseworker, residence_status="unlawful"))

    def test_a_caseworker_puts_a_case_to_dis_and_dis_sees_it_in_its_list(self):
        response = self.post(self.caseworker, "put-to-dis", [self.unlawful.code], {"on": "2026-03-04"})
        self.assertRedirects(response, self.url("case-detail", self.unlawful.code))
        self.login(self.immigration_officer)
        page = self.client.get(self.url("dis-list")).content.decode()
        self.assertIn(self.unlawful.number, page)
        self.assertNotIn(self.case.number, page)

    def test_dis_decides_and_grants_reflection_only_as_dis(self):
        self.unlawful = make_pending_case(self.caseworker, make_person(self.caseworker, residence_status="unlawful"))
        services.case_put_to_dis(actor=self.caseworker, case=self.unlawful, on=ON)
        self.login(self.immigration_officer)
        response = self.client.get(self.url("decision-record", self.unlawful.code))
        self.assertNotContains(response, 'value="cmm"')
        data = {
            "authority": "dis",
            "decided_on": "2026-03-10",
            "identified": "yes",
            "primary_exploitation": "forced_labour",
        }
        response = self.client.post(self.url("decision-record", self.unlawful.code), data)
        self.assertRedirects(response, self.url("case-detail", self.unlawful.code))
        response = self.client.post(
            self.url("reflection-grant", self.unlawful.code), {"granted_by": "cmm", "starts_on": "2026-03-10"}
        )
        self.assertEqual(response.status_code, 400)
        response = self.client.post(
            self.url("reflection-grant", self.unlawful.code), {"granted_by": "dis", "starts_on": "2026-03-10"}
        )
        self.assertRedirects(response, self.url("case-detail", self.unlawful.code))
        self.assertEqual(self.unlawful.reflection_periods.get().granted_by, "dis")

    def test_the_dis_list_is_404_for_everyone_else(self):
        for user in [self.caseworker, self.outsider_caseworker, self.return_officer, self.analyst]:
            self.login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(self.url("dis-list")).status_code, 404)


class ReflectionTests(CaseworkTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.identified = make_identified_case(cls.caseworker)
        cls.period = services.reflection_grant(
            actor=cls.caseworker, case=cls.identified, granted_by="cmm", starts_on=date(2026, 3, 10)
        )

    def extend_url(self):
        return self.url("reflection-extend", self.identified.code, self.period.code)

    def test_it_shows_the_days_used_and_how_far_it_can_go(self):
        self.login(self.caseworker)
        response = self.client.get(self.extend_url())
        self.assertContains(response, "30 dage")
        self.assertContains(response, "8. juli 2026")  # 10 March + 120 days
        self.assertContains(response, "90 dage mere")

    def test_it_extends_and_refuses_past_120_days_keeping_the_input(self):
        self.login(self.caseworker)
        data = {"until": "2026-07-09", "reason": "testimony", "version": "1"}
        response = self.client.post(self.extend_url(), data)
        self.assertContains(response, "højst vare 120 dage", status_code=400)
        self.assertContains(response, 'value="2026-07-09"', status_code=400)
        # The field the service refused points to its message (aria), like a form error would.
        self.assertRegex(response.content.decode(), r'<input[^>]*aria-invalid="true"[^>]*id="id_until"')
        response = self.client.post(self.extend_url(), data | {"until": "2026-07-08"})
        self.assertRedirects(response, self.url("case-detail", self.identified.code))
        self.period.refresh_from_db()
        self.assertEqual(self.period.ends_on, date(2026, 7, 8))

    def test_a_concurrent_extension_is_a_conflict(self):
        services.reflection_extend(
            actor=self.manager, period=self.period, until=date(2026, 5, 1), reason="treatment", version=1
        )
        self.login(self.caseworker)
        response = self.client.post(self.extend_url(), {"until": "2026-06-01", "reason": "testimony", "version": "1"})
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "1. maj 2026", status_code=409)

    def test_another_cases_period_is_404(self):
        other = make_identified_case(self.caseworker)
        self.login(self.caseworker)
        response = self.client.get(self.url("reflection-extend", other.code, self.period.code))
        self.assertEqual(response.status_code, 404)


class SupportAndConsentTests(CaseworkTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.identified = make_identified_case(cls.caseworker)

    def test_a_shelter_stay_needs_consent_and_then_goes_through(self):
        data = {"type": "reden_crisis_centre", "from_on": "2026-03-11"}
        response = self.post(self.caseworker, "stay-add", [self.identified.code], data)
        self.assertContains(response, "samtykke", status_code=400)
        consent = {"purpose": "referral", "answer": "given", "answered_on": "2026-03-11"}
        response = self.post(self.caseworker, "consent-record", [self.identified.person.code], consent)
        self.assertRedirects(response, self.url("person-detail", self.identified.person.code))
        response = self.post(self.caseworker, "stay-add", [self.identified.code], data)
        self.assertRedirects(response, self.url("case-detail", self.identified.code))
        self.assertEqual(self.identified.stays.get().type, "reden_crisis_centre")

    def test_a_caseworker_cannot_override_missing_consent(self):
        data = {"type": "other_shelter", "from_on": "2026-03-11", "consent_override_reason": "akut"}
        response = self.post(self.caseworker, "stay-add", [self.identified.code], data)
        self.assertContains(response, "Du har ikke ret", status_code=400)
        response = self.post(self.manager, "stay-add", [self.identified.code], data)
        self.assertEqual(response.status_code, 302)

    def test_offer_contact_person_and_status_override(self):
        self.post(self.caseworker, "offer-add", [self.identified.code], {"kind": "legal_aid", "given_on": "2026-03-12"})
        self.assertEqual(self.identified.offers.get().kind, "legal_aid")
        self.post(self.caseworker, "contact-person", [self.identified.code], {"contact_person": self.manager.pk})
        self.identified.refresh_from_db()
        self.assertEqual(self.identified.contact_person, self.manager)
        response = self.post(
            self.caseworker,
            "status-override",
            [self.identified.person.code],
            {"as_of": "2026-12-31", "status": "other"},
        )
        self.assertEqual(response.status_code, 400)  # a reason is required
        data = {"as_of": "2026-12-31", "status": "residence_granted", "reason": "opholdstilladelse givet"}
        self.post(self.caseworker, "status-override", [self.identified.person.code], data)
        self.assertEqual(self.identified.person.statuses.get().status, "residence_granted")

    def test_person_forms_are_404_for_others(self):
        for user in [self.outsider_caseworker, self.analyst, self.immigration_officer]:
            self.login(user)
            for name in ["consent-record", "status-override"]:
                with self.subTest(user=user.username, page=name):
                    self.assertEqual(self.client.get(self.url(name, self.person.code)).status_code, 404)

    def test_police_report_in_the_persons_name_needs_consent(self):
        data = {
            "filed_on": "2026-03-20",
            "filed_by": "person_assisted",
            "legal_basis": "262a",
            "police_district": "Københavns Politi",
            "copy_to_focus_unit": "on",
        }
        response = self.post(self.caseworker, "police-report", [self.identified.code], data)
        self.assertContains(response, "samtykke", status_code=400)
        make_consent(self.caseworker, self.identified.person, ConsentPurpose.POLICE_REPORT)
        response = self.post(self.caseworker, "police-report", [self.identified.code], data)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.identified.police_reports.get().legal_basis, "262a")


class ReturnTests(CaseworkTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.identified = make_identified_case(cls.caseworker)
        make_consent(cls.caseworker, cls.identified.person)

    def plan_data(self, **overrides):
        data = {
            "applied_on": "2026-04-01",
            "destination": "TH",
            "in_kind_dkk": "1000",
            "cash_dkk": "500",
        }
        return data | overrides

    def test_the_live_budget_check_names_the_rate_exceeded(self):
        self.login(self.caseworker)
        url = self.url("return-budget", self.identified.code)
        response = self.client.post(url, self.plan_data(cash_dkk="9999999"))
        self.assertContains(response, "overstiger satsen")
        response = self.client.post(url, self.plan_data())
        self.assertContains(response, "inden for satserne")
        response = self.client.post(url, self.plan_data(applied_on=""))
        self.assertNotContains(response, "satserne")

    def test_an_over_budget_plan_is_refused_with_the_input_kept(self):
        response = self.post(
            self.caseworker, "return-plan-submit", [self.identified.code], self.plan_data(cash_dkk="9999999")
        )
        self.assertContains(response, "overstiger satsen", status_code=400)
        self.assertContains(response, 'value="9999999"', status_code=400)
        self.assertFalse(self.identified.return_plans.exists())

    def test_plan_approve_and_depart(self):
        response = self.post(self.caseworker, "return-plan-submit", [self.identified.code], self.plan_data())
        self.assertRedirects(response, self.url("case-detail", self.identified.code))
        plan = self.identified.return_plans.get()
        self.login(self.return_officer)
        self.assertContains(self.client.get(self.url("return-list")), self.identified.number)
        self.assertContains(self.client.get(self.url("return-detail", plan.code)), "Thailand")
        response = self.client.post(
            self.url("return-decide", plan.code), {"approve": "yes", "on": "2026-04-10", "version": "1"}
        )
        self.assertRedirects(response, self.url("return-detail", plan.code))
        response = self.client.post(self.url("return-depart", plan.code), {"departed_on": "2026-04-20"})
        self.assertRedirects(response, self.url("return-detail", plan.code))
        plan.refresh_from_db()
        self.assertEqual((plan.status, plan.reintegration_ends_on), (ReturnStatus.DEPARTED, date(2027, 4, 20)))

    def test_a_decision_on_a_plan_changed_meanwhile_is_a_conflict(self):
        plan = services.return_plan_submit(
            actor=self.caseworker, case=self.identified, applied_on=ON, destination="TH", in_kind_dkk=1, cash_dkk=1
        )
        self.login(self.return_officer)
        form = self.client.get(self.url("return-decide", plan.code))
        self.assertContains(form, 'name="version" value="1"')
        services.return_plan_decide(actor=self.return_officer, plan=plan, approve=False, on=ON)
        response = self.client.post(
            self.url("return-decide", plan.code), {"approve": "yes", "on": "2026-04-10", "version": "1"}
        )
        self.assertContains(response, "Ændret af en anden", status_code=409)
        self.assertContains(response, "afvist", status_code=409)  # the stored status, beside the user's "ja"
        plan.refresh_from_db()
        self.assertEqual(plan.status, ReturnStatus.REJECTED)

    def test_return_pages_are_404_for_others(self):
        plan = services.return_plan_submit(
            actor=self.caseworker, case=self.identified, applied_on=ON, destination="TH", in_kind_dkk=1, cash_dkk=1
        )
        for user in [self.outsider_caseworker, self.analyst, self.immigration_officer, self.ngo_referrer]:
            self.login(user)
            for name, args in [("return-list", []), ("return-detail", [plan.code]), ("return-decide", [plan.code])]:
                with self.subTest(user=user.username, page=name):
                    self.assertEqual(self.client.get(self.url(name, *args)).status_code, 404)
        self.login(self.caseworker)  # the centre sees the plan but does not decide it
        self.assertEqual(self.client.get(self.url("return-decide", plan.code)).status_code, 404)
        self.assertEqual(self.client.get(self.url("return-detail", plan.code)).status_code, 200)


class CaseOpenTests(CaseworkTestCase):
    def test_it_opens_a_case_from_an_inquiry_for_one_of_its_persons(self):
        person = make_person(self.caseworker, given="Anan", family="Chai")
        inquiry = services.inquiry_register(
            actor=self.caseworker,
            received_on=timezone.localdate() - timedelta(days=1),
            channel="hotline",
            sender_type="ngo",
            persons=[person],
        )
        self.login(self.caseworker)
        page = self.client.get(self.url("case-open", inquiry.code)).content.decode()
        self.assertIn(person.key, page)
        self.assertNotIn("Chai", page)
        response = self.client.post(
            self.url("case-open", inquiry.code), {"person": person.pk, "opened_on": "2026-03-02"}
        )
        case = person.cases.get()
        self.assertRedirects(response, self.url("case-detail", case.code))
        inquiry.refresh_from_db()
        self.assertEqual(inquiry.case, case)
        self.assertNotContains(
            self.client.get(self.url("person-detail", person.code)), self.url("case-open", inquiry.code)
        )
        self.login(self.outsider_caseworker)
        self.assertEqual(self.client.get(self.url("case-open", inquiry.code)).status_code, 404)
