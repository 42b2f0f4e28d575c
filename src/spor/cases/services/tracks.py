"""The Immigration Service's and the courts' tracks (docs/definitions.md#the-authorities-own-tracks).

- An administrative expulsion case makes DIS the competent authority whatever the residence.
- DIS may open its own case and assessment when the person does not want the centre involved;
  the centre then sees that the case exists (the statistics count it), not its content.
- A negative decision can be reconsidered: a request with its date, then its outcome, each a
  transition of the case's status.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from spor.audit import services as audit
from spor.cases import transitions
from spor.cases.models import (
    Case,
    CaseKeeper,
    CaseStatus,
    Decision,
    Reconsideration,
    ReconsiderationOutcome,
)
from spor.cases.services.decisions import decision_record
from spor.cases.services.inquiries import _create_case
from spor.common.actor import Actor, service
from spor.common.update import model_update
from spor.organisations.permissions import require
from spor.people import services as people
from spor.vocabulary import ActorType, Gender, ResidenceStatus, check_code, check_not_future


@service
def case_expulsion_set(*, actor: Actor, case: Case, expulsion_case: bool) -> Case:
    """Record whether the person is in an administrative expulsion case: DIS is then the competent
    authority, also for a lawful resident (docs/definitions.md#decision). Whoever may decide on
    the case (centre staff; DIS on its cases). Audit: case.expulsion_set."""
    require(actor, "cases.decide_case", case)
    model_update(instance=case, fields=["expulsion_case"], data={"expulsion_case": expulsion_case})
    audit.record(actor=actor, event="case.expulsion_set", subject=case, extra={"expulsion_case": expulsion_case})
    return case


@service
def dis_case_open(
    *,
    actor: Actor,
    opened_on: date,
    identity: people.Identity,
    gender: str = Gender.UNKNOWN,
    birth_year: int | None = None,
    nationalities: list[str] | None = None,
    residence_status: str = ResidenceStatus.UNKNOWN,
    expulsion_case: bool = False,
) -> Case:
    """Open the Immigration Service's own case, for a person who does not want the centre involved.

    Immigration officers only. The person and the case are kept by DIS: the centre's selectors do
    not return them, and the centre sees only that such a case exists (`dis_case_count`) and its
    pseudonymous record in the statistics. Audit: case.dis_opened.
    """
    require(actor, "cases.open_dis_case")
    errors: dict[str, list[str]] = {}
    check_not_future(opened_on, field="opened_on", errors=errors)
    if errors:
        raise ValidationError(errors)
    person = people.person_insert(
        actor=actor,
        identity=identity,
        gender=gender,
        birth_year=birth_year,
        nationalities=nationalities,
        residence_status=residence_status,
    )
    case = _create_case(actor=actor, person=person, opened_on=opened_on, kept_by=CaseKeeper.DIS)
    if expulsion_case:
        model_update(instance=case, fields=["expulsion_case"], data={"expulsion_case": True})
    audit.record(actor=actor, event="case.dis_opened", subject=case, extra={"person": person.key})
    return case


@service
def reconsideration_request(
    *, actor: Actor, decision: Decision, requested_on: date, requested_by: str = ActorType.SELF
) -> Reconsideration:
    """Request the reconsideration of a negative decision; the case moves to "reconsideration".

    Whoever may decide on the case. Refused (field `decision`) for a positive decision, one that
    is not the case's latest, or while a request is pending. Audit: decision.reconsideration_requested.
    """
    case = decision.case
    require(actor, "cases.decide_case", case)
    errors: dict[str, list[str]] = {}
    if decision.identified:
        errors["decision"] = [_("Kun en negativ afgørelse kan genvurderes.")]
    elif case.decisions.order_by("-decided_on", "-id").first() != decision:
        errors["decision"] = [_("Kun sagens seneste afgørelse kan genvurderes.")]
    elif decision.reconsiderations.filter(outcome=ReconsiderationOutcome.PENDING).exists():
        errors["decision"] = [_("Der er allerede en genvurdering i gang.")]
    check_code(ActorType, requested_by, field="requested_by", message=_("Ukendt anmoder."), errors=errors)
    if requested_on < decision.decided_on:
        errors["requested_on"] = [_("Anmodningen kan ikke ligge før afgørelsen.")]
    check_not_future(requested_on, field="requested_on", errors=errors)
    if errors:
        raise ValidationError(errors)
    transitions.move_and_save(case=case, to=CaseStatus.RECONSIDERATION)
    request = Reconsideration.objects.create(
        decision=decision, requested_on=requested_on, requested_by=requested_by, recorded_by=actor
    )
    audit.record(
        actor=actor,
        event="decision.reconsideration_requested",
        subject=case,
        extra={"decision": str(decision.code), "requested_by": requested_by},
    )
    return request


@service
def reconsideration_decide(
    *, actor: Actor, reconsideration: Reconsideration, decided_on: date, changed: bool, reasoning: str = ""
) -> Reconsideration:
    """Decide a pending reconsideration, by the authority of the reconsidered decision.

    Upheld: the case goes back to "not identified". Changed: a new, positive decision by the same
    authority, with the old decision's forms of exploitation and `reasoning`, moves the case to
    "identified" (and is what the statistics count, dated `decided_on`). Audit:
    decision.reconsidered (and case.decision_recorded for a change).
    """
    old = reconsideration.decision
    case = old.case
    require(actor, "cases.decide_case", case)
    errors: dict[str, list[str]] = {}
    if reconsideration.outcome != ReconsiderationOutcome.PENDING:
        errors["outcome"] = [_("Genvurderingen er allerede afgjort.")]
    if decided_on < reconsideration.requested_on:
        errors["decided_on"] = [_("Genvurderingen kan ikke afgøres før anmodningen.")]
    check_not_future(decided_on, field="decided_on", errors=errors)
    if errors:
        raise ValidationError(errors)
    new_decision = None
    if changed:
        new_decision = decision_record(
            actor=actor,
            case=case,
            authority=old.authority,
            decided_on=decided_on,
            identified=True,
            contact_actor_type=old.contact_actor_type,
            contact_actor_org=old.contact_actor_org,
            primary_exploitation=old.primary_exploitation,
            secondary_exploitation=old.secondary_exploitation,
            sector=old.sector,
            crime_type=old.crime_type,
            exploitation_place=old.exploitation_place,
            exception_reason=old.exception_reason,
            reasoning=reasoning,
        )
    else:
        transitions.move_and_save(case=case, to=CaseStatus.NOT_IDENTIFIED)
    outcome = ReconsiderationOutcome.CHANGED if changed else ReconsiderationOutcome.UPHELD
    data = {"outcome": outcome, "decided_on": decided_on, "new_decision": new_decision}
    model_update(instance=reconsideration, fields=list(data), data=data)
    audit.record(actor=actor, event="decision.reconsidered", subject=case, extra={"outcome": outcome})
    return reconsideration
