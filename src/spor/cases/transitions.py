"""The allowed moves of a case's status, listed once and checked by the services (docs/architecture.md#transitions)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from spor.cases.models import Case, CaseStatus

S = CaseStatus

TRANSITIONS: dict[str, set[str]] = {
    S.ASSESSMENT: {S.DECISION_PENDING, S.CLOSED},
    S.DECISION_PENDING: {S.IDENTIFIED, S.NOT_IDENTIFIED, S.CLOSED},
    # A negative decision can be followed by a new one (new information, a court's decision).
    S.NOT_IDENTIFIED: {S.IDENTIFIED, S.CLOSED},
    S.IDENTIFIED: {S.RETURN_PLANNED, S.CLOSED},
    S.RETURN_PLANNED: {S.DEPARTED, S.IDENTIFIED, S.CLOSED},
    S.DEPARTED: {S.CLOSED},
    S.CLOSED: set(),
}


def move(case: Case, to: str) -> None:
    """Set `case.status` to `to` if the table allows it; the caller saves."""
    if to == case.status:
        return
    if to not in TRANSITIONS[case.status]:
        raise ValidationError(
            {
                "status": [
                    _("En sag kan ikke gå fra “%(from)s” til “%(to)s”.")
                    % {"from": CaseStatus(case.status).label, "to": CaseStatus(to).label}
                ]
            }
        )
    case.status = to
