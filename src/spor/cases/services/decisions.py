"""Decisions (vurderinger) by the competent authority (docs/definitions.md#decision)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from spor.audit import services as audit
from spor.cases import transitions
from spor.cases.models import Case, CaseStatus, Decision, new_id
from spor.cases.services.minors import child_guard, child_views_record
from spor.common import crypto
from spor.common.actor import Actor, service
from spor.organisations.permissions import is_immigration_officer, require
from spor.people.ages import age_on
from spor.vocabulary import (
    ActorType,
    Authority,
    CrimeType,
    Exploitation,
    ExploitationPlace,
    ResidenceStatus,
    Sector,
    check_code,
    check_not_future,
    unknown_codes,
)


def competent_authority(residence_status: str, *, expulsion_case: bool = False) -> str | None:
    """CMM for lawful residence; DIS for unlawful residence, asylum seekers and anyone in an
    administrative expulsion case; None if unknown.

    A court decides in a criminal case whatever the residence (docs/definitions.md#decision).
    """
    if expulsion_case:
        return Authority.DIS
    if residence_status == ResidenceStatus.LAWFUL:
        return Authority.CMM
    if residence_status in {ResidenceStatus.UNLAWFUL, ResidenceStatus.ASYLUM_SEEKER}:
        return Authority.DIS
    return None


def case_competent_authority(case: Case) -> str | None:
    """The competent authority for `case`: its person's residence status and its expulsion case."""
    return competent_authority(case.person.residence_status, expulsion_case=case.expulsion_case)


def _validate(
    *,
    case: Case,
    authority: str,
    decided_on: date,
    primary: str,
    secondary: list[str],
    sector: str,
    crime_type: str,
    place: str,
    contact_actor_type: str,
    exception_reason: str,
) -> None:
    errors: dict[str, list[str]] = {}
    check_code(Authority, authority, field="authority", message=_("Ukendt myndighed."), errors=errors)
    competent = case_competent_authority(case)
    if authority in {Authority.CMM, Authority.DIS} and competent and authority != competent and not exception_reason:
        errors["authority"] = [
            _(
                "%(authority)s er ikke kompetent myndighed for en person med dette opholdsgrundlag; "
                "angiv en begrundelse."
            )
            % {"authority": Authority(authority).label}
        ]
    unknown_form = _("Ukendt udnyttelsesform.")
    check_code(Exploitation, primary, field="primary_exploitation", message=unknown_form, blank=True, errors=errors)
    if unknown_codes(Exploitation, secondary):
        errors["secondary_exploitation"] = [unknown_form]
    optional = (
        (Sector, sector, "sector", _("Ukendt branche.")),
        (CrimeType, crime_type, "crime_type", _("Ukendt type kriminalitet.")),
        (ExploitationPlace, place, "exploitation_place", _("Ukendt udnyttelsessted.")),
        (ActorType, contact_actor_type, "contact_actor_type", _("Ukendt kontaktskabende aktør.")),
    )
    for choices, value, name, message in optional:
        check_code(choices, value, field=name, message=message, blank=True, errors=errors)
    if decided_on < case.opened_on:
        errors["decided_on"] = [_("Afgørelsen kan ikke ligge før sagen blev oprettet.")]
    check_not_future(decided_on, field="decided_on", errors=errors)
    if errors:
        raise ValidationError(errors)


@service
def decision_record(
    *,
    actor: Actor,
    case: Case,
    authority: str,
    decided_on: date,
    identified: bool,
    contact_actor_type: str = "",
    contact_actor_org: str = "",
    primary_exploitation: str = "",
    secondary_exploitation: list[str] | None = None,
    sector: str = "",
    crime_type: str = "",
    exploitation_place: str = "",
    exception_reason: str = "",
    reasoning: str = "",
    external_id: str | None = None,
    child_views: str = "",
) -> Decision:
    """Record the authority's decision on whether the person was trafficked.

    The competent authority follows from the residence status and an expulsion case; another
    authority is refused unless `exception_reason` says why. `reasoning` (the authority's
    begrundelse) is stored encrypted. Centre staff record CMM and court decisions; immigration
    officers record DIS decisions on cases put to DIS and on their own. The case moves to
    identified or not identified. An unaccompanied child's decision needs a personal
    representative on the case, and `child_views` records the child's own views
    (docs/definitions.md#children). Audit: case.decision_recorded.
    """
    require(actor, "cases.decide_case", case)
    if is_immigration_officer(actor) and authority != Authority.DIS:
        raise ValidationError({"authority": [_("Udlændingestyrelsen kan kun registrere sine egne afgørelser.")]})
    secondary = secondary_exploitation or []
    _validate(
        case=case,
        authority=authority,
        decided_on=decided_on,
        primary=primary_exploitation,
        secondary=secondary,
        sector=sector,
        crime_type=crime_type,
        place=exploitation_place,
        contact_actor_type=contact_actor_type,
        exception_reason=exception_reason,
    )
    child_guard(case=case, on=decided_on)
    decision = Decision.objects.create(
        external_id=external_id or new_id("D"),
        case=case,
        decided_on=decided_on,
        authority=authority,
        identified=identified,
        age_at_decision=age_on(case.person, decided_on),
        contact_actor_type=contact_actor_type,
        contact_actor_org=contact_actor_org,
        primary_exploitation=primary_exploitation,
        secondary_exploitation=secondary,
        sector=sector,
        crime_type=crime_type,
        exploitation_place=exploitation_place,
        exception_reason_ct=crypto.encrypt_json(exception_reason or None),
        reasoning_ct=crypto.encrypt_json(reasoning.strip() or None),
        recorded_by=actor,
    )
    child_views_record(decision=decision, views=child_views)
    through = [CaseStatus.DECISION_PENDING] if case.status == CaseStatus.ASSESSMENT else []
    transitions.move_and_save(
        case=case, to=CaseStatus.IDENTIFIED if identified else CaseStatus.NOT_IDENTIFIED, through=through
    )
    audit.record(
        actor=actor,
        event="case.decision_recorded",
        subject=case,
        extra={"authority": authority, "identified": identified, "exception": bool(exception_reason)},
    )
    return decision
