"""Support: contact person, accommodation stays and offers (docs/definitions.md#support)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from spor.audit import services as audit
from spor.cases.models import Case, Offer, OfferKind, Stay, StayType
from spor.common import crypto
from spor.common.actor import Actor, service
from spor.common.update import model_update
from spor.organisations.permissions import require
from spor.people.models import ConsentPurpose
from spor.people.services import consent_require
from spor.vocabulary import check_code

#: Stays at a place run by another organisation refer the person there: consent needed.
REFERRING_STAYS = {StayType.REDEN_CRISIS_CENTRE, StayType.OTHER_SHELTER}


@service
def contact_person_assign(*, actor: Actor, case: Case, contact_person: Any) -> Case:
    """Make a centre caseworker the person's contact person. Audit: case.contact_person_assigned."""
    require(actor, "cases.work_case", case)
    if not getattr(contact_person, "is_centre_staff", False):
        raise ValidationError({"contact_person": [_("Kontaktpersonen skal være medarbejder i centret.")]})
    model_update(instance=case, fields=["contact_person"], data={"contact_person": contact_person})
    audit.record(actor=actor, event="case.contact_person_assigned", subject=case)
    return case


@service
def stay_add(
    *,
    actor: Actor,
    case: Case,
    type: str,
    from_on: date,
    to_on: date | None = None,
    place: str = "",
    consent_override_reason: str = "",
) -> Stay:
    """Record an accommodation stay. A stay at another organisation's shelter needs the
    person's consent to referral (or a manager's override). Audit: support.stay_added."""
    require(actor, "cases.work_case", case)
    check_code(StayType, type, field="type", message=_("Ukendt opholdstype."))
    if to_on is not None and to_on < from_on:
        raise ValidationError({"to_on": [_("Slutdatoen ligger før startdatoen.")]})
    if type in REFERRING_STAYS:
        consent_require(
            actor=actor, person=case.person, purpose=ConsentPurpose.REFERRAL, override_reason=consent_override_reason
        )
    stay = Stay.objects.create(
        case=case, type=type, from_on=from_on, to_on=to_on, place_ct=crypto.encrypt_json(place or None)
    )
    audit.record(actor=actor, event="support.stay_added", subject=case, extra={"type": type})
    return stay


@service
def offer_add(*, actor: Actor, case: Case, kind: str, given_on: date) -> Offer:
    """Record an offer given (legal aid, interpreter, health, ...). Audit: support.offer_added."""
    require(actor, "cases.work_case", case)
    check_code(OfferKind, kind, field="kind", message=_("Ukendt tilbud."))
    offer = Offer.objects.create(case=case, kind=kind, given_on=given_on)
    audit.record(actor=actor, event="support.offer_added", subject=case, extra={"kind": kind})
    return offer
