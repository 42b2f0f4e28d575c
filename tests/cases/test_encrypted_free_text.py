"""Free text typed about a person is stored encrypted, in the history tables too, and reads back.

See docs/architecture.md#encryption-at-rest.
"""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.urls import reverse

from spor.cases import services
from spor.cases.models import AssessmentOutcome, Decision, StatusRecord, Stay, StayType
from tests.base import SporTestCase
from tests.make import make_case, make_identified_case


def stored_text() -> str:
    """Every text cell of the tables concerned, as the database holds it."""
    tables = ["cases_decision", "cases_historicaldecision", "cases_stay", "cases_historicalstay", "cases_statusrecord"]
    cells = []
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
            cells += [str(cell) for row in cursor.fetchall() for cell in row]
    return "\n".join(cells)


class EncryptedFreeTextTests(SporTestCase):
    def test_the_place_the_exception_reason_and_the_status_reason_are_encrypted(self) -> None:
        case = make_case(self.caseworker)
        person = case.person
        assessment = services.assessment_record(
            actor=self.caseworker, case=case, interview_on=date(2026, 3, 3), indicators={"deceived": "yes"}
        )
        services.assessment_complete(
            actor=self.caseworker, assessment=assessment, outcome=AssessmentOutcome.PUT_TO_DECISION
        )
        services.decision_record(
            actor=self.caseworker,
            case=case,
            authority="dis",  # not the competent authority for a lawful residence: a reason is required
            decided_on=date(2026, 3, 4),
            identified=True,
            exception_reason="Sagen overdraget af hendes advokat Jensen",
        )
        services.stay_add(
            actor=self.caseworker,
            case=case,
            type=StayType.PRIVATE,
            from_on=date(2026, 3, 5),
            place="Nørregade 7, Vejle",
        )
        services.status_override(
            actor=self.caseworker, person=person, as_of=date(2026, 12, 31), status="other", reason="Bor hos kæresten"
        )
        stored = stored_text()
        for text in ("advokat Jensen", "Nørregade 7", "hos kæresten"):
            self.assertNotIn(text, stored)
        self.assertEqual(Decision.objects.get(case=case).exception_reason, "Sagen overdraget af hendes advokat Jensen")
        self.assertEqual(Stay.objects.get(case=case).place, "Nørregade 7, Vejle")
        self.assertEqual(StatusRecord.objects.get(person=person).reason, "Bor hos kæresten")
        self.assertTrue(Stay.history.get().place_ct)

    def test_the_case_page_shows_the_place(self) -> None:
        case = make_identified_case(self.caseworker)
        services.stay_add(
            actor=self.caseworker, case=case, type=StayType.PRIVATE, from_on=date(2026, 3, 5), place="Hos søsteren"
        )
        self.client.force_login(self.caseworker)
        page = self.client.get(reverse("casework:case-detail", args=[case.code])).content.decode()
        self.assertIn("Hos søsteren", page)
