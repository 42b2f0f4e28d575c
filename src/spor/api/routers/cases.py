"""Cases and every step on them: assessment, decision, reflection, support, police, return."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any, Literal
from uuid import UUID

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status
from ninja.responses import codes_4xx
from pydantic import Field

from spor.api import schemas as s
from spor.api.auth import actor
from spor.api.conditional import etag, guarded, required_version
from spor.api.pagination import PageQuery, page
from spor.cases import selectors, services
from spor.cases.actions import case_actions
from spor.cases.models import Case, CaseStatus
from spor.cases.selectors import case_child_marker
from spor.common.errors import NotFound
from spor.organisations.permissions import is_centre_staff
from spor.people import selectors as people

router = Router(tags=["cases"])
ERRORS: dict[Any, Any] = {codes_4xx: s.ErrorOut}
#: The records shown with a case, by relation, with the columns their output schemas list.
HISTORY: dict[str, Any] = {
    "assessments": s.AssessmentOut,
    "decisions": s.DecisionOut,
    "reflection_periods": s.ReflectionOut,
    "stays": s.StayOut,
    "offers": s.OfferOut,
    "police_reports": s.PoliceReportOut,
    "return_plans": s.ReturnPlanRowOut,
}
HISTORY_FIELDS = {name: [f for f in schema.model_fields if f != "case"] for name, schema in HISTORY.items()}


def blank(data: dict[str, Any]) -> dict[str, Any]:
    """Optional codes arrive as null; the services take "" for "not given"."""
    return {k: ("" if v is None and not k.endswith("_on") else v) for k, v in data.items()}


def case_out(case: Case) -> dict[str, Any]:
    fields = ("code", "number", "opened_on", "status", "put_to_dis_on", "closed_on", "exit", "version")
    fields_of_tracks = ("kept_by", "expulsion_case")  # docs/definitions.md#the-authorities-own-tracks
    return {
        **{f: getattr(case, f) for f in (*fields, *fields_of_tracks)},
        "person": case.person.code,
        "person_key": case.person.key,
        "child": case_child_marker(case, date.today()),
    }


def plan_out(plan: Any, user: Any) -> dict[str, Any]:
    """The plan with its travelling children; its follow-ups only for centre staff (the return
    agency does not follow up, and the notes are the centre's)."""
    columns = {f: getattr(plan, f) for f in s.ReturnPlanRowOut.model_fields if f != "case"}
    return {
        **columns,
        "case": plan.case.code,
        "travelling_children": [child.code for child in plan.travelling_children.order_by("pk")],
        "follow_ups": [{f: getattr(f_up, f) for f in s.FollowUpOut.model_fields} for f_up in plan.follow_ups.all()]
        if is_centre_staff(user)
        else [],
    }


def _day(value: Any) -> date:
    """A date of the history read (JSON text on some databases, a date on others)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _case(request: HttpRequest, code: UUID) -> Case:
    return selectors.case_get_for(actor=actor(request), code=code)


def _child(case: Case, related: str, code: UUID) -> Any:
    """A record of a visible case, through the case, never a query of its own.

    See docs/architecture.md#services-and-selectors.
    """
    found = getattr(case, related).filter(code=code).first()
    if found is None:
        raise NotFound
    return found


class CaseFilter(PageQuery):
    opened_from: s.Day | None = None
    opened_to: s.Day | None = None
    status: CaseStatus | None = None
    order: Literal["opened_on", "-opened_on", "number", "-number"] = Field(default="-opened_on")


@router.post("/cases", response={201: s.CaseOut, **ERRORS}, summary="Open a case")
def case_open(request: HttpRequest, payload: s.CaseOpenIn) -> Any:
    person = people.person_get_for(actor=actor(request), code=payload.person)
    inquiry = selectors.inquiry_get_for(actor=actor(request), code=payload.inquiry) if payload.inquiry else None
    case = services.case_open(actor=actor(request), person=person, opened_on=payload.opened_on, inquiry=inquiry)
    return Status(201, case_out(case))


@router.get("/cases", response={200: s.CasePage, **ERRORS}, summary="List cases")
def case_list(request: HttpRequest, filters: Query[CaseFilter]) -> Any:
    q = Q()
    if filters.opened_from:
        q &= Q(opened_on__gte=filters.opened_from)
    if filters.opened_to:
        q &= Q(opened_on__lte=filters.opened_to)
    if filters.status:
        q &= Q(status=filters.status)
    result = page(selectors.case_list_for(actor=actor(request)).filter(q), filters, filters.order)
    return {**result, "items": [case_out(c) for c in result["items"]]}


@router.get("/cases/{uuid:code}", response={200: s.CaseDetailOut, **ERRORS}, summary="A case with its history")
def case_detail(request: HttpRequest, code: UUID, response: HttpResponse) -> Any:
    """At most four queries whatever the case holds: the token, the case, its history in one, and
    the person's consents when an action offered may need one (docs/api.md#case-actions).

    `actions` lists what the caller may do on the case now, the expected next step first
    (`spor.cases.actions.case_actions`, the list the case page shows).
    """
    user = actor(request)
    case = selectors.case_record_for(actor=user, code=code)
    history = selectors.case_history_for(case=case, fields=HISTORY_FIELDS)
    for plan in history["return_plans"]:
        plan["case"] = case.code
    periods = [(_day(p["starts_on"]), _day(p["ends_on"])) for p in history["reflection_periods"]]
    actions = [asdict(a) for a in case_actions(case=case, actor=user, periods=periods)]
    etag(response, case.version)
    return {**case_out(case), **history, "actions": actions}


@router.post("/cases/{uuid:code}/put-to-dis", response={200: s.CaseOut, **ERRORS}, summary="Put the case to DIS")
def case_put_to_dis(request: HttpRequest, code: UUID, payload: s.DayIn) -> Any:
    with guarded(request, _case(request, code), ["status"]) as case:
        return case_out(services.case_put_to_dis(actor=actor(request), case=case, on=payload.on))


@router.post("/cases/{uuid:code}/close", response={200: s.CaseOut, **ERRORS}, summary="Close the case with its exit")
def case_close(request: HttpRequest, code: UUID, payload: s.CaseCloseIn) -> Any:
    with guarded(request, _case(request, code), ["status"]) as case:
        return case_out(services.case_close(actor=actor(request), case=case, on=payload.on, exit=payload.exit))


@router.post("/cases/{uuid:code}/reopen", response={200: s.CaseOut, **ERRORS}, summary="Reopen a closed case")
def case_reopen(request: HttpRequest, code: UUID, payload: s.ReasonIn) -> Any:
    """The reason is stored encrypted and never returned (docs/definitions.md#reopening)."""
    with guarded(request, _case(request, code), ["status"]) as case:
        return case_out(services.case_reopen(actor=actor(request), case=case, reason=payload.reason))


@router.post("/cases/{uuid:code}/contact-person", response={200: s.CaseOut, **ERRORS}, summary="Assign contact person")
def contact_person_assign(request: HttpRequest, code: UUID, payload: s.ContactPersonIn) -> Any:
    user = get_user_model().objects.filter(code=payload.user, is_active=True).first()
    if user is None:
        raise NotFound
    with guarded(request, _case(request, code), ["contact_person"]) as case:
        return case_out(services.contact_person_assign(actor=actor(request), case=case, contact_person=user))


@router.post("/cases/{uuid:code}/assessments", response={201: s.AssessmentOut, **ERRORS}, summary="Record assessment")
def assessment_record(request: HttpRequest, code: UUID, payload: s.AssessmentIn) -> Any:
    case = _case(request, code)
    inquiry = selectors.inquiry_get_for(actor=actor(request), code=payload.inquiry) if payload.inquiry else None
    data = blank(payload.dict(exclude={"inquiry"}))
    return Status(201, services.assessment_record(actor=actor(request), case=case, inquiry=inquiry, **data))


@router.post(
    "/cases/{uuid:code}/assessments/{uuid:assessment}/interviews",
    response={200: s.AssessmentOut, **ERRORS},
    summary="Add an interview to an assessment (If-Match)",
)
def assessment_interview_add(
    request: HttpRequest, code: UUID, assessment: UUID, payload: s.AssessmentIn, response: HttpResponse
) -> Any:
    """A further interview updates the checklist; refused with 412 if someone saved meanwhile."""
    case = _case(request, code)
    found = _child(case, "assessments", assessment)
    inquiry = selectors.inquiry_get_for(actor=actor(request), code=payload.inquiry) if payload.inquiry else None
    data = blank(payload.dict(exclude={"inquiry"}))
    version = required_version(request)
    updated = services.assessment_record(
        actor=actor(request), case=case, inquiry=inquiry, assessment=found, version=version, **data
    )
    etag(response, updated.version)
    return updated


@router.post(
    "/cases/{uuid:code}/assessments/{uuid:assessment}/complete",
    response={200: s.AssessmentOut, **ERRORS},
    summary="Complete an assessment",
)
def assessment_complete(request: HttpRequest, code: UUID, assessment: UUID, payload: s.OutcomeIn) -> Any:
    found = _child(_case(request, code), "assessments", assessment)
    with guarded(request, found, ["outcome"]) as current:
        return services.assessment_complete(actor=actor(request), assessment=current, outcome=payload.outcome)


@router.get("/cases/{uuid:code}/competent-authority", response={200: s.AuthorityOut, **ERRORS}, summary="Who decides")
def competent_authority(request: HttpRequest, code: UUID) -> Any:
    """The authority that follows from the residence status and an expulsion case (a suggestion;
    docs/definitions.md#decision)."""
    case = _case(request, code)
    authority = services.case_competent_authority(case)
    return {
        "residence_status": case.person.residence_status,
        "expulsion_case": case.expulsion_case,
        "authority": authority,
    }


@router.post("/cases/{uuid:code}/decisions", response={201: s.DecisionOut, **ERRORS}, summary="Record a decision")
def decision_record(request: HttpRequest, code: UUID, payload: s.DecisionIn) -> Any:
    data = blank(payload.dict())
    return Status(201, services.decision_record(actor=actor(request), case=_case(request, code), **data))


@router.post("/cases/{uuid:code}/reflection-periods", response={201: s.ReflectionOut, **ERRORS}, summary="Grant")
def reflection_grant(request: HttpRequest, code: UUID, payload: s.ReflectionIn) -> Any:
    return Status(201, services.reflection_grant(actor=actor(request), case=_case(request, code), **payload.dict()))


@router.post(
    "/cases/{uuid:code}/reflection-periods/{uuid:period}/extend",
    response={200: s.ReflectionOut, **ERRORS},
    summary="Extend a reflection period (If-Match)",
)
def reflection_extend(
    request: HttpRequest, code: UUID, period: UUID, payload: s.ExtendIn, response: HttpResponse
) -> Any:
    found = _child(_case(request, code), "reflection_periods", period)
    version = required_version(request, payload.version)
    extended = services.reflection_extend(
        actor=actor(request), period=found, until=payload.until, reason=payload.reason, version=version
    )
    etag(response, extended.version)
    return extended


@router.post("/cases/{uuid:code}/stays", response={201: s.StayOut, **ERRORS}, summary="Add a stay")
def stay_add(request: HttpRequest, code: UUID, payload: s.StayIn) -> Any:
    return Status(201, services.stay_add(actor=actor(request), case=_case(request, code), **payload.dict()))


@router.post("/cases/{uuid:code}/offers", response={201: s.OfferOut, **ERRORS}, summary="Add an offer")
def offer_add(request: HttpRequest, code: UUID, payload: s.OfferIn) -> Any:
    return Status(201, services.offer_add(actor=actor(request), case=_case(request, code), **payload.dict()))


@router.post("/cases/{uuid:code}/police-reports", response={201: s.PoliceReportOut, **ERRORS}, summary="File report")
def police_report_file(request: HttpRequest, code: UUID, payload: s.PoliceReportIn) -> Any:
    return Status(201, services.police_report_file(actor=actor(request), case=_case(request, code), **payload.dict()))


@router.post("/cases/{uuid:code}/return-plans", response={201: s.ReturnPlanOut, **ERRORS}, summary="Submit return plan")
def return_plan_submit(request: HttpRequest, code: UUID, payload: s.ReturnPlanIn) -> Any:
    plan = services.return_plan_submit(actor=actor(request), case=_case(request, code), **payload.dict())
    return Status(201, plan_out(plan, actor(request)))


@router.get("/return-plans/{uuid:code}", response={200: s.ReturnPlanOut, **ERRORS}, summary="A return plan")
def return_plan_detail(request: HttpRequest, code: UUID, response: HttpResponse) -> Any:
    plan = selectors.return_plan_get_for(actor=actor(request), code=code)
    etag(response, plan.version)
    return plan_out(plan, actor(request))


@router.post("/return-plans/{uuid:code}/decide", response={200: s.ReturnPlanOut, **ERRORS}, summary="Decide (If-Match)")
def return_plan_decide(request: HttpRequest, code: UUID, payload: s.DecideIn, response: HttpResponse) -> Any:
    plan = selectors.return_plan_get_for(actor=actor(request), code=code)
    version = required_version(request, payload.version)
    decided = services.return_plan_decide(
        actor=actor(request), plan=plan, approve=payload.approve, on=payload.on, version=version
    )
    etag(response, decided.version)
    return plan_out(decided, actor(request))


@router.post("/return-plans/{uuid:code}/depart", response={200: s.ReturnPlanOut, **ERRORS}, summary="Record departure")
def return_plan_depart(request: HttpRequest, code: UUID, payload: s.DepartIn) -> Any:
    plan = selectors.return_plan_get_for(actor=actor(request), code=code)
    with guarded(request, plan, ["status"]) as current:
        departed = services.return_plan_depart(actor=actor(request), plan=current, **payload.dict())
        return plan_out(departed, actor(request))


@router.get("/cases/{uuid:code}/children", response={200: list[s.ChildOut], **ERRORS}, summary="The person's children")
def case_children(request: HttpRequest, code: UUID) -> Any:
    """The recorded children of the case's person: the codes a return plan names as travelling."""
    return list(_case(request, code).person.children.order_by("pk"))


@router.post(
    "/return-plans/{uuid:code}/follow-ups", response={201: s.FollowUpOut, **ERRORS}, summary="Record a follow-up"
)
def follow_up_record(request: HttpRequest, code: UUID, payload: s.FollowUpIn) -> Any:
    plan = selectors.return_plan_get_for(actor=actor(request), code=code)
    return Status(201, services.follow_up_record(actor=actor(request), plan=plan, **payload.dict()))


@router.get("/follow-ups/due", response={200: list[s.FollowUpDueOut], **ERRORS}, summary="Follow-ups due")
def follow_ups_due(request: HttpRequest, today: s.Day | None = None) -> Any:
    """Departed plans whose latest follow-up checkpoint has no contact yet (docs/api.md#follow-ups)."""
    rows = selectors.follow_ups_due(actor=actor(request), today=today or date.today())
    return [
        {
            "plan": d.plan.code,
            "case": d.plan.case.code,
            "case_number": d.plan.case.number,
            "departed_on": d.plan.departed_on,
            "due_on": d.due_on,
            "days": d.days,
        }
        for d in rows
    ]


@router.get("/deadlines", response={200: list[s.DeadlineOut], **ERRORS}, summary="Reflection periods ending soon")
def deadlines(request: HttpRequest, within_days: int = Query(14, ge=0, le=366), today: s.Day | None = None) -> Any:
    rows = selectors.reflection_deadlines_for(
        actor=actor(request), within_days=within_days, today=today or date.today()
    )
    return [{"case": p.case.code, "case_number": p.case.number, "period": p.code, "ends_on": p.ends_on} for p in rows]
