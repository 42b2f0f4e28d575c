"""Children and unaccompanied minors through the services and selectors (docs/definitions.md#children)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError

from spor.audit.models import ReadLog
from spor.cases import selectors, services
from spor.cases.models import ChildViews
from spor.common.errors import NotFound
from spor.people import services as people
from spor.people.ages import age_on, is_child_on
from tests.base import SporTestCase
from tests.make import make_case, make_consent, make_identified_case, make_pending_case, make_person

OPENED = date(2026, 3, 2)


class ChildMarkerTests(SporTestCase):
    def test_it_marks_a_child_by_birth_date_birth_year_or_estimate(self):
        by_date = make_person(self.caseworker, birth_date=date(2012, 7, 1))
        by_year = make_person(self.caseworker, birth_year=2011)
        by_estimate = make_person(self.caseworker, estimated_age=15, age_estimated_on=date(2026, 1, 10))
        adult = make_person(self.caseworker, birth_year=1990)
        unknown = make_person(self.caseworker)
        day = date(2026, 6, 1)
        self.assertEqual(
            [is_child_on(p, day) for p in (by_date, by_year, by_estimate, adult, unknown)],
            [True, True, True, False, None],
        )
        self.assertEqual(age_on(by_estimate, date(2029, 1, 10)), 18)  # the estimate ages with time

    def test_it_flags_a_child_who_turns_18_during_the_case(self):
        person = make_person(self.caseworker, birth_date=date(2008, 6, 15))
        case = make_case(self.caseworker, person, opened_on=OPENED)
        self.assertEqual(selectors.case_child_marker(case, date(2026, 6, 14)), "child")
        self.assertEqual(selectors.case_child_marker(case, date(2026, 6, 15)), "turned_18")
        adult_case = make_case(self.caseworker, make_person(self.caseworker, birth_year=1990))
        self.assertEqual(selectors.case_child_marker(adult_case, date(2026, 6, 15)), "")

    def test_it_stores_the_age_at_the_decision_from_an_estimate(self):
        person = make_person(self.caseworker, estimated_age=16, age_estimated_on=date(2026, 1, 10))
        case = make_identified_case(self.caseworker, person, on=OPENED)
        self.assertEqual(case.decisions.get().age_at_decision, 16)

    def test_it_refuses_an_estimate_out_of_range(self):
        with self.assertRaises(ValidationError) as caught:
            make_person(self.caseworker, estimated_age=130)
        self.assertIn("estimated_age", caught.exception.message_dict)


class UnaccompaniedMinorTests(SporTestCase):
    def child_case(self):
        person = make_person(self.caseworker, birth_date=date(2011, 2, 1))
        return make_pending_case(self.caseworker, person, on=OPENED)

    def decide(self, case, **extra):
        return services.decision_record(
            actor=self.caseworker,
            case=case,
            authority="cmm",
            decided_on=date(2026, 4, 1),
            identified=True,
            primary_exploitation="criminal",
            **extra,
        )

    def test_it_refuses_a_decision_without_a_representative_then_records_it_with_one(self):
        case = self.child_case()
        services.unaccompanied_record(actor=self.caseworker, case=case, municipality="101")
        with self.assertRaises(ValidationError) as caught:
            self.decide(case)
        self.assertIn("representative", caught.exception.message_dict)
        self.assertFalse(case.decisions.exists())  # nothing half-written
        services.unaccompanied_record(
            actor=self.caseworker,
            case=case,
            representative_name="Mette Holm",
            representative_org="Røde Kors",
            municipality="101",
            notified_on=date(2026, 3, 5),
            version=1,
        )
        decision = self.decide(case, child_views="Jeg vil gerne blive i skolen.")
        views = ChildViews.objects.get(decision=decision)
        self.assertEqual(views.views, "Jeg vil gerne blive i skolen.")
        self.assertNotIn("skolen", views.views_ct)  # encrypted at rest
        self.assertEqual(decision.age_at_decision, 15)

    def test_it_refuses_a_return_plan_without_a_representative(self):
        case = self.child_case()
        services.unaccompanied_record(actor=self.caseworker, case=case, municipality="751")
        services.unaccompanied_record(actor=self.caseworker, case=case, representative_name="R", municipality="751")
        self.decide(case)
        services.unaccompanied_record(actor=self.caseworker, case=case, municipality="751")  # representative gone
        make_consent(self.caseworker, case.person)
        case.refresh_from_db()
        with self.assertRaises(ValidationError) as caught:
            services.return_plan_submit(
                actor=self.caseworker,
                case=case,
                applied_on=date(2026, 4, 2),
                destination="TH",
                in_kind_dkk=0,
                cash_dkk=0,
            )
        self.assertIn("representative", caught.exception.message_dict)

    def test_it_needs_no_representative_once_the_child_is_18(self):
        person = make_person(self.caseworker, birth_date=date(2008, 3, 20))
        case = make_pending_case(self.caseworker, person, on=OPENED)
        services.unaccompanied_record(actor=self.caseworker, case=case)
        self.decide(case)  # 1 April 2026: 18 since 20 March
        self.assertEqual(selectors.case_child_marker(case, date(2026, 4, 1)), "turned_18")

    def test_it_refuses_an_adult_a_bad_municipality_and_an_early_notification(self):
        adult_case = make_case(self.caseworker, make_person(self.caseworker, birth_year=1995))
        with self.assertRaises(ValidationError) as caught:
            services.unaccompanied_record(actor=self.caseworker, case=adult_case)
        self.assertIn("unaccompanied", caught.exception.message_dict)
        case = self.child_case()
        with self.assertRaises(ValidationError) as caught:
            services.unaccompanied_record(
                actor=self.caseworker, case=case, municipality="999", notified_on=date(2026, 1, 1)
            )
        self.assertEqual(set(caught.exception.message_dict), {"municipality", "notified_on"})

    def test_it_refuses_views_for_an_adult(self):
        case = make_pending_case(self.caseworker, make_person(self.caseworker, birth_year=1990), on=OPENED)
        with self.assertRaises(ValidationError) as caught:
            self.decide(case, child_views="x")
        self.assertIn("child_views", caught.exception.message_dict)


class RepresentativeAccessTests(SporTestCase):
    """Who sees a child's representative: the centre; DIS on a case put to it; the return agency
    only where a plan needs it; a referrer nothing."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        person = make_person(cls.caseworker, birth_date=date(2012, 1, 1), residence_status="asylum_seeker")
        cls.case = make_pending_case(cls.caseworker, person, on=OPENED)
        services.unaccompanied_record(
            actor=cls.caseworker, case=cls.case, representative_name="Mette Holm", municipality="461"
        )

    def see(self, user):
        try:
            view = selectors.unaccompanied_for(actor=user, case=self.case)
        except NotFound:
            return None
        return view.representative_name if view else ""

    def test_it_shows_the_representative_to_the_centre_and_logs_the_read(self):
        self.assertEqual(self.see(self.caseworker), "Mette Holm")
        self.assertTrue(ReadLog.objects.filter(person_code=str(self.case.person.code), fields="representative"))

    def test_it_hides_it_from_a_referrer_an_analyst_and_dis_before_the_case_is_put_to_it(self):
        for user in (self.police_referrer, self.analyst, self.immigration_officer, self.outsider_caseworker):
            with self.subTest(user=user.username):
                self.assertIsNone(self.see(user))
        services.case_put_to_dis(actor=self.caseworker, case=self.case, on=OPENED)
        self.assertEqual(self.see(self.immigration_officer), "Mette Holm")

    def test_it_shows_it_to_the_return_agency_only_with_a_plan_that_needs_it(self):
        self.assertIsNone(self.see(self.return_officer))
        services.case_put_to_dis(actor=self.caseworker, case=self.case, on=OPENED)
        services.decision_record(
            actor=self.immigration_officer,
            case=self.case,
            authority="dis",
            decided_on=date(2026, 4, 1),
            identified=True,
        )
        make_consent(self.caseworker, self.case.person)
        self.case.refresh_from_db()
        services.return_plan_submit(
            actor=self.caseworker,
            case=self.case,
            applied_on=date(2026, 4, 2),
            destination="TH",
            in_kind_dkk=0,
            cash_dkk=0,
        )
        self.assertEqual(self.see(self.return_officer), "Mette Holm")
        self.assertIsNone(self.see(self.police_referrer))


class ChildrenOfAVictimTests(SporTestCase):
    def test_it_refuses_to_remove_a_child_travelling_with_a_plan(self):
        case = make_identified_case(self.caseworker, make_person(self.caseworker, birth_year=1990))
        child = people.child_add(actor=self.caseworker, person=case.person, birth_year=2019)
        spare = people.child_add(actor=self.caseworker, person=case.person, birth_year=2021)
        make_consent(self.caseworker, case.person)
        services.return_plan_submit(
            actor=self.caseworker,
            case=case,
            applied_on=date(2026, 4, 2),
            destination="TH",
            in_kind_dkk=0,
            cash_dkk=0,
            travelling_children=[child.code],
        )
        with self.assertRaises(ValidationError):
            people.child_remove(actor=self.caseworker, child=child)
        people.child_remove(actor=self.caseworker, child=spare)
        self.assertEqual(list(case.person.children.all()), [child])


class ChildErasureTests(SporTestCase):
    def test_erasure_empties_the_representative_and_the_childs_views(self):
        case = make_pending_case(self.caseworker, make_person(self.caseworker, birth_year=2012), on=OPENED)
        services.unaccompanied_record(
            actor=self.caseworker, case=case, representative_name="Mette", representative_org="X"
        )
        services.decision_record(
            actor=self.caseworker,
            case=case,
            authority="cmm",
            decided_on=date(2026, 4, 1),
            identified=True,
            child_views="Mit navn er Minh.",
        )
        people.person_erase(actor=self.manager, person=case.person)
        record = case.unaccompanied.__class__.objects.get(case=case)
        self.assertEqual((record.representative_name_ct, record.representative_org_ct), ("", ""))
        self.assertEqual(ChildViews.objects.get(decision__case=case).views_ct, "")
        for history in (record.history.all(), ChildViews.history.all()):
            self.assertFalse(any(getattr(h, f, "") for h in history for f in ("representative_name_ct", "views_ct")))
