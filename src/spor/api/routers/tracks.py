"""The authorities' own tracks and case complexes (docs/api.md#tracks-and-complexes).

Expulsion cases, the Immigration Service's own case, reconsideration of a negative decision,
case complexes and employers. Encrypted text (reasoning, a complex's name and police reference,
an employer's name) goes in; a complex's name and reference come back to centre staff only.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.responses import codes_4xx
from pydantic import Field

from spor.api import schemas as s
from spor.api.auth import actor
from spor.api.routers.cases import _case, _child, case_out
from spor.cases import selectors, services
from spor.cases.models import CaseComplex, ComplexKind, Reconsideration
from spor.common.errors import NotFound
from spor.people.services import Identity
from spor.vocabulary import ActorType, Gender, ResidenceStatus

router = Router(tags=["tracks"])
ERRORS: dict[Any, Any] = {codes_4xx: s.ErrorOut}


class ExpulsionIn(Schema):
    expulsion_case: bool


class DisCaseIn(Schema):
    opened_on: s.Day
    identity: s.IdentityIn
    gender: Annotated[str, s.CodeOf(Gender)] = Gender.UNKNOWN
    birth_year: int | None = Field(default=None, ge=1900, le=2100)
    nationalities: list[s.Code] = Field(default=[], max_length=10)
    residence_status: Annotated[str, s.CodeOf(ResidenceStatus)] = ResidenceStatus.UNKNOWN
    expulsion_case: bool = False


class CountOut(Schema):
    count: int


class ReconsiderationIn(Schema):
    requested_on: s.Day
    requested_by: Annotated[str, s.CodeOf(ActorType)] = ActorType.SELF


class ReconsiderationDecideIn(Schema):
    decided_on: s.Day
    changed: bool
    reasoning: s.Text = ""


class ReconsiderationOut(Schema):
    code: UUID
    decision: UUID
    requested_on: date
    requested_by: str
    outcome: str
    decided_on: date | None
    new_decision: UUID | None


class ComplexIn(Schema):
    name: s.Line
    kind: Annotated[str, s.CodeOf(ComplexKind)]
    police_reference: s.Line = ""


class ComplexOut(Schema):
    code: UUID
    name: str
    kind: str
    police_reference: str
    cases: list[UUID]
    employers: list[UUID]
    version: int


class LinkIn(Schema):
    code: UUID


class EmployerIn(Schema):
    name: s.Line
    cvr: Annotated[str, Field(max_length=12)] = ""


class EmployerOut(Schema):
    code: UUID
    name: str
    cvr: str


def reconsideration_out(found: Reconsideration) -> dict[str, Any]:
    return {
        "code": found.code,
        "decision": found.decision.code,
        "requested_on": found.requested_on,
        "requested_by": found.requested_by,
        "outcome": found.outcome,
        "decided_on": found.decided_on,
        "new_decision": found.new_decision.code if found.new_decision else None,
    }


def complex_out(request: HttpRequest, found: CaseComplex) -> dict[str, Any]:
    cases = selectors.complex_cases_for(actor=actor(request), complex=found)
    return {
        "code": found.code,
        "name": found.name,
        "kind": found.kind,
        "police_reference": found.police_reference,
        "cases": [case.code for case in cases],
        "employers": [employer.code for employer in found.employers.order_by("pk")],
        "version": found.version,
    }


@router.post("/cases/{uuid:code}/expulsion", response={200: s.CaseOut, **ERRORS}, summary="Expulsion case")
def case_expulsion_set(request: HttpRequest, code: UUID, payload: ExpulsionIn) -> Any:
    """Whether the person is in an administrative expulsion case (DIS is then competent)."""
    case = services.case_expulsion_set(actor=actor(request), case=_case(request, code), **payload.dict())
    return case_out(case)


@router.post("/dis-cases", response={201: s.CaseOut, **ERRORS}, summary="Open DIS's own case")
def dis_case_open(request: HttpRequest, payload: DisCaseIn) -> Any:
    """Immigration officers: a case kept by DIS, for a person who does not want the centre involved."""
    fields = payload.dict(exclude={"identity"})
    case = services.dis_case_open(actor=actor(request), identity=Identity(**payload.identity.dict()), **fields)
    return Status(201, case_out(case))


@router.get("/dis-cases/count", response={200: CountOut, **ERRORS}, summary="How many cases DIS keeps")
def dis_case_count(request: HttpRequest) -> Any:
    """The centre sees that DIS's own cases exist, never their content."""
    return {"count": selectors.dis_case_count(actor=actor(request))}


@router.get(
    "/cases/{uuid:code}/reconsiderations", response={200: list[ReconsiderationOut], **ERRORS}, summary="Requests"
)
def reconsideration_list(request: HttpRequest, code: UUID) -> Any:
    case = _case(request, code)
    found = Reconsideration.objects.filter(decision__case=case).select_related("decision", "new_decision")
    return [reconsideration_out(r) for r in found]


@router.post(
    "/cases/{uuid:code}/decisions/{uuid:decision}/reconsiderations",
    response={201: ReconsiderationOut, **ERRORS},
    summary="Request reconsideration of a negative decision",
)
def reconsideration_request(request: HttpRequest, code: UUID, decision: UUID, payload: ReconsiderationIn) -> Any:
    found = _child(_case(request, code), "decisions", decision)
    result = services.reconsideration_request(actor=actor(request), decision=found, **payload.dict())
    return Status(201, reconsideration_out(result))


@router.post(
    "/cases/{uuid:code}/reconsiderations/{uuid:reconsideration}/decide",
    response={200: ReconsiderationOut, **ERRORS},
    summary="Decide a reconsideration",
)
def reconsideration_decide(
    request: HttpRequest, code: UUID, reconsideration: UUID, payload: ReconsiderationDecideIn
) -> Any:
    case = _case(request, code)
    found = Reconsideration.objects.filter(decision__case=case, code=reconsideration).first()
    if found is None:
        raise NotFound
    result = services.reconsideration_decide(actor=actor(request), reconsideration=found, **payload.dict())
    return reconsideration_out(result)


@router.post("/complexes", response={201: ComplexOut, **ERRORS}, summary="Create a case complex")
def complex_create(request: HttpRequest, payload: ComplexIn) -> Any:
    return Status(201, complex_out(request, services.complex_create(actor=actor(request), **payload.dict())))


@router.get("/complexes", response={200: list[ComplexOut], **ERRORS}, summary="Case complexes")
def complex_list(request: HttpRequest) -> Any:
    return [complex_out(request, c) for c in selectors.complex_list_for(actor=actor(request))[:500]]


@router.get("/complexes/{uuid:code}", response={200: ComplexOut, **ERRORS}, summary="A case complex")
def complex_detail(request: HttpRequest, code: UUID) -> Any:
    return complex_out(request, selectors.complex_get_for(actor=actor(request), code=code))


@router.post("/complexes/{uuid:code}/cases", response={200: ComplexOut, **ERRORS}, summary="Link a case")
def complex_link_case(request: HttpRequest, code: UUID, payload: LinkIn) -> Any:
    found = selectors.complex_get_for(actor=actor(request), code=code)
    case = _case(request, payload.code)
    return complex_out(request, services.complex_link_case(actor=actor(request), complex=found, case=case))


@router.delete("/complexes/{uuid:code}/cases/{uuid:case}", response={200: ComplexOut, **ERRORS}, summary="Unlink")
def complex_unlink_case(request: HttpRequest, code: UUID, case: UUID) -> Any:
    found = selectors.complex_get_for(actor=actor(request), code=code)
    linked = _case(request, case)
    return complex_out(request, services.complex_unlink_case(actor=actor(request), complex=found, case=linked))


@router.post("/employers", response={201: EmployerOut, **ERRORS}, summary="Record an employer once")
def employer_register(request: HttpRequest, payload: EmployerIn) -> Any:
    return Status(201, services.employer_register(actor=actor(request), **payload.dict()))


@router.post("/complexes/{uuid:code}/employers", response={200: ComplexOut, **ERRORS}, summary="Link an employer")
def complex_link_employer(request: HttpRequest, code: UUID, payload: LinkIn) -> Any:
    found = selectors.complex_get_for(actor=actor(request), code=code)
    employer = selectors.employer_get_for(actor=actor(request), code=payload.code)
    return complex_out(request, services.complex_link_employer(actor=actor(request), complex=found, employer=employer))
