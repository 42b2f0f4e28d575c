"""Every role against every service and selector, on a case it may and may not see (docs/architecture.md#rules).

Services refuse with PermissionDenied; selectors answer NotFound for what the actor may not see,
so a foreign object is indistinguishable from a missing one.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from spor.casefiles import selectors as casefile_selectors
from spor.casefiles import services as casefiles
from spor.cases import selectors, services
from spor.cases.actions import case_actions
from spor.cases.models import Reconsideration
from spor.cases.services import rights
from spor.common.errors import Conflict, NotFound
from spor.people import selectors as people_selectors
from spor.people import services as people
from spor.people.models import Person
from spor.tasks import services as task_services
from tests.base import SporTestCase
from tests.cases.test_rights import rights_service_writes
from tests.make import make_consent, make_dis_case, make_identified_case, make_person

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
STAFF = {"caseworker", "manager"}
REFERRERS = {"police_referrer", "ngo_referrer", "outsider_caseworker"}  # charlie: a referrer elsewhere


def _writes(module: Any, names: list[str]) -> set[str]:
    """The services among `names`: the functions wrapped by `@service`."""
    return {name for name in names if hasattr(getattr(module, name), "__wrapped__")}


#: Every write service of the referral process and the person record; the matrix must cover each.
WRITE_SERVICES = (
    _writes(services, services.__all__)
    | _writes(task_services, task_services.__all__)
    | _writes(
        casefiles, [n for n in dir(casefiles) if getattr(getattr(casefiles, n), "__module__", "") == casefiles.__name__]
    )
    | _writes(people, [n for n in dir(people) if getattr(getattr(people, n), "__module__", "") == people.__name__])
    | _writes(rights, [n for n in dir(rights) if getattr(getattr(rights, n), "__module__", "") == rights.__name__])
)


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
        cls.period = services.reflection_grant(
            actor=cls.caseworker, case=cls.dis_case, granted_by="cmm", starts_on=date(2026, 3, 10)
        )
        cls.task = task_services.task_add(
            actor=cls.manager, title="t", due_on=date(2026, 6, 1), assignee=cls.caseworker, case=cls.case
        )
        # The authorities' tracks: a case DIS keeps on its own, a complex, an employer.
        cls.dis_own = make_dis_case(cls.immigration_officer)
        cls.complex = services.complex_create(actor=cls.caseworker, name="K", kind="network")
        cls.employer = services.employer_register(actor=cls.caseworker, name="E ApS")

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

    def test_it_gates_dis_own_case(self):
        """DIS reads its own case and its person; the centre reads neither (only their number)."""
        self.check(
            "dis_own", {"immigration_officer"}, lambda u: selectors.case_get_for(actor=u, code=self.dis_own.code)
        )
        self.check(
            "dis_own_person",
            {"immigration_officer"},
            lambda u: people_selectors.person_get_for(actor=u, code=self.dis_own.person.code),
        )
        self.check("complex", STAFF, lambda u: selectors.complex_get_for(actor=u, code=self.complex.code))

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

    def test_it_gates_the_case_file(self):
        """Only the case's workers; an immigration officer who sees the DIS case sees none of it."""
        for case in (self.case, self.dis_case):
            self.check("journal", STAFF, lambda u, c=case: casefile_selectors.journal_page_for(actor=u, case=c))
            self.check("documents", STAFF, lambda u, c=case: casefile_selectors.document_list_for(actor=u, case=c))

    def test_it_gates_a_referrers_own_referral(self):
        self.check(
            "referral",
            {"caseworker", "manager", "police_referrer"},
            lambda u: selectors.inquiry_get_for(actor=u, code=self.referral.code),
        )

    def test_it_gates_the_referral_data(self):
        """The referrer reads what its organisation sent; centre staff read the person fields."""
        self.check(
            "referral_view",
            {"police_referrer"},
            lambda u: selectors.referral_view_for(actor=u, code=self.referral.code),
        )
        self.check(
            "referral_person_data",
            {"caseworker", "manager"},
            lambda u: selectors.referral_person_data(actor=u, inquiry=self.referral),
        )

    def test_it_gates_the_return_plan(self):  # read access; deciding is in test_it_gates_the_rest
        self.check(
            "plan",
            {"caseworker", "manager", "return_officer"},
            lambda u: selectors.return_plan_get_for(actor=u, code=self.plan.code),
        )

    def test_it_offers_case_actions_only_to_whom_the_services_allow_them(self):
        """`case_actions` takes the services' permissions: the centre everything the state allows,
        DIS only its own steps on a case put to it, every other role nothing."""
        for role in ROLES:
            user = getattr(self, role)
            with self.subTest(role=role):
                own = {a.code for a in case_actions(case=self.fresh().case, actor=user)}
                dis = {a.code for a in case_actions(case=self.dis_case, actor=user)}
                if role in STAFF:
                    self.assertIn("close", own)
                    self.assertIn("reflection_extend", dis)
                elif role == "immigration_officer":
                    self.assertEqual((own, dis), (set(), {"reflection_extend", "expulsion"}))
                else:
                    self.assertEqual((own, dis), (set(), set()))

    def test_it_gates_every_write_service(self):
        """Every write service, on the centre's own case and on a case put to DIS (and its person)."""
        covered = set()
        for row in range(len(self.writes())):
            for role in ROLES:
                # Fresh objects for each call: a call rolled back may still have changed them in memory.
                name, target, expected, call = self.fresh().writes()[row]
                covered.add(name)
                with self.subTest(service=name, target=target, role=role):
                    with transaction.atomic():
                        allowed = self.passes_gate(lambda r=role, c=call: c(getattr(self, r)))
                        transaction.set_rollback(True)
                    self.assertEqual(allowed, role in expected)
        self.assertEqual(WRITE_SERVICES - covered, set(), "write services missing from the matrix")

    def fresh(self) -> "PermissionMatrixTests":
        for name in ("case", "dis_case", "plan", "period", "referral", "task", "dis_own", "complex"):
            obj = getattr(self, name)
            setattr(self, name, type(obj).objects.get(pk=obj.pk))
        return self

    def passes_gate(self, call: Callable[[], Any]) -> bool:
        """Whether the call got past the authority check: services check it before they validate."""
        try:
            call()
        except (PermissionDenied, NotFound):
            return False
        except (ValidationError, Conflict):
            return True
        return True

    def writes(self) -> list[tuple[str, str, set[str], Callable[[Any], Any]]]:
        """(service, target, the roles allowed, the call): 'own' is CMM's case, 'dis' the case put to DIS."""
        own, dis = self.case, self.dis_case
        rows: list[tuple[str, str, set[str], Callable[[Any], Any]]] = [
            (
                "inquiry_register",
                "-",
                STAFF,
                lambda u: services.inquiry_register(
                    actor=u, received_on=date(2026, 1, 5), channel="hotline", sender_type="self"
                ),
            ),
            (
                "referral_submit",
                "-",
                REFERRERS,
                lambda u: services.referral_submit(actor=u, sender_type="ngo", summary="s"),
            ),
            (
                "screening_refer",
                "-",
                {"outreach_worker"},
                lambda u: services.screening_refer(
                    actor=u,
                    evidence=services.ScreeningEvidence(network_id="N-1", ads=[("site", "1")], phones=[], reasons=[]),
                    idempotency_key="matrix",
                ),
            ),
            (
                "inquiry_assign",
                "referral",
                {"manager"},
                lambda u: services.inquiry_assign(actor=u, inquiry=self.referral, assignee=self.caseworker),
            ),
            (
                "inquiry_close",
                "referral",
                STAFF,
                lambda u: services.inquiry_close(actor=u, inquiry=self.referral, outcome="advice_given"),
            ),
            (
                "inquiry_attach_person",
                "referral",
                STAFF,
                lambda u: services.inquiry_attach_person(actor=u, inquiry=self.referral, person=self.case.person),
            ),
            (
                "person_create",
                "-",
                STAFF,
                lambda u: people.person_create(actor=u, identity=people.Identity(given_name="Ana")),
            ),
            (
                "return_plan_decide",
                "plan",
                {"return_officer"},
                lambda u: services.return_plan_decide(actor=u, plan=self.plan, approve=False, on=date(2026, 4, 2)),
            ),
            (
                "return_plan_depart",
                "plan",
                STAFF | {"return_officer"},
                lambda u: services.return_plan_depart(actor=u, plan=self.plan, departed_on=date(2026, 4, 20)),
            ),
            (
                "follow_up_record",
                "plan",
                STAFF,
                lambda u: services.follow_up_record(
                    actor=u, plan=self.plan, contacted_on=date(2026, 5, 20), channel="phone", outcome="in_contact"
                ),
            ),
        ]
        for target, case in (("own", own), ("dis", dis)):
            dis_too = STAFF | ({"immigration_officer"} if case is dis else set())
            by = "dis" if case is dis else "cmm"
            rows += self.case_writes(target, case, dis_too, by) + self.person_writes(target, case.person)
        rows += rights_service_writes(self)  # the victim's rights (tests/cases/test_rights.py)
        rows.append(
            (
                "reflection_extend",
                "dis",
                STAFF | {"immigration_officer"},
                lambda u: services.reflection_extend(
                    actor=u, period=self.period, until=date(2026, 5, 1), reason="testimony"
                ),
            )
        )
        rows += [
            ("task_add", "-", STAFF, lambda u: task_services.task_add(actor=u, title="t", due_on=date(2026, 6, 1))),
            (
                "task_update",
                "task",
                STAFF,
                lambda u: task_services.task_update(actor=u, task=self.task, version=self.task.version, done=True),
            ),
            ("notification_read", "-", STAFF, lambda u: task_services.notification_read(actor=u)),
        ]
        return rows + self.track_writes()

    def track_writes(self) -> list[Any]:
        """The authorities' tracks and complexes; `dis_own` is the case DIS keeps on its own."""
        own = self.dis_own
        return [
            (
                "dis_case_open",
                "-",
                {"immigration_officer"},
                lambda u: services.dis_case_open(actor=u, opened_on=date(2026, 3, 2), identity=people.Identity()),
            ),
            ("complex_create", "-", STAFF, lambda u: services.complex_create(actor=u, name="K2", kind="other")),
            ("employer_register", "-", STAFF, lambda u: services.employer_register(actor=u, name="F ApS")),
            (
                "complex_link_employer",
                "complex",
                STAFF,
                lambda u: services.complex_link_employer(actor=u, complex=self.complex, employer=self.employer),
            ),
            (
                "complex_link_case",
                "dis_own",
                set(),
                lambda u: services.complex_link_case(actor=u, complex=self.complex, case=own),
            ),
            (
                "decision_record",
                "dis_own",
                {"immigration_officer"},
                lambda u: services.decision_record(
                    actor=u, case=own, authority="dis", decided_on=date(2026, 4, 1), identified=True
                ),
            ),
            (
                "stay_add",
                "dis_own",
                set(),
                lambda u: services.stay_add(actor=u, case=own, type="private", from_on=date(2026, 4, 1)),
            ),
            (
                "case_close",
                "dis_own",
                {"immigration_officer"},
                lambda u: services.case_close(actor=u, case=own, on=date(2026, 4, 1), exit="other"),
            ),
        ]

    def case_writes(self, target: str, case: Any, dis_too: set[str], by: str) -> list[Any]:
        assessment = case.assessments.get()
        return [
            (
                "case_open",
                target,
                STAFF,
                lambda u: services.case_open(actor=u, person=case.person, opened_on=date(2026, 6, 1)),
            ),
            (
                "case_close",
                target,
                STAFF,
                lambda u: services.case_close(actor=u, case=case, on=date(2026, 6, 1), exit="left_on_own"),
            ),
            ("case_reopen", target, STAFF, lambda u: services.case_reopen(actor=u, case=case, reason="ny viden")),
            (
                "case_put_to_dis",
                target,
                STAFF,
                lambda u: services.case_put_to_dis(actor=u, case=case, on=date(2026, 3, 3)),
            ),
            (
                "contact_person_assign",
                target,
                STAFF,
                lambda u: services.contact_person_assign(actor=u, case=case, contact_person=self.caseworker),
            ),
            (
                "assessment_record",
                target,
                dis_too,
                lambda u: services.assessment_record(actor=u, case=case, interview_on=date(2026, 3, 3), assessed_by=by),
            ),
            (
                "assessment_complete",
                target,
                dis_too,
                lambda u: services.assessment_complete(actor=u, assessment=assessment, outcome="withdrawn"),
            ),
            (
                "decision_record",
                target,
                dis_too,
                lambda u: services.decision_record(
                    actor=u, case=case, authority=by, decided_on=date(2026, 4, 1), identified=True
                ),
            ),
            (
                "reflection_grant",
                target,
                dis_too,
                lambda u: services.reflection_grant(actor=u, case=case, granted_by=by, starts_on=date(2026, 4, 2)),
            ),
            (
                "case_expulsion_set",
                target,
                dis_too,
                lambda u: services.case_expulsion_set(actor=u, case=case, expulsion_case=True),
            ),
            (
                "reconsideration_request",
                target,
                dis_too,
                lambda u: services.reconsideration_request(
                    actor=u, decision=case.decisions.get(), requested_on=date(2026, 4, 1)
                ),
            ),
            (
                "reconsideration_decide",
                target,
                dis_too,
                lambda u: services.reconsideration_decide(
                    actor=u,
                    reconsideration=Reconsideration(decision=case.decisions.get(), requested_on=date(2026, 3, 2)),
                    decided_on=date(2026, 4, 1),
                    changed=False,
                ),
            ),
            (
                "complex_link_case",
                target,
                STAFF,
                lambda u: services.complex_link_case(actor=u, complex=self.complex, case=case),
            ),
            (
                "complex_unlink_case",
                target,
                STAFF,
                lambda u: services.complex_unlink_case(actor=u, complex=self.complex, case=case),
            ),
            (
                "stay_add",
                target,
                STAFF,
                lambda u: services.stay_add(actor=u, case=case, type="private", from_on=date(2026, 4, 1)),
            ),
            (
                "offer_add",
                target,
                STAFF,
                lambda u: services.offer_add(actor=u, case=case, kind="legal_aid", given_on=date(2026, 4, 1)),
            ),
            (
                "police_report_file",
                target,
                STAFF,
                lambda u: services.police_report_file(
                    actor=u,
                    case=case,
                    filed_on=date(2026, 4, 1),
                    filed_by="cmm",
                    anonymous=True,
                    legal_basis="262a",
                    police_district="Fyns Politi",
                ),
            ),
            (
                "journal_note_add",
                target,
                STAFF,
                lambda u: casefiles.journal_note_add(actor=u, case=case, text="notat"),
            ),
            (
                "document_upload",
                target,
                STAFF,
                lambda u: casefiles.document_upload(
                    actor=u, case=case, upload=SimpleUploadedFile("a.txt", b"tekst"), name="a.txt"
                ),
            ),
            (
                "unaccompanied_record",
                target,
                STAFF,
                lambda u: services.unaccompanied_record(actor=u, case=case, municipality="101"),
            ),
            (
                "return_plan_submit",
                target,
                STAFF,
                lambda u: services.return_plan_submit(
                    actor=u, case=case, applied_on=date(2026, 4, 1), destination="TH", in_kind_dkk=1, cash_dkk=1
                ),
            ),
        ]

    def person_writes(self, target: str, person: Person) -> list[Any]:
        """Only centre staff change a person's record, even where an immigration officer may read it."""
        return [
            (
                "person_update",
                target,
                STAFF,
                lambda u: people.person_update(
                    actor=u, person=person, version=Person.objects.get(pk=person.pk).version, gender="male"
                ),
            ),
            (
                "person_merge",
                target,
                STAFF,
                lambda u: people.person_merge(actor=u, keep=person, duplicate=make_person(self.caseworker)),
            ),
            (
                "person_merge",
                f"{target} duplicate",
                STAFF,
                lambda u: people.person_merge(actor=u, keep=make_person(self.caseworker), duplicate=person),
            ),
            (
                "consent_record",
                target,
                STAFF,
                lambda u: people.consent_record(
                    actor=u, person=person, purpose="research", answer="given", answered_on=date(2026, 4, 1)
                ),
            ),
            ("child_add", target, STAFF, lambda u: people.child_add(actor=u, person=person, birth_year=2020)),
            (
                "child_remove",
                target,
                STAFF,
                lambda u: people.child_remove(
                    actor=u, child=people.child_add(actor=self.caseworker, person=person, birth_year=2020)
                ),
            ),
            (
                "status_override",
                target,
                STAFF,
                lambda u: services.status_override(
                    actor=u, person=person, as_of=date(2026, 5, 1), status="receiving_support", reason="r"
                ),
            ),
            ("person_erase", target, {"manager"}, lambda u: people.person_erase(actor=u, person=person)),
        ]


class ReferralTests(SporTestCase):
    def test_it_never_makes_two_inquiries_for_one_idempotency_key(self):
        first, created = services.referral_submit(
            actor=self.ngo_referrer, sender_type="ngo", summary="s", idempotency_key="k-1"
        )
        again, created_again = services.referral_submit(
            actor=self.ngo_referrer, sender_type="ngo", summary="s", idempotency_key="k-1"
        )
        self.assertEqual((first.pk, created, created_again), (again.pk, True, False))
