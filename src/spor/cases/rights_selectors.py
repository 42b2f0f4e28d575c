"""Reading the victim's rights on a case (docs/definitions.md#victims-rights).

One read for the case page and the API: who may read it is centre staff (`cases.work_case`; a
referrer and the other authorities never), and since it decrypts the police's journal numbers and
the notes, such a read is logged (docs/architecture.md#read-log).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from spor.audit import services as audit
from spor.cases.models import (
    Case,
    CompensationClaim,
    NonPunishment,
    NoPoliceReport,
    PoliceReport,
    ResidencePermit,
)
from spor.organisations.permissions import require


@dataclass(frozen=True)
class ReportView:
    report: PoliceReport
    journal_number: str
    outcomes: list[Any]

    @property
    def outcome(self) -> Any:
        """The latest step of the report's course, or None while nothing is known."""
        return self.outcomes[-1] if self.outcomes else None


@dataclass(frozen=True)
class Rights:
    reports: list[ReportView]
    no_report: NoPoliceReport | None  # the reason in force: the latest, while no report is filed
    no_report_note: str
    permits: list[ResidencePermit]
    matters: list[NonPunishment]
    claims: list[CompensationClaim]

    def permit_valid_on(self, day: date) -> ResidencePermit | None:
        return next((p for p in self.permits if p.granted and p.valid_from <= day <= p.valid_to), None)  # type: ignore[operator]


def case_rights_for(*, actor: Any, case: Case) -> Rights:
    """Police reports with their outcome, the reason no report is filed, § 9 c permits,
    non-punishment matters with their detentions and compensation claims of a visible case.

    Raises PermissionDenied unless the actor works the case (centre staff). Logs the read when a
    journal number or a note was decrypted.
    """
    require(actor, "cases.work_case", case)
    reports = [
        ReportView(r, r.journal_number, list(r.outcomes.all()))
        for r in case.police_reports.order_by("filed_on", "id").prefetch_related("outcomes")
    ]
    reason = None if reports else case.no_report_reasons.order_by("-recorded_on", "-id").first()
    note = reason.note if reason else ""
    if note or any(r.journal_number for r in reports):  # something was decrypted: log who read it
        audit.read_logged(actor=actor, person_code=str(case.person.code), fields=f"rights:{case.code}")
    return Rights(
        reports=reports,
        no_report=reason,
        no_report_note=note,
        permits=list(case.residence_permits.all()),
        matters=list(case.non_punishments.prefetch_related("detentions")),
        claims=list(case.compensation_claims.all()),
    )
