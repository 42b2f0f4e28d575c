"""Prepared return (forberedt hjemrejse): plan, budget against the rates, approval, departure."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from uuid import UUID

import rules
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from spor import nationalities as nat
from spor.audit import services as audit
from spor.cases import transitions
from spor.cases.models import (
    Case,
    CaseStatus,
    FollowUp,
    RateKind,
    ReintegrationRate,
    ReturnPlan,
    ReturnStatus,
)
from spor.cases.selectors import follow_up_ends_on
from spor.cases.services.minors import child_guard
from spor.common.actor import Actor, service
from spor.common.crypto import encrypt_json
from spor.common.update import model_update
from spor.common.versioning import check_version
from spor.organisations.permissions import require
from spor.people.models import Child, ConsentPurpose, Person
from spor.people.services import consent_require
from spor.vocabulary import (
    FollowUpChannel,
    FollowUpOutcome,
    Reintegration,
    YearEndStatus,
    check_code,
    check_not_future,
)

REINTEGRATION_MAX = timedelta(days=365)
PARTNER_MAX = 200
NOTE_MAX = 4000


def rates_in_force(on: date) -> dict[str, int]:
    """The reintegration rates valid on `on`, by kind; empty when not every kind has a rate on file.

    A date without rates is no reason to refuse a return: the plan is recorded, marked "no rate
    on file" (docs/definitions.md#reintegration-rates).
    """
    rows = ReintegrationRate.objects.filter(valid_from__lte=on, valid_to__gte=on)
    rates = {row.kind: row.amount_dkk for row in rows}
    if any(kind not in rates for kind in RateKind.values):
        return {}
    return rates


def _dkk(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " kr."


def budget_check(*, applied_on: date, in_kind_dkk: int, cash_dkk: int, children: int, provider: bool) -> bool:
    """Refuse a budget over the rates in force on the application date, naming rate and excess.

    In kind: the adult rate plus the child rate per travelling minor child. Cash: the provider rate
    for a person with dependants, otherwise the single rate. Unaccompanied minors count as adults.
    Returns whether rates were on file; without them nothing can be checked and nothing is refused.
    """
    rates = rates_in_force(applied_on)
    if not rates:
        return False
    errors: dict[str, list[str]] = {}
    in_kind_max = rates[RateKind.IN_KIND_ADULT] + children * rates[RateKind.IN_KIND_CHILD]
    if in_kind_dkk > in_kind_max:
        errors["in_kind_dkk"] = [
            _("Naturalier overstiger satsen (%(adult)s pr. voksen + %(child)s pr. barn = %(max)s) med %(over)s.")
            % {
                "adult": _dkk(rates[RateKind.IN_KIND_ADULT]),
                "child": _dkk(rates[RateKind.IN_KIND_CHILD]),
                "max": _dkk(in_kind_max),
                "over": _dkk(in_kind_dkk - in_kind_max),
            }
        ]
    cash_kind = RateKind.CASH_PROVIDER if provider else RateKind.CASH_SINGLE
    if cash_dkk > rates[cash_kind]:
        errors["cash_dkk"] = [
            _("Kontantbeløbet overstiger satsen “%(rate)s” (%(max)s) med %(over)s.")
            % {
                "rate": RateKind(cash_kind).label,
                "max": _dkk(rates[cash_kind]),
                "over": _dkk(cash_dkk - rates[cash_kind]),
            }
        ]
    if errors:
        raise ValidationError(errors)
    return True


def travelling_children_of(person: Person, codes: Iterable[UUID | str]) -> list[Child]:
    """The person's recorded children with these codes; ValidationError naming the field otherwise."""
    try:
        wanted = {UUID(str(code)) for code in codes}
    except ValueError:
        wanted = {UUID(int=0)}
    found = list(Child.objects.filter(person=person, code__in=wanted).order_by("pk"))
    if len(found) != len(wanted):
        raise ValidationError({"travelling_children": [_("Kun personens registrerede børn kan rejse med.")]})
    return found


@service
def return_plan_submit(
    *,
    actor: Actor,
    case: Case,
    applied_on: date,
    destination: str,
    in_kind_dkk: int,
    cash_dkk: int,
    travelling_children: Iterable[UUID | str] = (),
    provider: bool = False,
    reintegration: Iterable[str] = (),
    partner: str = "",
    consent_override_reason: str = "",
) -> ReturnPlan:
    """Put a prepared-return plan to the return agency, within the rates when rates are on file.

    `travelling_children` are codes of the person's recorded children; `reintegration` codes of
    vocabulary.Reintegration (docs/definitions.md#reintegration-content). An unaccompanied child's
    plan needs a personal representative on the case (docs/definitions.md#children). Disclosing the plan to
    the return agency needs the person's consent to disclosure (or a manager's override). Centre
    staff. Audit: return.submitted.
    """
    require(actor, "cases.work_case", case)
    if case.status != CaseStatus.IDENTIFIED:
        raise ValidationError({"case": [_("Forberedt hjemrejse kræver, at personen er vurderet udsat.")]})
    errors: dict[str, list[str]] = {}
    if not nat.is_valid(destination) or destination in {"XX", "ZZ"}:
        errors["destination"] = [_("Ukendt hjemland.")]
    if min(in_kind_dkk, cash_dkk) < 0:
        errors["in_kind_dkk"] = [_("Beløb og antal kan ikke være negative.")]
    kinds = list(dict.fromkeys(reintegration))
    for code in kinds:
        check_code(Reintegration, code, field="reintegration", errors=errors)
    partner = partner.strip()
    if len(partner) > PARTNER_MAX:
        errors["partner"] = [_("Højst %(n)s tegn.") % {"n": PARTNER_MAX}]
    if errors:
        raise ValidationError(errors)
    child_guard(case=case, on=applied_on)
    children = travelling_children_of(case.person, travelling_children)
    on_file = budget_check(
        applied_on=applied_on, in_kind_dkk=in_kind_dkk, cash_dkk=cash_dkk, children=len(children), provider=provider
    )
    consent_require(
        actor=actor, person=case.person, purpose=ConsentPurpose.DISCLOSURE, override_reason=consent_override_reason
    )
    plan = ReturnPlan.objects.create(
        case=case,
        applied_on=applied_on,
        destination=destination,
        in_kind_dkk=in_kind_dkk,
        cash_dkk=cash_dkk,
        children=len(children),
        provider=provider,
        rate_on_file=on_file,
        reintegration=kinds,
        partner=partner,
    )
    plan.travelling_children.set(children)
    transitions.move_and_save(case=case, to=CaseStatus.RETURN_PLANNED)
    audit.record(
        actor=actor,
        event="return.submitted",
        subject=case,
        extra={"plan": str(plan.code), "rate_on_file": on_file},
    )
    return plan


@service
def return_plan_decide(
    *, actor: Actor, plan: ReturnPlan, approve: bool, on: date, version: int | None = None
) -> ReturnPlan:
    """The return agency approves or rejects a submitted plan. Return officers. Audit: return.decided."""
    require(actor, "cases.decide_return", plan)
    plan = ReturnPlan.objects.select_for_update().get(pk=plan.pk)
    check_version(plan, version, ["status", "in_kind_dkk", "cash_dkk"])
    if plan.status != ReturnStatus.SUBMITTED:
        raise ValidationError({"status": [_("Planen er allerede behandlet.")]})
    status = ReturnStatus.APPROVED if approve else ReturnStatus.REJECTED
    model_update(
        instance=plan,
        fields=["status", "decided_by", "decided_on"],
        data={"status": status, "decided_by": actor, "decided_on": on},
    )
    if not approve:
        transitions.move_and_save(case=plan.case, to=CaseStatus.IDENTIFIED)
    audit.record(actor=actor, event="return.decided", subject=plan.case, extra={"approved": approve})
    return plan


@service
def return_plan_depart(
    *, actor: Actor, plan: ReturnPlan, departed_on: date, reintegration_ends_on: date | None = None
) -> ReturnPlan:
    """Record the departure of an approved plan; reintegration support runs at most one year after.

    The departure ends the passage: the case is closed on the departure date with the exit
    "prepared return" (docs/definitions.md#exit), which starts the erasure clock. Follow-up of the
    reintegration support is recorded on the plan. Return officers and centre staff.
    Audit: return.departed, case.closed.
    """
    if not rules.has_perm("cases.work_case", actor, plan.case):
        require(actor, "cases.decide_return", plan)
    plan = ReturnPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != ReturnStatus.APPROVED:
        raise ValidationError({"status": [_("Kun en godkendt plan kan føre til udrejse.")]})
    if departed_on < plan.applied_on:
        raise ValidationError({"departed_on": [_("Udrejsen kan ikke ligge før ansøgningen.")]})
    limit = departed_on + REINTEGRATION_MAX
    ends_on = reintegration_ends_on or limit
    if ends_on > limit:
        raise ValidationError({"reintegration_ends_on": [_("Reintegrationen kan højst vare et år efter udrejsen.")]})
    model_update(
        instance=plan,
        fields=["status", "departed_on", "reintegration_ends_on"],
        data={"status": ReturnStatus.DEPARTED, "departed_on": departed_on, "reintegration_ends_on": ends_on},
    )
    case = transitions.move_and_save(
        case=plan.case,
        to=CaseStatus.CLOSED,
        through=[CaseStatus.DEPARTED],
        data={"closed_on": departed_on, "exit": YearEndStatus.PREPARED_RETURN},
    )
    audit.record(actor=actor, event="return.departed", subject=case)
    audit.record(actor=actor, event="case.closed", subject=case, extra={"exit": YearEndStatus.PREPARED_RETURN})
    return plan


@service
def follow_up_record(
    *,
    actor: Actor,
    plan: ReturnPlan,
    contacted_on: date,
    channel: str,
    outcome: str,
    note: str = "",
) -> FollowUp:
    """Record a contact with the person after the return (docs/definitions.md#follow-up-after-return).

    Only for a departed plan, dated from the departure to the end of the follow-up period and not
    in the future. Centre staff. Audit: return.followed_up (codes only, never the note).
    """
    require(actor, "cases.work_case", plan.case)
    plan = ReturnPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != ReturnStatus.DEPARTED or plan.departed_on is None:
        raise ValidationError({"plan": [_("Opfølgning kræver, at udrejsen er registreret.")]})
    errors: dict[str, list[str]] = {}
    check_code(FollowUpChannel, channel, field="channel", errors=errors)
    check_code(FollowUpOutcome, outcome, field="outcome", errors=errors)
    check_not_future(contacted_on, field="contacted_on", errors=errors)
    if contacted_on < plan.departed_on:
        errors.setdefault("contacted_on", []).append(_("Kontakten kan ikke ligge før udrejsen."))
    elif contacted_on > follow_up_ends_on(plan.departed_on):
        errors.setdefault("contacted_on", []).append(_("Opfølgningen løber højst et år efter udrejsen."))
    note = note.strip()
    if len(note) > NOTE_MAX:
        errors["note"] = [_("Højst %(n)s tegn.") % {"n": NOTE_MAX}]
    if errors:
        raise ValidationError(errors)
    follow_up = FollowUp.objects.create(
        plan=plan,
        contacted_on=contacted_on,
        channel=channel,
        outcome=outcome,
        note_ct=encrypt_json(note or None),
        recorded_by=actor,
    )
    audit.record(
        actor=actor, event="return.followed_up", subject=plan.case, extra={"channel": channel, "outcome": outcome}
    )
    return follow_up
