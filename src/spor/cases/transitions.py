"""The allowed moves of a case's status, listed once and checked by the services (docs/architecture.md#transitions).

`move_and_save` is the only writer of `Case.status`; the importer checks its bulk rows with
`allowed` against the same table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from spor.cases.models import Case, CaseStatus
from spor.common.update import model_update

S = CaseStatus

TRANSITIONS: dict[str, set[str]] = {
    S.ASSESSMENT: {S.DECISION_PENDING, S.CLOSED},
    S.DECISION_PENDING: {S.IDENTIFIED, S.NOT_IDENTIFIED, S.CLOSED},
    # A negative decision can be followed by a new one (new information, a court's decision).
    S.NOT_IDENTIFIED: {S.IDENTIFIED, S.RECONSIDERATION, S.CLOSED},
    # A requested reconsideration ends upheld (back to not identified) or changed (identified).
    S.RECONSIDERATION: {S.NOT_IDENTIFIED, S.IDENTIFIED, S.CLOSED},
    S.IDENTIFIED: {S.RETURN_PLANNED, S.CLOSED},
    S.RETURN_PLANNED: {S.DEPARTED, S.IDENTIFIED, S.CLOSED},
    S.DEPARTED: {S.CLOSED},
    # Reopening (docs/definitions.md#reopening): back to where the process stands by its records,
    # with a reason; `case_reopen` picks the status.
    S.CLOSED: {S.ASSESSMENT, S.DECISION_PENDING, S.IDENTIFIED, S.NOT_IDENTIFIED},
}


def allowed(source: str, to: str) -> bool:
    """Whether the table lets a case go from `source` to `to` (staying put is always allowed)."""
    return to == source or to in TRANSITIONS[source]


def check(source: str, to: str) -> None:
    """Raise ValidationError naming `status` unless the table allows `source` -> `to`."""
    if not allowed(source, to):
        raise ValidationError(
            {
                "status": [
                    _("En sag kan ikke gå fra “%(from)s” til “%(to)s”.")
                    % {"from": CaseStatus(source).label, "to": CaseStatus(to).label}
                ]
            }
        )


def move_and_save(*, case: Case, to: str, through: Sequence[str] = (), data: Mapping[str, Any] | None = None) -> Case:
    """Move `case` to `to`, by way of the statuses in `through`, and save it in one versioned write.

    Every step is checked against TRANSITIONS before anything changes (ValidationError naming
    `status`); `data` sets other fields of the case in the same write. The version is bumped and
    the change history records the move (`spor.common.update.model_update`).
    """
    source = case.status
    for step in (*through, to):
        check(source, step)
        source = step
    other = dict(data or {})
    return model_update(instance=case, fields=["status", *other], data={**other, "status": to})
