"""Inquiries (the centre's register) and referrals (a partner's own submissions)."""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Header, Query, Router, Status
from ninja.responses import codes_4xx
from pydantic import Field

from spor.api import schemas as s
from spor.api.auth import actor
from spor.api.conditional import etag, guarded
from spor.api.pagination import PageQuery, page
from spor.api.routers.cases import case_out
from spor.cases import selectors, services
from spor.cases.models import InquiryState
from spor.common.errors import NotFound
from spor.organisations.permissions import require
from spor.people import selectors as people
from spor.people import services as person_services
from spor.vocabulary import ActorType, Channel

router = Router(tags=["inquiries"])
ERRORS: dict[Any, Any] = {codes_4xx: s.ErrorOut}
IdempotencyKey = Header(default="", alias="Idempotency-Key", max_length=128, pattern=r"^[\x21-\x7e]*$")


class InquiryFilter(PageQuery):
    received_from: s.Day | None = None
    received_to: s.Day | None = None
    channel: Channel | None = None
    sender_type: ActorType | None = None
    state: InquiryState | None = None
    assigned_to: UUID | None = None
    order: Literal["received_on", "-received_on", "external_id", "-external_id"] = Field(default="-received_on")


def _filtered(actor: Any, f: InquiryFilter) -> QuerySet[Any]:
    return selectors.inquiry_queue_for(
        actor=actor,
        state=f.state,
        channel=f.channel,
        sender_type=f.sender_type,
        received_from=f.received_from,
        received_to=f.received_to,
        assigned_to=f.assigned_to,
    )


FIELDS = (
    "code",
    "external_id",
    "received_on",
    "channel",
    "sender_type",
    "sender_org",
    "state",
    "version",
    "outcome",
    "closed_on",
)


def _out(inquiry: Any) -> dict[str, Any]:
    return {**{name: getattr(inquiry, name) for name in FIELDS}, "case": inquiry.case.code if inquiry.case else None}


@router.post("/inquiries", response={201: s.InquiryOut, **ERRORS}, summary="Register an inquiry")
def inquiry_register(request: HttpRequest, payload: s.InquiryIn) -> Any:
    persons = [people.person_get_for(actor=actor(request), code=code) for code in payload.persons]
    data = payload.dict(exclude={"persons"})
    return Status(201, _out(services.inquiry_register(actor=actor(request), persons=persons, **data)))


@router.get("/inquiries", response={200: s.InquiryPage, **ERRORS}, summary="List inquiries")
def inquiry_list(request: HttpRequest, filters: Query[InquiryFilter]) -> Any:
    # Plain rows of the listed columns: a page of model instances cost more CPU than its query.
    queryset = _filtered(actor(request), filters).values(*FIELDS, case_code=F("case__code"))
    result = page(queryset, filters, filters.order)
    items = [{**{name: row[name] for name in FIELDS}, "case": row["case_code"]} for row in result["items"]]
    return {**result, "items": items}


@router.get("/inquiries/{uuid:code}", response={200: s.InquiryOut, **ERRORS}, summary="One inquiry")
def inquiry_detail(request: HttpRequest, code: UUID, response: HttpResponse) -> Any:
    inquiry = selectors.inquiry_get_for(actor=actor(request), code=code)
    etag(response, inquiry.version)
    return _out(inquiry)


@router.post("/inquiries/{uuid:code}/assign", response={200: s.InquiryOut, **ERRORS}, summary="Assign (managers)")
def inquiry_assign(request: HttpRequest, code: UUID, payload: s.AssignIn) -> Any:
    inquiry = selectors.inquiry_get_for(actor=actor(request), code=code)
    assignee = get_user_model().objects.filter(code=payload.user, is_active=True).first()
    if assignee is None:
        raise NotFound
    with guarded(request, inquiry, ["assigned_to"]) as current:
        return _out(services.inquiry_assign(actor=actor(request), inquiry=current, assignee=assignee))


class CloseIn(s.Schema):
    outcome: str = Field(max_length=32)
    note: str = Field(default="", max_length=4000)
    duplicate_of: UUID | None = None


@router.post("/inquiries/{uuid:code}/close", response={200: s.InquiryOut, **ERRORS}, summary="Close without a case")
def inquiry_close(request: HttpRequest, code: UUID, payload: CloseIn) -> Any:
    """docs/definitions.md#inquiry-outcome; If-Match with the version read, like every changing write."""
    inquiry = selectors.inquiry_get_for(actor=actor(request), code=code)
    duplicate_of = (
        selectors.inquiry_get_for(actor=actor(request), code=payload.duplicate_of) if payload.duplicate_of else None
    )
    with guarded(request, inquiry, ["state", "outcome"]) as current:
        closed = services.inquiry_close(
            actor=actor(request), inquiry=current, outcome=payload.outcome, note=payload.note, duplicate_of=duplicate_of
        )
        return _out(closed)


class AttachPersonIn(s.Schema):
    person: UUID


@router.post(
    "/inquiries/{uuid:code}/person", response={200: s.InquiryOut, **ERRORS}, summary="Attach an existing person"
)
def inquiry_attach_person(request: HttpRequest, code: UUID, payload: AttachPersonIn) -> Any:
    """An inquiry without a person gets one the caller may see (after `POST /persons/duplicates`); If-Match."""
    inquiry = selectors.inquiry_get_for(actor=actor(request), code=code)
    require(actor(request), "cases.close_inquiry", inquiry)  # a referrer: 403 before any person lookup
    person = people.person_get_for(actor=actor(request), code=payload.person)
    with guarded(request, inquiry, ["state", "assigned_to", "outcome"]) as current:
        return _out(services.inquiry_attach_person(actor=actor(request), inquiry=current, person=person))


@router.post(
    "/inquiries/{uuid:code}/person/new",
    response={201: s.InquiryOut, **ERRORS},
    summary="Create a person from the inquiry and attach it",
)
def inquiry_create_person(request: HttpRequest, code: UUID, payload: s.PersonIn) -> Any:
    """The person is created and attached in one transaction; If-Match with the inquiry's version."""
    inquiry = selectors.inquiry_get_for(actor=actor(request), code=code)
    with guarded(request, inquiry, ["state", "assigned_to", "outcome"]) as current:
        fields = payload.dict(exclude={"identity"})
        person = person_services.person_create(
            actor=actor(request), identity=person_services.Identity(**payload.identity.dict()), **fields
        )
        return Status(201, _out(services.inquiry_attach_person(actor=actor(request), inquiry=current, person=person)))


class OpenCaseIn(s.Schema):
    opened_on: s.Day
    person: UUID | None = None  # the inquiry's only person when left out


@router.post("/inquiries/{uuid:code}/case", response={201: s.CaseOut, **ERRORS}, summary="Open the inquiry's case")
def inquiry_open_case(request: HttpRequest, code: UUID, payload: OpenCaseIn) -> Any:
    """Open a case for a person of the inquiry; If-Match with the inquiry's version."""
    inquiry = selectors.inquiry_get_for(actor=actor(request), code=code)
    require(actor(request), "cases.close_inquiry", inquiry)
    persons = inquiry.persons.all()
    person = persons.filter(code=payload.person).first() if payload.person else None
    if person is None and payload.person is None and persons.count() == 1:
        person = persons.get()
    if person is None:
        raise ValidationError({"person": [_("Vælg en af henvendelsens personer.")]})
    with guarded(request, inquiry, ["state", "assigned_to", "outcome"]) as current:
        case = services.case_open(actor=actor(request), person=person, opened_on=payload.opened_on, inquiry=current)
        return Status(201, case_out(case))


def _referral_out(inquiry: Any) -> dict[str, Any]:
    referral = getattr(inquiry, "referral", None)  # None for an inquiry made before referrals had details
    fields = ("code", "external_id", "received_on", "sender_type", "state")
    anonymous = referral.anonymous if referral is not None else False
    return {
        **{name: getattr(inquiry, name) for name in fields},
        "status": selectors.referral_status(inquiry),
        "anonymous": anonymous,
    }


@router.post("/referrals", response={201: s.ReferralOut, **ERRORS}, summary="Refer a person (partners)")
def referral_submit(
    request: HttpRequest, payload: s.ReferralIn, response: HttpResponse, idempotency_key: str = IdempotencyKey
) -> Any:
    """With an `Idempotency-Key`, a retried submission returns the first referral, never a second.

    The replay has the same status and body, marked with `Idempotent-Replayed: true`. Without
    `consent: "yes"` the referral is an anonymous notification (docs/api.md#referrals).
    """
    data = payload.dict()
    head = {name: data.pop(name) for name in ("sender_type", "summary", "received_on")}
    data["exploitation"] = data["exploitation"] or ""
    details = services.ReferralDetails(**data)
    inquiry, created = services.referral_submit(
        actor=actor(request), idempotency_key=idempotency_key, details=details, **head
    )
    if not created:
        response["Idempotent-Replayed"] = "true"
    return Status(201, _referral_out(inquiry))


@router.get("/referrals", response={200: s.ReferralPage, **ERRORS}, summary="A referrer's own referrals")
def referral_list(request: HttpRequest, filters: Query[InquiryFilter]) -> Any:
    """A referrer sees its organisation's referrals and their state; centre staff see all inquiries."""
    queryset = _filtered(actor(request), filters).select_related("case", "referral")
    result = page(queryset, filters, filters.order)
    return {**result, "items": [_referral_out(inquiry) for inquiry in result["items"]]}


@router.get("/referrals/{uuid:code}", response={200: s.ReferralDetailOut, **ERRORS}, summary="One own referral")
def referral_detail(request: HttpRequest, code: UUID) -> Any:
    """What the referrer's organisation sent, decrypted (read-logged), and its status; another
    organisation's referral is a 404, for centre staff too (they read inquiries)."""
    view = selectors.referral_view_for(actor=actor(request), code=code)
    referral, person = view.referral, view.person
    out: dict[str, Any] = {**_referral_out(view.inquiry), "consent": "", "summary": view.summary, "person": None}
    out |= {"exploitation": "", "indicators": [], "child": "", "police_informed": "", "urgency": ""}
    if referral is not None:
        codes = ("consent", "exploitation", "indicators", "child", "police_informed", "urgency")
        out |= {name: getattr(referral, name) for name in codes}
        plain = ("birth_year", "estimated_age", "age_band", "gender", "nationalities", "place")
        out["person"] = {**person, **{name: getattr(referral, name) for name in plain}}
    return out
