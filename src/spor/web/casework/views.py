"""Casework pages: the person page, the case page, and the DIS and return-agency work lists.

Reads go through the selectors (NotFound -> 404); identity is decrypted only when the user asks
for it, through `person_identity_for`, which writes the read log (docs/architecture.md#read-log). The action pages
(one view per action) are in `spor.web.casework.actions`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from spor.cases.actions import case_actions
from spor.cases.models import CaseStatus, ReturnStatus
from spor.cases.selectors import (
    case_get_for,
    case_list_for,
    follow_up_checkpoints,
    follow_up_ends_on,
    inquiry_list_for,
    person_timeline_for,
    plan_needs_representative,
    return_plan_get_for,
    return_plans_visible_to,
    status_as_of,
    unaccompanied_for,
)
from spor.cases.services.returns import budget_check
from spor.common.errors import NotFound
from spor.organisations.access import access
from spor.organisations.models import Role
from spor.people.models import ConsentPurpose, Person
from spor.people.selectors import person_get_for, person_identity_for
from spor.people.services import consent_in_force
from spor.vocabulary import Reintegration
from spor.web.casework import pages
from spor.web.casework.forms import child_label

CENTRE = (Role.CASEWORKER, Role.MANAGER)
DIS = (Role.IMMIGRATION_OFFICER,)
RETURN = (Role.RETURN_OFFICER,)
LIST_LIMIT = 200  # work lists show the oldest/latest this many; search finds the rest


def not_found_is_404(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Missing and not-yours are one answer: 404 (docs/architecture.md#missing-not-forbidden)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404 from None

    return wrapper


def _person_context(request: HttpRequest, person: Person) -> dict[str, Any]:
    user = request.user
    lang = pages.lang_of(request)
    today = timezone.localdate()
    return {
        "person": person,
        "nationalities": [pages.nat.name(code, lang) for code in person.nationalities],
        "cases": case_list_for(actor=user).filter(person=person),
        # Inquiries about the person that no case was opened from yet: the way to open one.
        "open_inquiries": inquiry_list_for(actor=user).filter(persons=person, case__isnull=True)[:LIST_LIMIT],
        "timeline": pages.timeline_rows(person_timeline_for(actor=user, person=person), lang),
        "status": pages.status_label(status_as_of(person, today)),
        "consents": [(label, consent_in_force(person, code)) for code, label in ConsentPurpose.choices],
        "is_centre": getattr(user, "role", "") in CENTRE,
    }


@access(*CENTRE, *DIS)
@not_found_is_404
def person_detail(request: HttpRequest, code: Any) -> HttpResponse:
    """Pseudonymous facts, cases and timeline; the identity stays encrypted until asked for."""
    person = person_get_for(actor=request.user, code=code)
    return render(request, "casework/person_detail.html", _person_context(request, person))


@require_POST
@access(*CENTRE, *DIS)
@not_found_is_404
def person_identity(request: HttpRequest, code: Any) -> HttpResponse:
    """Show the identity once, on an explicit request; the read is logged (docs/architecture.md#read-log).

    A POST, so that a prefetch, a reload of the history or a link preview never decrypts.
    """
    person = person_get_for(actor=request.user, code=code)
    context = _person_context(request, person)
    context["identity"] = person_identity_for(actor=request.user, person=person)
    return render(request, "casework/person_detail.html", context)


@access(*CENTRE, *DIS)
@not_found_is_404
def case_detail(request: HttpRequest, code: Any) -> HttpResponse:
    """The case with each step and the actions the user may take on it."""
    user = request.user
    case = case_get_for(actor=user, code=code)
    today = timezone.localdate()
    offered = case_actions(case=case, actor=user)
    context = {
        "case": case,
        "assessments": [(a, pages.indicators_present(a)) for a in case.assessments.order_by("created_at")],
        "decisions": case.decisions.select_related("recorded_by"),
        "reflections": [pages.reflection_view(p, today) for p in case.reflection_periods.order_by("starts_on")],
        "stays": case.stays.order_by("from_on"),
        "offers": case.offers.order_by("given_on"),
        "return_plans": case.return_plans.order_by("applied_on"),
        "police_reports": case.police_reports.order_by("filed_on"),
        "can": pages.case_permissions(user, case),
        "competent": pages.competent_label(case),
        "actions": pages.action_links(case, offered),
        "offered": {a.code for a in offered},
    }
    return render(request, "casework/case_detail.html", context)


@access(*DIS)
def dis_list(request: HttpRequest) -> HttpResponse:
    """What is put to DIS: cases awaiting a decision first, then the latest decided (bounded lists)."""
    cases = case_list_for(actor=request.user).select_related("person").order_by("-put_to_dis_on", "-id")
    open_states = [CaseStatus.ASSESSMENT, CaseStatus.DECISION_PENDING]
    context = {
        "pending": cases.filter(status__in=open_states)[:LIST_LIMIT],
        "decided": cases.exclude(status__in=open_states)[:LIST_LIMIT],
    }
    return render(request, "casework/dis_list.html", context)


@access(*RETURN)
def return_list(request: HttpRequest) -> HttpResponse:
    """Plans put to the return agency: awaiting approval, then approved awaiting departure."""
    plans = return_plans_visible_to(request.user).select_related("case__person").order_by("applied_on")
    lang = pages.lang_of(request)
    groups = [
        (status, [(p, pages.nat.name(p.destination, lang)) for p in plans.filter(status=status)[:LIST_LIMIT]])
        for status in (ReturnStatus.SUBMITTED, ReturnStatus.APPROVED)
    ]
    return render(request, "casework/return_list.html", {"groups": groups})


@access(*RETURN, *CENTRE)
@not_found_is_404
def return_detail(request: HttpRequest, code: Any) -> HttpResponse:
    """One plan: the budget, its status, and the forms to decide or record the departure."""
    plan = return_plan_get_for(actor=request.user, code=code)
    children = list(plan.travelling_children.order_by("pk"))
    budget: dict[str, Any] = {"checked": True, "applied_on": plan.applied_on}
    try:
        budget["rate_on_file"] = budget_check(
            applied_on=plan.applied_on,
            in_kind_dkk=plan.in_kind_dkk,
            cash_dkk=plan.cash_dkk,
            children=plan.children,
            provider=plan.provider,
        )
    except ValidationError as exc:  # rates entered after the plan was approved within the old ones
        budget.update(rate_on_file=True, problems=[m for ms in exc.message_dict.values() for m in ms])
    kinds = dict(Reintegration.choices)
    centre = getattr(request.user, "role", "") in CENTRE
    departed = plan.departed_on if centre else None  # the follow-up is the centre's, not the agency's
    context = {
        "plan": plan,
        "destination": pages.nat.name(plan.destination, pages.lang_of(request)),
        "is_return_officer": not centre,
        "reintegration": [kinds.get(code, code) for code in plan.reintegration],
        "children": [child_label(child) for child in children],
        # An unaccompanied child's plan shows the representative, to the agency too (read-logged).
        "representative": unaccompanied_for(actor=request.user, case=plan.case)
        if plan_needs_representative(plan)
        else None,
        "budget": budget,
        "follow_ups": plan.follow_ups.select_related("recorded_by") if departed else [],
        "checkpoints": follow_up_checkpoints(departed) if departed else [],
        "follow_up_ends_on": follow_up_ends_on(departed) if departed else None,
    }
    return render(request, "casework/return_detail.html", context)
