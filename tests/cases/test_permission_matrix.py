"""Every role against every service and selector, on a case it may and may not see (docs/architecture.md#rules).

Services refuse with PermissionDenied; selectors answer NotFound for what the actor may not see,
so a foreign object is indistinguishable from a missing one.
"""

from datetime import date

from django.core.exceptions import PermissionDenied

from spor.cases import selectors, services
from spor.common.errors import NotFound
from spor.people import selectors as people_selectors
from spor.people import services as people
from spor.people.models import Person
from tests.base import SporTestCase
from tests.make import make_consent, make_identified_case, make_person

ROLES = [
    "caseworker",
    "manager",
    "analyst",
    "police_referrer",
    "ngo_referrer",
    "immigration_officer",
    "return_officer",
    "outreach_worker",
    "outsider_caseworker",
    "admin",
]


class PermissionMatrixTests(SporTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.case = make_identified_case(cls.caseworker)  # lawful residence: CMM's, not put to DIS
        cls.dis_case = make_identified_case(cls.caseworker, make_person(cls.caseworker, residence_status="unlawful"))
        services.case_put_to_dis(actor=cls.caseworker, case=cls.dis_case, on=date(2026, 3, 2))
        make_consent(cls.caseworker, cls.case.person)
        cls.plan = services.return_plan_submit(
            actor=cls.caseworker,
            case=cls.case,
            applied_on=date(2026, 4, 1),
            destination="TH",
            in_kind_dkk=1,
            cash_dkk=1,
        )
        cls.referral, _ = services.referral_submit(actor=cls.police_referrer, sender_type="police", summary="x")

    def allowed(self, call) -> bool:
        try:
            call()
        except (PermissionDenied, NotFound):
            return False
        return True

    def check(self, name, expected: set[str], call):
        for role in ROLES:
            with self.subTest(action=name, role=role):
                self.assertEqual(self.allowed(lambda r=role: call(getattr(self, r))), role in expected)

    def test_it_gates_reading_a_case(self):
        self.check("case", {"caseworker", "manager"}, lambda u: selectors.case_get_for(actor=u, code=self.case.code))
        self.check(
            "dis_case",
            {"caseworker", "manager", "immigration_officer"},
            lambda u: selectors.case_get_for(actor=u, code=self.dis_case.code),
        )

    def test_it_gates_reading_an_identity(self):
        self.check(
            "identity",
            {"caseworker", "manager"},
            lambda u: people_selectors.person_identity_for(actor=u, person=self.case.person),
        )
        self.check(
            "dis_identity",
            {"caseworker", "manager", "immigration_officer"},
            lambda u: people_selectors.person_identity_for(actor=u, person=self.dis_case.person),
        )

    def test_it_gates_a_referrers_own_referral(self):
        self.check(
            "referral",
            {"caseworker", "manager", "police_referrer"},
            lambda u: selectors.inquiry_get_for(actor=u, code=self.referral.code),
        )

    def test_it_gates_the_return_plan(self):  # read access; deciding is in test_it_gates_the_rest
        self.check(
            "plan",
            {"caseworker", "manager", "return_officer"},
            lambda u: selectors.return_plan_get_for(actor=u, code=self.plan.code),
        )

    def test_it_gates_registering_and_referring(self):
        self.check(
            "register",
            {"caseworker", "manager"},
            lambda u: services.inquiry_register(
                actor=u, received_on=date(2026, 1, 5), channel="hotline", sender_type="self"
            ),
        )
        self.check(
            "refer",
            {"police_referrer", "ngo_referrer", "outsider_caseworker"},
            lambda u: services.referral_submit(actor=u, sender_type="ngo", summary="s"),
        )

    def test_it_gates_decisions_and_reflection(self):
        self.check(
            "decide_dis",
            {"caseworker", "manager", "immigration_officer"},
            lambda u: services.decision_record(
                actor=u, case=self.dis_case, authority="dis", decided_on=date(2026, 4, 1), identified=True
            ),
        )
        self.check(
            "decide_cmm_case",
            {"caseworker", "manager"},
            lambda u: services.decision_record(
                actor=u, case=self.case, authority="cmm", decided_on=date(2026, 4, 1), identified=True
            ),
        )
        self.check(
            "reflection_dis",
            {"caseworker", "manager", "immigration_officer"},
            lambda u: services.reflection_grant(
                actor=u, case=self.dis_case, granted_by="dis", starts_on=date(2026, 4, 2)
            ),
        )

    def test_it_gates_support_police_and_returns(self):
        self.check(
            "offer",
            {"caseworker", "manager"},
            lambda u: services.offer_add(actor=u, case=self.case, kind="legal_aid", given_on=date(2026, 4, 1)),
        )
        self.check(
            "police",
            {"caseworker", "manager"},
            lambda u: services.police_report_file(
                actor=u,
                case=self.case,
                filed_on=date(2026, 4, 1),
                filed_by="cmm",
                anonymous=True,
                legal_basis="262a",
                police_district="Fyns Politi",
            ),
        )
        self.check(
            "assign",
            {"manager"},
            lambda u: services.inquiry_assign(actor=u, inquiry=self.referral, assignee=self.caseworker),
        )

    def test_it_gates_the_person_record(self):
        person = self.case.person
        self.check(
            "consent",
            {"caseworker", "manager"},
            lambda u: people.consent_record(
                actor=u, person=person, purpose="research", answer="given", answered_on=date(2026, 4, 1)
            ),
        )
        self.check(
            "child",
            {"caseworker", "manager"},
            lambda u: people.child_add(actor=u, person=person, birth_year=2020),
        )
        self.check(
            "status",
            {"caseworker", "manager"},
            lambda u: services.status_override(
                actor=u, person=person, as_of=date(2026, 5, 1), status="receiving_support", reason="r"
            ),
        )
        self.check(
            "update",
            {"caseworker", "manager"},
            lambda u: people.person_update(
                actor=u, person=person, version=Person.objects.get(pk=person.pk).version, gender="female"
            ),
        )
        self.check(
            "erase",
            {"manager"},
            lambda u: people.person_erase(actor=u, person=make_person(self.caseworker)),
        )
        self.check(
            "merge",
            {"caseworker", "manager"},
            lambda u: people.person_merge(
                actor=u, keep=make_person(self.caseworker), duplicate=make_person(self.caseworker)
            ),
        )

    def test_it_gates_the_rest_of_the_process(self):
        self.check(
            "open",
            {"caseworker", "manager"},
            lambda u: services.case_open(actor=u, person=self.case.person, opened_on=date(2026, 6, 1)),
        )
        self.check(
            "assess",
            {"caseworker", "manager"},
            lambda u: services.assessment_record(actor=u, case=self.case, interview_on=date(2026, 3, 3)),
        )
        self.check(
            "assess_dis",
            {"caseworker", "manager", "immigration_officer"},
            lambda u: services.assessment_record(
                actor=u, case=self.dis_case, interview_on=date(2026, 3, 3), assessed_by="dis"
            ),
        )
        self.check(
            "put_to_dis",
            {"caseworker", "manager"},
            lambda u: services.case_put_to_dis(actor=u, case=self.case, on=date(2026, 3, 3)),
        )
        self.check(
            "stay",
            {"caseworker", "manager"},
            lambda u: services.stay_add(actor=u, case=self.case, type="private", from_on=date(2026, 4, 1)),
        )
        self.check(
            "decide_return",
            {"return_officer"},
            lambda u: services.return_plan_decide(actor=u, plan=self.plan, approve=False, on=date(2026, 4, 2)),
        )


class ReferralTests(SporTestCase):
    def test_it_never_makes_two_inquiries_for_one_idempotency_key(self):
        first, created = services.referral_submit(
            actor=self.ngo_referrer, sender_type="ngo", summary="s", idempotency_key="k-1"
        )
        again, created_again = services.referral_submit(
            actor=self.ngo_referrer, sender_type="ngo", summary="s", idempotency_key="k-1"
        )
        self.assertEqual((first.pk, created, created_again), (again.pk, True, False))
