"""The permissions on the referral process, registered with django-rules at start-up.

`rules.apps.AutodiscoverRulesConfig` imports every app's `rules.py`, so these permissions exist
as soon as Django is set up, whichever module asks first. They build on the role predicates of
`spor.organisations.permissions` and on the visibility querysets of `spor.cases.selectors`
(docs/architecture.md).
"""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import QuerySet

from spor.cases.models import Case, CaseKeeper, Inquiry, ReturnPlan
from spor.cases.selectors import (
    cases_visible_to,
    inquiries_visible_to,
    plan_needs_representative,
    return_plans_visible_to,
)
from spor.organisations.permissions import (
    is_centre_staff,
    is_immigration_officer,
    is_manager,
    is_outreach_worker,
    is_referrer,
    is_return_officer,
)


def _visible(queryset: QuerySet[Any], obj: Any) -> bool:
    return obj is not None and queryset.filter(pk=obj.pk).exists()


@rules.predicate
def can_view_case(user: Any, case: Case | None) -> bool:
    return _visible(cases_visible_to(user), case)


@rules.predicate
def can_work_case(user: Any, case: Case | None) -> bool:
    """Assessments, support, reflection by CMM, police reports, return plans: centre staff, on a
    case the centre keeps (never on the Immigration Service's own case)."""
    return is_centre_staff(user) and case is not None and case.kept_by == CaseKeeper.CMM


@rules.predicate
def can_act_for_dis(user: Any, case: Case | None) -> bool:
    """DIS's steps on a case put to it, and on its own case."""
    return (
        is_immigration_officer(user)
        and case is not None
        and (case.put_to_dis_on is not None or case.kept_by == CaseKeeper.DIS)
    )


@rules.predicate
def can_keep_dis_case(user: Any, case: Case | None) -> bool:
    """Closing and reopening DIS's own case: its immigration officers."""
    return is_immigration_officer(user) and case is not None and case.kept_by == CaseKeeper.DIS


@rules.predicate
def can_open_dis_case(user: Any) -> bool:
    return is_immigration_officer(user)


@rules.predicate
def can_decide_return(user: Any, plan: ReturnPlan | None) -> bool:
    return is_return_officer(user) and plan is not None


@rules.predicate
def can_view_inquiry(user: Any, inquiry: Inquiry | None) -> bool:
    return _visible(inquiries_visible_to(user), inquiry)


@rules.predicate
def can_manage(user: Any) -> bool:
    return is_manager(user)


@rules.predicate
def can_register_inquiry(user: Any) -> bool:
    return is_centre_staff(user)


@rules.predicate
def can_handle_inquiry(user: Any, inquiry: Inquiry | None) -> bool:
    """Close an inquiry, attach a person to it: centre staff who can see it (never a referrer)."""
    return is_centre_staff(user) and _visible(inquiries_visible_to(user), inquiry)


@rules.predicate
def can_refer(user: Any) -> bool:
    return is_referrer(user)


@rules.predicate
def can_see_plan_representative(user: Any, case: Case | None) -> bool:
    """A return officer sees a child's representative only where a plan put to the agency needs it:
    the plan of an unaccompanied child (docs/definitions.md#children)."""
    if not is_return_officer(user) or case is None:
        return False
    plans = return_plans_visible_to(user).filter(case=case).select_related("case__person")
    return any(plan_needs_representative(plan) for plan in plans)


def can_refer_screening(user: Any) -> bool:
    """Refer a network of ads found by the screening tool: an outreach worker."""
    return is_outreach_worker(user)


rules.add_perm("cases.view_case", can_view_case)
rules.add_perm("cases.view_representative", can_view_case | can_see_plan_representative)
rules.add_perm("cases.work_case", can_work_case)
rules.add_perm("cases.decide_case", can_work_case | can_act_for_dis)
rules.add_perm("cases.grant_reflection", can_work_case | can_act_for_dis)
rules.add_perm("cases.close_case", can_work_case | can_keep_dis_case)
rules.add_perm("cases.open_dis_case", can_open_dis_case)
rules.add_perm("cases.decide_return", can_decide_return)
rules.add_perm("cases.view_inquiry", can_view_inquiry)
rules.add_perm("cases.register_inquiry", can_register_inquiry)
rules.add_perm("cases.close_inquiry", can_handle_inquiry)
rules.add_perm("cases.refer", can_refer)
rules.add_perm("cases.refer_screening", can_refer_screening)
rules.add_perm("cases.manage", can_manage)
