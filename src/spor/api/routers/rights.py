"""The victim's rights on a case (docs/api.md#victims-rights): why no police report, a report's
outcome, § 9 c permits, non-punishment and detention, compensation claims.

Centre staff only: who cannot see the case gets 404, who sees it but does not work it (an officer
of the Immigration Service) 403. A decision on a permit, a matter or a claim changes an existing
record, so it names the version read (If-Match or `version`), as elsewhere in the API.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from ninja.responses import codes_4xx
from pydantic import Field

from spor.api import schemas as s
from spor.api.auth import actor
from spor.api.conditional import etag, required_version
from spor.cases import selectors
from spor.cases.models import Case
from spor.cases.rights_selectors import case_rights_for
from spor.cases.services import rights as services
from spor.common.errors import NotFound
from spor.vocabulary import CompensationRoute, CrimeType, NonPunishmentOutcome, NoReportReason, PoliceReportOutcome

router = Router(tags=["rights"])
ERRORS: dict[Any, Any] = {codes_4xx: s.ErrorOut}
Claim = Annotated[int, Field(ge=1, le=services.MAX_CLAIM_DKK)]
Award = Annotated[int, Field(ge=0, le=services.MAX_CLAIM_DKK)]


class NoReportIn(Schema):
    reason: Annotated[str, s.CodeOf(NoReportReason)]
    recorded_on: s.Day
    note: s.Reason = ""


class NoReportOut(Schema):
    code: UUID
    reason: str
    recorded_on: date


class OutcomeIn(Schema):
    outcome: Annotated[str, s.CodeOf(PoliceReportOutcome)]
    on: s.Day


class OutcomeOut(Schema):
    code: UUID
    outcome: str
    on: date


class ReportRightsOut(Schema):
    code: UUID
    filed_on: date
    anonymous: bool
    legal_basis: str
    journal_number: str
    assists_investigation: str
    outcome: str | None  # the latest step; null while nothing is known
    outcomes: list[OutcomeOut]


class PermitApplyIn(Schema):
    applied_on: s.Day
    consent_override_reason: s.Reason = ""


class PermitDecideIn(Schema):
    decided_on: s.Day
    granted: bool
    valid_from: s.Day | None = None
    valid_to: s.Day | None = None
    version: int | None = None


class PermitOut(Schema):
    code: UUID
    applied_on: date
    decided_on: date | None
    granted: bool | None
    valid_from: date | None
    valid_to: date | None
    version: int


class NonPunishmentIn(Schema):
    crime_type: Annotated[str, s.CodeOf(CrimeType)] | None = None
    charged_on: s.Day | None = None


class NonPunishmentOutcomeIn(Schema):
    outcome: Annotated[str, s.CodeOf(NonPunishmentOutcome)]
    on: s.Day
    version: int | None = None


class DetentionIn(Schema):
    from_on: s.Day
    to_on: s.Day | None = None


class DetentionOut(Schema):
    code: UUID
    from_on: date
    to_on: date | None


class NonPunishmentOut(Schema):
    code: UUID
    crime_type: str
    charged_on: date | None
    outcome: str
    outcome_on: date | None
    detentions: list[DetentionOut]
    detained_days: int
    version: int


class ClaimIn(Schema):
    route: Annotated[str, s.CodeOf(CompensationRoute)]
    claimed_on: s.Day
    claimed_dkk: Claim


class ClaimDecideIn(Schema):
    decided_on: s.Day
    awarded_dkk: Award
    version: int | None = None


class ClaimOut(Schema):
    code: UUID
    route: str
    claimed_on: date
    claimed_dkk: int
    decided_on: date | None
    awarded_dkk: int | None
    version: int


class RightsOut(Schema):
    police_reports: list[ReportRightsOut]
    no_report: NoReportOut | None  # the reason in force while no report is filed
    residence_permits: list[PermitOut]
    non_punishments: list[NonPunishmentOut]
    compensation_claims: list[ClaimOut]


def _case(request: HttpRequest, code: UUID) -> Case:
    return selectors.case_get_for(actor=actor(request), code=code)


def _child(case: Case, related: str, code: UUID) -> Any:
    """A record of a visible case, through the case (docs/architecture.md#services-and-selectors)."""
    found = getattr(case, related).filter(code=code).first()
    if found is None:
        raise NotFound
    return found


def _matter(matter: Any) -> dict[str, Any]:
    columns = {f: getattr(matter, f) for f in NonPunishmentOut.model_fields if f != "detentions"}
    return {**columns, "detentions": list(matter.detentions.all())}


@router.get("/cases/{uuid:code}/rights", response={200: RightsOut, **ERRORS}, summary="The victim's rights")
def case_rights(request: HttpRequest, code: UUID) -> Any:
    """Reports with their journal number and outcome, the no-report reason, permits, matters and claims."""
    rights = case_rights_for(actor=actor(request), case=_case(request, code))
    reports = [
        {
            **{f: getattr(v.report, f) for f in ("code", "filed_on", "anonymous", "legal_basis")},
            "assists_investigation": v.report.assists_investigation,
            "journal_number": v.journal_number,
            "outcome": v.outcome.outcome if v.outcome else None,
            "outcomes": v.outcomes,
        }
        for v in rights.reports
    ]
    return {
        "police_reports": reports,
        "no_report": rights.no_report,
        "residence_permits": rights.permits,
        "non_punishments": [_matter(m) for m in rights.matters],
        "compensation_claims": rights.claims,
    }


@router.post("/cases/{uuid:code}/no-police-report", response={201: NoReportOut, **ERRORS}, summary="Why no report")
def no_report_record(request: HttpRequest, code: UUID, payload: NoReportIn) -> Any:
    row = services.no_police_report_record(actor=actor(request), case=_case(request, code), **payload.dict())
    return Status(201, row)


@router.post(
    "/cases/{uuid:code}/police-reports/{uuid:report}/outcomes",
    response={201: OutcomeOut, **ERRORS},
    summary="Record a report's outcome",
)
def report_outcome_record(request: HttpRequest, code: UUID, report: UUID, payload: OutcomeIn) -> Any:
    found = _child(_case(request, code), "police_reports", report)
    return Status(201, services.police_report_outcome_record(actor=actor(request), report=found, **payload.dict()))


@router.post("/cases/{uuid:code}/residence-permits", response={201: PermitOut, **ERRORS}, summary="Apply (§ 9 c)")
def permit_apply(request: HttpRequest, code: UUID, payload: PermitApplyIn) -> Any:
    return Status(
        201, services.residence_permit_apply(actor=actor(request), case=_case(request, code), **payload.dict())
    )


@router.post(
    "/cases/{uuid:code}/residence-permits/{uuid:permit}/decide",
    response={200: PermitOut, **ERRORS},
    summary="Record the permit decision (If-Match)",
)
def permit_decide(
    request: HttpRequest, code: UUID, permit: UUID, payload: PermitDecideIn, response: HttpResponse
) -> Any:
    found = _child(_case(request, code), "residence_permits", permit)
    version = required_version(request, payload.version)
    data = payload.dict(exclude={"version"})
    decided = services.residence_permit_decide(actor=actor(request), permit=found, version=version, **data)
    etag(response, decided.version)
    return decided


@router.post("/cases/{uuid:code}/non-punishments", response={201: NonPunishmentOut, **ERRORS}, summary="Non-punishment")
def non_punishment_record(request: HttpRequest, code: UUID, payload: NonPunishmentIn) -> Any:
    matter = services.non_punishment_record(
        actor=actor(request),
        case=_case(request, code),
        crime_type=payload.crime_type or "",
        charged_on=payload.charged_on,
    )
    return Status(201, _matter(matter))


@router.post(
    "/cases/{uuid:code}/non-punishments/{uuid:matter}/outcome",
    response={200: NonPunishmentOut, **ERRORS},
    summary="Record the outcome (If-Match)",
)
def non_punishment_outcome(
    request: HttpRequest, code: UUID, matter: UUID, payload: NonPunishmentOutcomeIn, response: HttpResponse
) -> Any:
    found = _child(_case(request, code), "non_punishments", matter)
    version = required_version(request, payload.version)
    done = services.non_punishment_outcome(
        actor=actor(request), matter=found, outcome=payload.outcome, on=payload.on, version=version
    )
    etag(response, done.version)
    return _matter(done)


@router.post(
    "/cases/{uuid:code}/non-punishments/{uuid:matter}/detentions",
    response={201: DetentionOut, **ERRORS},
    summary="Add a detention",
)
def detention_add(request: HttpRequest, code: UUID, matter: UUID, payload: DetentionIn) -> Any:
    found = _child(_case(request, code), "non_punishments", matter)
    return Status(201, services.detention_add(actor=actor(request), matter=found, **payload.dict()))


@router.post("/cases/{uuid:code}/compensation-claims", response={201: ClaimOut, **ERRORS}, summary="Claim compensation")
def claim_add(request: HttpRequest, code: UUID, payload: ClaimIn) -> Any:
    claim = services.compensation_claim_add(actor=actor(request), case=_case(request, code), **payload.dict())
    return Status(201, claim)


@router.post(
    "/cases/{uuid:code}/compensation-claims/{uuid:claim}/decide",
    response={200: ClaimOut, **ERRORS},
    summary="Record the award (If-Match)",
)
def claim_decide(request: HttpRequest, code: UUID, claim: UUID, payload: ClaimDecideIn, response: HttpResponse) -> Any:
    found = _child(_case(request, code), "compensation_claims", claim)
    version = required_version(request, payload.version)
    data = payload.dict(exclude={"version"})
    decided = services.compensation_claim_decide(actor=actor(request), claim=found, version=version, **data)
    etag(response, decided.version)
    return decided
