"""Data for the tests of tasks and deadlines, built through the services."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from spor.cases import services
from spor.cases.models import AssessmentOutcome, Case, ReturnPlan
from tests.make import make_case, make_consent, make_identified_case


def reflection_ending_in(actor: Any, days: int, today: date) -> Case:
    """An identified case whose first reflection period (30 days) ends `days` after `today`."""
    case = make_identified_case(actor)
    services.reflection_grant(actor=actor, case=case, granted_by="cmm", starts_on=today + timedelta(days=days - 30))
    return case


def put_to_decision(actor: Any) -> Case:
    case = make_case(actor)
    assessment = services.assessment_record(
        actor=actor, case=case, interview_on=case.opened_on, indicators={"debt": "yes"}, referrer_type="ngo"
    )
    services.assessment_complete(actor=actor, assessment=assessment, outcome=AssessmentOutcome.PUT_TO_DECISION)
    return Case.objects.get(pk=case.pk)


def submitted_plan(actor: Any, applied_on: date) -> ReturnPlan:
    case = make_identified_case(actor)
    make_consent(actor, case.person)
    return services.return_plan_submit(
        actor=actor, case=case, applied_on=applied_on, destination="TH", in_kind_dkk=40_000, cash_dkk=10_000
    )


def departed_plan(actor: Any, return_officer: Any, departed_on: date, ends_on: date | None = None) -> ReturnPlan:
    plan = submitted_plan(actor, applied_on=departed_on - timedelta(days=10))
    services.return_plan_decide(actor=return_officer, plan=plan, approve=True, on=departed_on - timedelta(days=5))
    return services.return_plan_depart(
        actor=return_officer, plan=plan, departed_on=departed_on, reintegration_ends_on=ends_on
    )
