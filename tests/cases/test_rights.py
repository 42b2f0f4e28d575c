"""The victim's rights through the services (docs/definitions.md#victims-rights)."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from spor.audit.models import ReadLog
from spor.cases import services
from spor.cases.models import NoPoliceReport, PoliceReport
from spor.cases.rights_selectors import case_rights_for
from spor.cases.services import rights
from spor.common.errors import Conflict
from spor.people import services as people
from spor.people.models import ConsentAnswer, ConsentPurpose
from spor.people.services import consent_record
from tests.base import SporTestCase
from tests.make import make_consent, make_identified_case, make_person


def make_report(actor, case, *, anonymous=True, on=date(2026, 3, 20), **kwargs):
    return services.police_report_file(
        actor=actor,
        case=case,
        filed_on=on,
        filed_by="cmm" if anonymous else "person_assisted",
        anonymous=anonymous,
        legal_basis="262a",
        police_district="Københavns Politi",
        **kwargs,
    )


class NoReportTests(SporTestCase):
    def setUp(self):
        self.case = make_identified_case(self.caseworker)

    def test_it_records_the_reason_and_reads_the_latest(self):
        rights.no_police_report_record(
            actor=self.caseworker, case=self.case, reason="long_ago", recorded_on=date(2026, 3, 5)
        )
        rights.no_police_report_record(
            actor=self.caseworker,
            case=self.case,
            reason="other",
            recorded_on=date(2026, 4, 1),
            note="Bor i udlandet nu",
        )
        found = case_rights_for(actor=self.caseworker, case=self.case)
        self.assertEqual(found.no_report.reason, "other")
        self.assertEqual(found.no_report_note, "Bor i udlandet nu")
        self.assertNotIn("Bor i udlandet", self.case.no_report_reasons.last().note_ct)  # encrypted at rest

    def test_it_refuses_an_unknown_reason_other_without_a_note_and_a_future_day(self):
        with self.assertRaises(ValidationError) as caught:
            rights.no_police_report_record(
                actor=self.caseworker, case=self.case, reason="tired", recorded_on=date(2026, 3, 5)
            )
        self.assertIn("reason", caught.exception.message_dict)
        with self.assertRaises(ValidationError) as caught:
            rights.no_police_report_record(
                actor=self.caseworker,
                case=self.case,
                reason="other",
                recorded_on=timezone.localdate() + timedelta(days=2),
            )
        self.assertEqual(set(caught.exception.message_dict), {"note", "recorded_on"})

    def test_it_refuses_a_reason_once_a_report_is_filed(self):
        make_report(self.caseworker, self.case)
        with self.assertRaises(ValidationError):
            rights.no_police_report_record(
                actor=self.caseworker, case=self.case, reason="persons_wish", recorded_on=date(2026, 3, 25)
            )

    def test_it_is_the_centres_only(self):
        dis_case = make_identified_case(self.caseworker, make_person(self.caseworker, residence_status="unlawful"))
        services.case_put_to_dis(actor=self.caseworker, case=dis_case, on=date(2026, 3, 3))
        for user in (self.immigration_officer, self.police_referrer, self.analyst, self.admin):
            with self.subTest(user=user.username), self.assertRaises(PermissionDenied):
                rights.no_police_report_record(actor=user, case=dis_case, reason="abroad", recorded_on=date(2026, 3, 5))
            with self.subTest(user=user.username, read=True), self.assertRaises(PermissionDenied):
                case_rights_for(actor=user, case=dis_case)


class PoliceReportTests(SporTestCase):
    def setUp(self):
        self.case = make_identified_case(self.caseworker)

    def test_it_keeps_the_journal_number_encrypted_and_logs_its_read(self):
        report = make_report(self.caseworker, self.case, journal_number="0100-76543-00012-26")
        self.assertNotIn("76543", report.journal_number_ct)
        before = ReadLog.objects.count()
        found = case_rights_for(actor=self.caseworker, case=self.case)
        self.assertEqual(found.reports[0].journal_number, "0100-76543-00012-26")
        self.assertEqual(ReadLog.objects.count(), before + 1)

    def test_it_tells_the_police_the_person_assists_only_with_consent(self):
        with self.assertRaises(ValidationError):
            make_report(self.caseworker, self.case, assists_investigation="yes")
        consent_record(
            actor=self.caseworker, person=self.case.person, purpose=ConsentPurpose.POLICE_REPORT,
            answer=ConsentAnswer.GIVEN, answered_on=date(2026, 3, 3),
        )  # fmt: skip
        report = make_report(self.caseworker, self.case, assists_investigation="yes")
        self.assertEqual(report.assists_investigation, "yes")

    def test_it_keeps_an_anonymous_report_anonymous_and_named_needs_consent(self):
        with self.assertRaises(ValidationError):
            make_report(self.caseworker, self.case, anonymous=False)
        with self.assertRaises(ValidationError):  # CMM's own report is anonymous
            services.police_report_file(
                actor=self.caseworker, case=self.case, filed_on=date(2026, 3, 20), filed_by="cmm",
                anonymous=False, legal_basis="262a", police_district="Københavns Politi",
            )  # fmt: skip

    def test_it_follows_the_report_to_its_outcome(self):
        report = make_report(self.caseworker, self.case)
        rights.police_report_outcome_record(
            actor=self.caseworker, report=report, outcome="charged", on=date(2026, 4, 1)
        )
        rights.police_report_outcome_record(
            actor=self.caseworker, report=report, outcome="indicted", on=date(2026, 6, 1)
        )
        self.assertEqual(case_rights_for(actor=self.caseworker, case=self.case).reports[0].outcome.outcome, "indicted")
        with self.assertRaises(ValidationError) as caught:
            rights.police_report_outcome_record(
                actor=self.caseworker, report=report, outcome="convicted", on=date(2026, 3, 1)
            )
        self.assertIn("on", caught.exception.message_dict)
        rights.police_report_outcome_record(
            actor=self.caseworker, report=report, outcome="dropped", on=date(2026, 7, 1)
        )
        with self.assertRaises(ValidationError) as caught:
            rights.police_report_outcome_record(
                actor=self.caseworker, report=report, outcome="convicted", on=date(2026, 8, 1)
            )
        self.assertIn("outcome", caught.exception.message_dict)


class ResidencePermitTests(SporTestCase):
    def setUp(self):
        self.case = make_identified_case(self.caseworker)

    def test_it_needs_the_persons_consent_or_a_managers_override(self):
        with self.assertRaises(ValidationError):
            rights.residence_permit_apply(actor=self.caseworker, case=self.case, applied_on=date(2026, 4, 1))
        with self.assertRaises(PermissionDenied):
            rights.residence_permit_apply(
                actor=self.caseworker,
                case=self.case,
                applied_on=date(2026, 4, 1),
                consent_override_reason="Politiet beder",
            )
        permit = rights.residence_permit_apply(
            actor=self.manager, case=self.case, applied_on=date(2026, 4, 1), consent_override_reason="Politiet beder"
        )
        self.assertIsNone(permit.granted)

    def test_it_records_the_decision_with_its_validity(self):
        make_consent(self.caseworker, self.case.person, ConsentPurpose.POLICE_REPORT)
        permit = rights.residence_permit_apply(actor=self.caseworker, case=self.case, applied_on=date(2026, 4, 1))
        with self.assertRaises(ValidationError):  # one open application at a time
            rights.residence_permit_apply(actor=self.caseworker, case=self.case, applied_on=date(2026, 4, 2))
        with self.assertRaises(ValidationError) as caught:
            rights.residence_permit_decide(
                actor=self.caseworker, permit=permit, decided_on=date(2026, 5, 1), granted=True
            )
        self.assertEqual(set(caught.exception.message_dict), {"valid_from", "valid_to"})
        with self.assertRaises(ValidationError) as caught:
            rights.residence_permit_decide(
                actor=self.caseworker, permit=permit, decided_on=date(2026, 3, 1), granted=True,
                valid_from=date(2026, 5, 1), valid_to=date(2026, 4, 1),
            )  # fmt: skip
        self.assertEqual(set(caught.exception.message_dict), {"decided_on", "valid_to"})
        decided = rights.residence_permit_decide(
            actor=self.caseworker, permit=permit, decided_on=date(2026, 5, 1), granted=True,
            valid_from=date(2026, 5, 1), valid_to=date(2026, 10, 31), version=1,
        )  # fmt: skip
        self.assertEqual(decided.version, 2)
        self.assertEqual(
            case_rights_for(actor=self.caseworker, case=self.case).permit_valid_on(date(2026, 6, 1)), decided
        )
        with self.assertRaises(Conflict):
            rights.residence_permit_decide(
                actor=self.caseworker, permit=permit, decided_on=date(2026, 5, 1), granted=False, version=1
            )


class NonPunishmentTests(SporTestCase):
    def test_it_records_the_matter_its_detentions_and_outcome(self):
        case = make_identified_case(self.caseworker)
        matter = rights.non_punishment_record(
            actor=self.caseworker, case=case, crime_type="cannabis_cultivation", charged_on=date(2026, 2, 1)
        )
        rights.detention_add(actor=self.caseworker, matter=matter, from_on=date(2026, 2, 1), to_on=date(2026, 2, 10))
        with self.assertRaises(ValidationError) as caught:
            rights.detention_add(actor=self.caseworker, matter=matter, from_on=date(2026, 2, 5))
        self.assertIn("from_on", caught.exception.message_dict)
        rights.detention_add(actor=self.caseworker, matter=matter, from_on=date(2026, 2, 20), to_on=date(2026, 2, 21))
        self.assertEqual(matter.detained_days, 12)
        with self.assertRaises(ValidationError):
            rights.non_punishment_outcome(
                actor=self.caseworker, matter=matter, outcome="prosecution_waived", on=date(2026, 1, 1)
            )
        done = rights.non_punishment_outcome(
            actor=self.caseworker, matter=matter, outcome="prosecution_waived", on=date(2026, 4, 1), version=1
        )
        self.assertEqual((done.outcome, done.version), ("prosecution_waived", 2))


class CompensationTests(SporTestCase):
    def test_it_records_claimed_and_awarded_never_more_than_claimed(self):
        case = make_identified_case(self.caseworker)
        with self.assertRaises(ValidationError):
            rights.compensation_claim_add(
                actor=self.caseworker, case=case, route="criminal_case", claimed_on=date(2026, 4, 1), claimed_dkk=0
            )
        claim = rights.compensation_claim_add(
            actor=self.caseworker,
            case=case,
            route="compensation_board",
            claimed_on=date(2026, 4, 1),
            claimed_dkk=80_000,
        )
        with self.assertRaises(ValidationError) as caught:
            rights.compensation_claim_decide(
                actor=self.caseworker, claim=claim, decided_on=date(2026, 6, 1), awarded_dkk=90_000
            )
        self.assertIn("awarded_dkk", caught.exception.message_dict)
        decided = rights.compensation_claim_decide(
            actor=self.caseworker, claim=claim, decided_on=date(2026, 6, 1), awarded_dkk=50_000, version=1
        )
        self.assertEqual((decided.claimed_dkk, decided.awarded_dkk), (80_000, 50_000))


def rights_service_writes(tc) -> list:
    """The rights services for the service permission matrix (tests/cases/test_permission_matrix.py),
    on the centre's case and on the case put to DIS: centre staff only. The record a call changes
    is made inside the call (by a manager), so it is rolled back with it."""

    def report(case):
        return make_report(tc.manager, case)

    def permit(case):
        return rights.residence_permit_apply(
            actor=tc.manager, case=case, applied_on=date(2026, 4, 1), consent_override_reason="politiet beder"
        )

    def matter(case):
        return rights.non_punishment_record(actor=tc.manager, case=case)

    def claim(case):
        return rights.compensation_claim_add(
            actor=tc.manager, case=case, route="civil", claimed_on=date(2026, 4, 1), claimed_dkk=10
        )

    staff = {"caseworker", "manager"}
    day = date(2026, 5, 1)
    rows = []
    for target, case in (("own", tc.case), ("dis", tc.dis_case)):
        rows += [
            (
                "no_police_report_record",
                lambda u, c=case: rights.no_police_report_record(actor=u, case=c, reason="abroad", recorded_on=day),
            ),
            (
                "police_report_outcome_record",
                lambda u, c=case: rights.police_report_outcome_record(
                    actor=u, report=report(c), outcome="charged", on=day
                ),
            ),
            (
                "residence_permit_apply",
                lambda u, c=case: rights.residence_permit_apply(actor=u, case=c, applied_on=day),
            ),
            (
                "residence_permit_decide",
                lambda u, c=case: rights.residence_permit_decide(
                    actor=u, permit=permit(c), decided_on=day, granted=False
                ),
            ),
            ("non_punishment_record", lambda u, c=case: rights.non_punishment_record(actor=u, case=c)),
            (
                "non_punishment_outcome",
                lambda u, c=case: rights.non_punishment_outcome(actor=u, matter=matter(c), outcome="acquitted", on=day),
            ),
            ("detention_add", lambda u, c=case: rights.detention_add(actor=u, matter=matter(c), from_on=day)),
            (
                "compensation_claim_add",
                lambda u, c=case: rights.compensation_claim_add(
                    actor=u, case=c, route="civil", claimed_on=day, claimed_dkk=5
                ),
            ),
            (
                "compensation_claim_decide",
                lambda u, c=case: rights.compensation_claim_decide(
                    actor=u, claim=claim(c), decided_on=day, awarded_dkk=0
                ),
            ),
        ]
        rows = [(row[0], target, staff, row[1]) if len(row) == 2 else row for row in rows]
    return rows


class ErasureTests(SporTestCase):
    def test_erasing_the_person_empties_the_journal_number_and_the_note_history_included(self):
        case = make_identified_case(self.caseworker)
        rights.no_police_report_record(
            actor=self.caseworker, case=case, reason="other", recorded_on=date(2026, 3, 5), note="Bor hos en ven"
        )
        make_report(self.caseworker, case, journal_number="0100-99")
        people.person_erase(actor=self.manager, person=case.person)
        for model, column in ((NoPoliceReport, "note_ct"), (PoliceReport, "journal_number_ct")):
            with self.subTest(model=model.__name__):
                self.assertEqual(set(model.objects.filter(case=case).values_list(column, flat=True)), {""})
                history = model.history.model.objects.filter(case_id=case.pk).values_list(column, flat=True)
                self.assertEqual(set(history), {""})
        self.assertEqual(NoPoliceReport.objects.get(case=case).reason, "other")  # the statistical code stays
