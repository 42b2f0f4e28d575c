"""Children: a person's recorded children, the child marker of a case, and an unaccompanied
minor's representative, municipality and notification (docs/api.md#children)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.responses import codes_4xx
from pydantic import Field

from spor.api import schemas as s
from spor.api.auth import actor
from spor.api.conditional import etag, required_version
from spor.cases import selectors as cases
from spor.cases.services import minors
from spor.common.errors import NotFound
from spor.people import selectors as people
from spor.people import services

router = Router(tags=["children"])
ERRORS: dict[Any, Any] = {codes_4xx: s.ErrorOut}


class ChildIn(Schema):
    birth_year: int | None = Field(default=None, ge=1900, le=2100)


class UnaccompaniedIn(Schema):
    """Replaces all four; a representative may be added later (docs/definitions.md#children)."""

    representative_name: s.Line = ""
    representative_org: s.Line = ""
    municipality: Annotated[str, Field(max_length=3)] = ""
    notified_on: s.Day | None = None
    version: int | None = Field(default=None, ge=1, le=2_000_000_000)


class UnaccompaniedOut(Schema):
    representative_name: str
    representative_org: str
    municipality: str
    notified_on: date | None
    version: int


class CaseChildOut(Schema):
    """`marker`: "child" (under 18 now, or at the close), "turned_18" (18 during the case) or ""."""

    marker: Literal["child", "turned_18", ""]
    unaccompanied: bool
    # Only for those who may see the representative (docs/architecture.md#rules); null otherwise.
    details: UnaccompaniedOut | None = None


def _unaccompanied_out(view: cases.UnaccompaniedView) -> dict[str, Any]:
    record = view.record
    return {
        "representative_name": view.representative_name,
        "representative_org": view.representative_org,
        "municipality": record.municipality,
        "notified_on": record.notified_on,
        "version": record.version,
    }


@router.get("/persons/{uuid:code}/children", response={200: list[s.ChildOut], **ERRORS}, summary="The children")
def child_list(request: HttpRequest, code: UUID) -> Any:
    person = people.person_get_for(actor=actor(request), code=code)
    return list(person.children.order_by("pk"))


@router.post("/persons/{uuid:code}/children", response={201: s.ChildOut, **ERRORS}, summary="Record a child")
def child_add(request: HttpRequest, code: UUID, payload: ChildIn) -> Any:
    """Centre staff (`people.change_identity`); the codes are what a return plan names as travelling."""
    person = people.person_get_for(actor=actor(request), code=code)
    return Status(201, services.child_add(actor=actor(request), person=person, birth_year=payload.birth_year))


@router.delete("/persons/{uuid:code}/children/{uuid:child}", response={204: None, **ERRORS}, summary="Remove a child")
def child_remove(request: HttpRequest, code: UUID, child: UUID) -> Any:
    """Refused (422) while a return plan names the child as travelling."""
    person = people.person_get_for(actor=actor(request), code=code)
    found = person.children.filter(code=child).first()
    if found is None:
        raise NotFound
    services.child_remove(actor=actor(request), child=found)
    return Status(204, None)


@router.get("/cases/{uuid:code}/child", response={200: CaseChildOut, **ERRORS}, summary="Child marker")
def case_child(request: HttpRequest, code: UUID) -> Any:
    """The child marker of the case and, for those who may see it, the unaccompanied minor's
    representative (decrypted: the read is logged)."""
    user = actor(request)
    case = cases.case_get_for(actor=user, code=code)
    view = cases.unaccompanied_for(actor=user, case=case)
    return {
        "marker": cases.case_child_marker(case, timezone.localdate()),
        "unaccompanied": view is not None,
        "details": _unaccompanied_out(view) if view else None,
    }


@router.put(
    "/cases/{uuid:code}/unaccompanied",
    response={200: UnaccompaniedOut, **ERRORS},
    summary="Record an unaccompanied minor (If-Match once recorded)",
)
def unaccompanied_record(request: HttpRequest, code: UUID, payload: UnaccompaniedIn, response: HttpResponse) -> Any:
    user = actor(request)
    case = cases.case_get_for(actor=user, code=code)
    existing = cases.unaccompanied_of(case)
    version = required_version(request, payload.version) if existing else None
    data = payload.dict(exclude={"version"})
    minors.unaccompanied_record(actor=user, case=case, version=version, **data)
    view = cases.unaccompanied_for(actor=user, case=case)
    assert view is not None
    etag(response, view.record.version)
    return _unaccompanied_out(view)


@router.get(
    "/return-plans/{uuid:code}/representative",
    response={200: UnaccompaniedOut, **ERRORS},
    summary="The representative of an unaccompanied child's plan",
)
def plan_representative(request: HttpRequest, code: UUID) -> Any:
    """For the return agency: only where the plan is an unaccompanied child's; 404 otherwise."""
    user = actor(request)
    plan = cases.return_plan_get_for(actor=user, code=code)
    view = cases.unaccompanied_for(actor=user, case=plan.case)
    if view is None:
        raise NotFound
    return _unaccompanied_out(view)
