"""Year-end status: derived from the events, overridable with a recorded reason.

See docs/definitions.md#year-end-status-figures.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from spor.audit import services as audit
from spor.cases.models import StatusRecord
from spor.common import crypto
from spor.common.actor import Actor, service
from spor.organisations.permissions import require
from spor.people.models import Person
from spor.vocabulary import YearEndStatus, check_code


@service
def status_override(*, actor: Actor, person: Person, as_of: date, status: str, reason: str) -> StatusRecord:
    """Set a person's status as of a date, overriding the derived one; a reason is required.

    Centre staff. Audit: status.overridden.
    """
    require(actor, "people.change_identity", person)
    errors: dict[str, list[str]] = {}
    check_code(YearEndStatus, status, field="status", message=_("Ukendt status."), errors=errors)
    if not reason.strip():
        errors["reason"] = [_("Angiv en begrundelse for at ændre status.")]
    if errors:
        raise ValidationError(errors)
    record = StatusRecord.objects.create(
        person=person, as_of=as_of, status=status, reason_ct=crypto.encrypt_json(reason), recorded_by=actor
    )
    audit.record(actor=actor, event="status.overridden", subject=person, extra={"status": status})
    return record
