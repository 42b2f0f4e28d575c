"""The victim's rights on a case (docs/definitions.md#victims-rights).

Why no police report was filed, how a report went, the temporary residence permit of
udlændingelovens § 9 c, stk. 4, non-punishment and detention, and compensation claims. Centre
staff record all of it (`cases.work_case`); a referrer, an analyst and the other authorities see
none of it. Consent (docs/definitions.md#consent-and-anonymity): nothing goes to the police that
the person did not agree to, so an application for a § 9 c permit, which tells the police and the
Immigration Service who the person is, needs the person's consent to a report in their own name,
and nothing here turns an anonymous report into a named one.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from spor.audit import services as audit
from spor.cases.models import (
    Case,
    CompensationClaim,
    Detention,
    NonPunishment,
    NoPoliceReport,
    PoliceReport,
    ReportOutcome,
    ResidencePermit,
)
from spor.common.actor import Actor, service
from spor.common.crypto import encrypt_json
from spor.common.update import model_update
from spor.common.versioning import check_version
from spor.organisations.permissions import require
from spor.people.models import ConsentPurpose
from spor.people.services import consent_require
from spor.vocabulary import (
    CompensationRoute,
    CrimeType,
    NonPunishmentOutcome,
    NoReportReason,
    PoliceReportOutcome,
    check_code,
    check_not_future,
)

#: The longest amount a claim may name (DKK): a typing error, not a claim, beyond it.
MAX_CLAIM_DKK = 100_000_000


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


@service
def no_police_report_record(
    *, actor: Actor, case: Case, reason: str, recorded_on: date, note: str = ""
) -> NoPoliceReport:
    """Record why no police report is filed on the case (the reasons CMM publishes).

    Refused once a report is filed: the reason is then moot. A later reason replaces an earlier
    one for the statistics (the latest not after the year end counts). The note is encrypted.
    Centre staff. Audit: police_report.not_filed.
    """
    require(actor, "cases.work_case", case)
    errors: dict[str, list[str]] = {}
    check_code(NoReportReason, reason, field="reason", message=_("Ukendt begrundelse."), errors=errors)
    check_not_future(recorded_on, field="recorded_on", errors=errors)
    if reason == NoReportReason.OTHER and not note.strip():
        errors["note"] = [_("Skriv kort, hvorfor der ikke anmeldes.")]
    if case.police_reports.exists():
        errors.setdefault("reason", []).append(_("Der er allerede indgivet en anmeldelse på sagen."))
    _raise(errors)
    row = NoPoliceReport.objects.create(
        case=case, reason=reason, recorded_on=recorded_on, note_ct=encrypt_json(note.strip() or None), recorded_by=actor
    )
    audit.record(actor=actor, event="police_report.not_filed", subject=case, extra={"reason": reason})
    return row


@service
def police_report_outcome_record(*, actor: Actor, report: PoliceReport, outcome: str, on: date) -> ReportOutcome:
    """Record how far a report went: charge, indictment, conviction (the court statistics'
    categories) or dropped. Dated not before the report nor in the future; a dropped report has
    no later step. Centre staff. Audit: police_report.outcome_recorded.
    """
    require(actor, "cases.work_case", report.case)
    errors: dict[str, list[str]] = {}
    check_code(PoliceReportOutcome, outcome, field="outcome", message=_("Ukendt udfald."), errors=errors)
    check_not_future(on, field="on", errors=errors)
    if on < report.filed_on:
        errors.setdefault("on", []).append(_("Datoen ligger før anmeldelsen."))
    if report.outcomes.filter(outcome=PoliceReportOutcome.DROPPED).exists():
        errors.setdefault("outcome", []).append(_("Sagen er opgivet; der kan ikke registreres mere."))
    _raise(errors)
    row = ReportOutcome.objects.create(report=report, outcome=outcome, on=on, recorded_by=actor)
    audit.record(actor=actor, event="police_report.outcome_recorded", subject=report.case, extra={"outcome": outcome})
    return row


@service
def residence_permit_apply(
    *, actor: Actor, case: Case, applied_on: date, consent_override_reason: str = ""
) -> ResidencePermit:
    """Record an application for a temporary residence permit (udlændingelovens § 9 c, stk. 4).

    The permit rests on the person's presence being required by the investigation, so the police
    learn who the person is: the person's consent to a report in their own name is needed (or a
    manager's override). One application at a time. Centre staff. Audit: residence_permit.applied.
    """
    require(actor, "cases.work_case", case)
    errors: dict[str, list[str]] = {}
    check_not_future(applied_on, field="applied_on", errors=errors)
    if case.residence_permits.filter(decided_on__isnull=True).exists():
        errors["applied_on"] = [_("Der er allerede en ansøgning, som ikke er afgjort.")]
    _raise(errors)
    consent_require(
        actor=actor, person=case.person, purpose=ConsentPurpose.POLICE_REPORT, override_reason=consent_override_reason
    )
    permit = ResidencePermit.objects.create(case=case, applied_on=applied_on)
    audit.record(actor=actor, event="residence_permit.applied", subject=case)
    return permit


@service
def residence_permit_decide(
    *,
    actor: Actor,
    permit: ResidencePermit,
    decided_on: date,
    granted: bool,
    valid_from: date | None = None,
    valid_to: date | None = None,
    version: int | None = None,
) -> ResidencePermit:
    """Record the Immigration Service's decision on a § 9 c application, with the validity of a
    granted permit (required, from before to). A refusal has no validity. Decided once; the
    validity of a granted permit may be changed later (a prolongation while the trial runs).
    Centre staff. Audit: residence_permit.decided.
    """
    require(actor, "cases.work_case", permit.case)
    permit = ResidencePermit.objects.select_for_update().get(pk=permit.pk)
    check_version(permit, version, ["decided_on", "granted", "valid_from", "valid_to"])
    errors: dict[str, list[str]] = {}
    check_not_future(decided_on, field="decided_on", errors=errors)
    if decided_on < permit.applied_on:
        errors.setdefault("decided_on", []).append(_("Afgørelsen kan ikke ligge før ansøgningen."))
    if permit.granted is False:
        errors.setdefault("granted", []).append(_("Ansøgningen er allerede afslået."))
    if granted and (valid_from is None or valid_to is None):
        for name in ("valid_from", "valid_to"):
            errors.setdefault(name, []).append(_("En meddelt tilladelse har en gyldighed."))
    elif granted and valid_from and valid_to and valid_to < valid_from:
        errors["valid_to"] = [_("Gyldigheden slutter før den begynder.")]
    if not granted and (valid_from or valid_to):
        errors.setdefault("valid_from", []).append(_("Et afslag har ingen gyldighed."))
    _raise(errors)
    data = {"decided_on": decided_on, "granted": granted, "valid_from": valid_from, "valid_to": valid_to}
    model_update(instance=permit, fields=list(data), data=data)
    audit.record(actor=actor, event="residence_permit.decided", subject=permit.case, extra={"granted": granted})
    return permit


@service
def non_punishment_record(
    *, actor: Actor, case: Case, crime_type: str = "", charged_on: date | None = None
) -> NonPunishment:
    """Flag that the person was charged or detained for a crime committed as a consequence of
    being trafficked (non-punishment, retsplejelovens § 722, stk. 2). Centre staff.
    Audit: non_punishment.recorded.
    """
    require(actor, "cases.work_case", case)
    errors: dict[str, list[str]] = {}
    check_code(CrimeType, crime_type, field="crime_type", blank=True, errors=errors)
    check_not_future(charged_on, field="charged_on", errors=errors)
    _raise(errors)
    matter = NonPunishment.objects.create(case=case, crime_type=crime_type, charged_on=charged_on)
    audit.record(actor=actor, event="non_punishment.recorded", subject=case, extra={"crime_type": crime_type})
    return matter


@service
def non_punishment_outcome(
    *, actor: Actor, matter: NonPunishment, outcome: str, on: date, version: int | None = None
) -> NonPunishment:
    """Record the end of the matter: tiltalefrafald, acquittal or conviction. Not before the
    charge, not in the future. Centre staff. Audit: non_punishment.outcome_recorded.
    """
    require(actor, "cases.work_case", matter.case)
    matter = NonPunishment.objects.select_for_update().get(pk=matter.pk)
    check_version(matter, version, ["outcome", "outcome_on"])
    errors: dict[str, list[str]] = {}
    check_code(NonPunishmentOutcome, outcome, field="outcome", message=_("Ukendt udfald."), errors=errors)
    check_not_future(on, field="on", errors=errors)
    if matter.charged_on and on < matter.charged_on:
        errors.setdefault("on", []).append(_("Udfaldet kan ikke ligge før sigtelsen."))
    _raise(errors)
    model_update(instance=matter, fields=["outcome", "outcome_on"], data={"outcome": outcome, "outcome_on": on})
    audit.record(actor=actor, event="non_punishment.outcome_recorded", subject=matter.case, extra={"outcome": outcome})
    return matter


@service
def detention_add(*, actor: Actor, matter: NonPunishment, from_on: date, to_on: date | None = None) -> Detention:
    """Add a period of detention to a non-punishment matter; it may not overlap another, and only
    one may be running (no end). Centre staff. Audit: non_punishment.detention_added.
    """
    require(actor, "cases.work_case", matter.case)
    errors: dict[str, list[str]] = {}
    check_not_future(from_on, field="from_on", errors=errors)
    if to_on is not None and to_on < from_on:
        errors["to_on"] = [_("Perioden slutter før den begynder.")]
    for other in matter.detentions.all():
        ends = other.to_on or date.max
        if from_on <= ends and (to_on or date.max) >= other.from_on:
            errors.setdefault("from_on", []).append(_("Perioden overlapper en anden frihedsberøvelse."))
            break
    _raise(errors)
    detention = Detention.objects.create(matter=matter, from_on=from_on, to_on=to_on)
    audit.record(actor=actor, event="non_punishment.detention_added", subject=matter.case)
    return detention


@service
def compensation_claim_add(
    *, actor: Actor, case: Case, route: str, claimed_on: date, claimed_dkk: int
) -> CompensationClaim:
    """Record a compensation claim with the amount claimed (DKK). Centre staff.
    Audit: compensation.claimed.
    """
    require(actor, "cases.work_case", case)
    errors: dict[str, list[str]] = {}
    check_code(CompensationRoute, route, field="route", message=_("Ukendt vej."), errors=errors)
    check_not_future(claimed_on, field="claimed_on", errors=errors)
    if not 0 < claimed_dkk <= MAX_CLAIM_DKK:
        errors["claimed_dkk"] = [_("Beløbet skal være større end 0 kr.")]
    _raise(errors)
    claim = CompensationClaim.objects.create(case=case, route=route, claimed_on=claimed_on, claimed_dkk=claimed_dkk)
    audit.record(actor=actor, event="compensation.claimed", subject=case, extra={"route": route})
    return claim


@service
def compensation_claim_decide(
    *, actor: Actor, claim: CompensationClaim, decided_on: date, awarded_dkk: int, version: int | None = None
) -> CompensationClaim:
    """Record what was awarded (0 for a claim refused); never more than was claimed, not before the
    claim. Centre staff. Audit: compensation.decided.
    """
    require(actor, "cases.work_case", claim.case)
    claim = CompensationClaim.objects.select_for_update().get(pk=claim.pk)
    check_version(claim, version, ["decided_on", "awarded_dkk"])
    errors: dict[str, list[str]] = {}
    check_not_future(decided_on, field="decided_on", errors=errors)
    if decided_on < claim.claimed_on:
        errors.setdefault("decided_on", []).append(_("Afgørelsen kan ikke ligge før kravet."))
    if not 0 <= awarded_dkk <= claim.claimed_dkk:
        errors["awarded_dkk"] = [_("Det tilkendte beløb kan ikke overstige det krævede.")]
    _raise(errors)
    data = {"decided_on": decided_on, "awarded_dkk": awarded_dkk}
    model_update(instance=claim, fields=list(data), data=data)
    audit.record(actor=actor, event="compensation.decided", subject=claim.case)
    return claim
