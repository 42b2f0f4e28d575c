"""Reads of the referral process through one gate (STYLE S2)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet

from spor.cases.access import cases_visible_to, inquiries_visible_to, return_plans_visible_to
from spor.cases.models import Case, CaseStatus, Inquiry, ReflectionPeriod, ReturnPlan, ReturnStatus, StatusRecord
from spor.common.errors import NotFound
from spor.people.models import Person
from spor.vocabulary import YearEndStatus


def _get(queryset: QuerySet[Any], code: Any) -> Any:
    try:
        return queryset.get(code=code)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise NotFound from None


def case_get_for(*, actor: Any, code: Any) -> Case:
    return _get(cases_visible_to(actor).select_related("person"), code)


def case_list_for(*, actor: Any) -> QuerySet[Case]:
    return cases_visible_to(actor).select_related("person")


def inquiry_get_for(*, actor: Any, code: Any) -> Inquiry:
    return _get(inquiries_visible_to(actor), code)


def inquiry_list_for(*, actor: Any) -> QuerySet[Inquiry]:
    return inquiries_visible_to(actor)


def return_plan_get_for(*, actor: Any, code: Any) -> ReturnPlan:
    return _get(return_plans_visible_to(actor).select_related("case"), code)


def reflection_deadlines_for(*, actor: Any, within_days: int, today: date) -> QuerySet[ReflectionPeriod]:
    """Reflection periods of visible cases ending within `within_days` from `today` (issue 2)."""
    return (
        ReflectionPeriod.objects.filter(case__in=cases_visible_to(actor))
        .filter(ends_on__gte=today, ends_on__lte=today + timedelta(days=within_days))
        .select_related("case")
        .order_by("ends_on")
    )


def status_as_of(person: Person, as_of: date) -> str:
    """The person's status on `as_of`: the latest explicit record (imported or an override with a
    reason) not after the date, else derived from the events of the person's cases, else unknown.

    Derivation: a departure on a prepared return -> prepared_return; an approved or submitted
    plan, a reflection period or a stay running on the date -> receiving_support.
    """
    record = StatusRecord.objects.filter(person=person, as_of__lte=as_of).order_by("-as_of", "-id").first()
    if record is not None:
        return record.status
    cases = Case.objects.filter(person=person)
    if ReturnPlan.objects.filter(case__in=cases, status=ReturnStatus.DEPARTED, departed_on__lte=as_of).exists():
        return YearEndStatus.PREPARED_RETURN
    running = (
        ReflectionPeriod.objects.filter(case__in=cases, starts_on__lte=as_of, ends_on__gte=as_of).exists()
        or cases.filter(stays__from_on__lte=as_of, stays__to_on__isnull=True, status=CaseStatus.IDENTIFIED).exists()
        or ReturnPlan.objects.filter(
            case__in=cases, status__in=[ReturnStatus.SUBMITTED, ReturnStatus.APPROVED]
        ).exists()
    )
    return YearEndStatus.RECEIVING_SUPPORT if running else "unknown"


@dataclass(frozen=True)
class TimelineEvent:
    on: date
    kind: str
    detail: dict[str, Any]


def person_timeline_for(*, actor: Any, person: Person) -> list[TimelineEvent]:
    """Every event of the person's visible cases, in date order (for the person page)."""
    events: list[TimelineEvent] = []
    for case in (
        cases_visible_to(actor)
        .filter(person=person)
        .prefetch_related(
            "inquiries",
            "assessments",
            "decisions",
            "reflection_periods",
            "stays",
            "offers",
            "return_plans",
            "police_reports",
        )
    ):
        events.append(TimelineEvent(case.opened_on, "case_opened", {"case": case.number}))
        events += [TimelineEvent(i.received_on, "inquiry", {"channel": i.channel}) for i in case.inquiries.all()]
        events += [
            TimelineEvent(a.first_interview_on or case.opened_on, "assessment", {"outcome": a.outcome})
            for a in case.assessments.all()
        ]
        events += [
            TimelineEvent(d.decided_on, "decision", {"authority": d.authority, "identified": d.identified})
            for d in case.decisions.all()
        ]
        events += [
            TimelineEvent(r.starts_on, "reflection", {"ends_on": r.ends_on.isoformat()})
            for r in case.reflection_periods.all()
        ]
        events += [TimelineEvent(s.from_on, "stay", {"type": s.type}) for s in case.stays.all()]
        events += [TimelineEvent(o.given_on, "offer", {"kind": o.kind}) for o in case.offers.all()]
        for plan in case.return_plans.all():
            events.append(TimelineEvent(plan.applied_on, "return_plan", {"status": plan.status}))
            if plan.departed_on:
                events.append(TimelineEvent(plan.departed_on, "departure", {"destination": plan.destination}))
        events += [
            TimelineEvent(p.filed_on, "police_report", {"legal_basis": p.legal_basis})
            for p in case.police_reports.all()
        ]
    events.sort(key=lambda e: (e.on, e.kind))
    return events
