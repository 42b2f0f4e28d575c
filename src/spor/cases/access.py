"""Who may see and do what: the permission rules, expressed once (docs/architecture.md#permissions).

Visibility is a queryset filter per model (`*_visible_to`); the `rules` permissions below build
on it, so pages, the API and services ask the same question and get the same answer. An object
that is not visible is answered as missing (NotFound -> 404), never as forbidden.

- Centre staff (CMM caseworkers and managers) see every case.
- An immigration officer (DIS) sees the cases put to DIS, and records DIS decisions and
  reflection periods on them.
- A return officer sees the return plans put to the return agency, not the rest of the case.
- A referrer sees the inquiries its own organisation submitted, and their status only.
- Analysts, outreach workers and administrators see no case content.
"""

from __future__ import annotations

from typing import Any

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from spor.cases.models import Case, Inquiry, ReturnPlan
from spor.organisations.models import OrganisationType, Role
from spor.people.models import Person


def is_centre_staff(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_centre_staff)


def is_immigration_officer(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.role == Role.IMMIGRATION_OFFICER
        and user.organisation is not None
        and user.organisation.type == OrganisationType.DIS
    )


def is_return_officer(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.role == Role.RETURN_OFFICER
        and user.organisation is not None
        and user.organisation.type == OrganisationType.RETURN_AGENCY
    )


def is_manager(user: Any) -> bool:
    return is_centre_staff(user) and user.role == Role.MANAGER


def cases_visible_to(user: Any) -> QuerySet[Case]:
    if is_centre_staff(user):
        return Case.objects.all()
    if is_immigration_officer(user):
        return Case.objects.filter(put_to_dis_on__isnull=False)
    return Case.objects.none()


def persons_visible_to(user: Any) -> QuerySet[Person]:
    """Persons whose identity the user may see (and whose timeline, through their cases)."""
    if is_centre_staff(user):
        return Person.objects.all()
    if is_immigration_officer(user):
        return Person.objects.filter(cases__put_to_dis_on__isnull=False).distinct()
    return Person.objects.none()


def inquiries_visible_to(user: Any) -> QuerySet[Inquiry]:
    if is_centre_staff(user):
        return Inquiry.objects.all()
    if getattr(user, "is_authenticated", False) and user.is_active and user.role == Role.REFERRER:
        if user.organisation_id is None:
            return Inquiry.objects.none()
        return Inquiry.objects.filter(referred_by_id=user.organisation_id)
    return Inquiry.objects.none()


def return_plans_visible_to(user: Any) -> QuerySet[ReturnPlan]:
    if is_centre_staff(user):
        return ReturnPlan.objects.all()
    if is_return_officer(user):
        return ReturnPlan.objects.all()  # every plan in Spor is one put to the return agency
    return ReturnPlan.objects.none()


def _visible(queryset: QuerySet[Any], obj: Any) -> bool:
    return obj is not None and queryset.filter(pk=obj.pk).exists()


@rules.predicate
def can_view_case(user: Any, case: Case | None) -> bool:
    return _visible(cases_visible_to(user), case)


@rules.predicate
def can_view_identity(user: Any, person: Person | None) -> bool:
    return _visible(persons_visible_to(user), person)


@rules.predicate
def can_work_case(user: Any, case: Case | None) -> bool:
    """Assessments, support, reflection by CMM, police reports, return plans: centre staff."""
    return is_centre_staff(user) and case is not None


@rules.predicate
def can_act_for_dis(user: Any, case: Case | None) -> bool:
    return is_immigration_officer(user) and case is not None and case.put_to_dis_on is not None


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
def can_refer(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.role == Role.REFERRER
        and user.organisation_id is not None
    )


rules.add_perm("cases.view_case", can_view_case)
rules.add_perm("cases.work_case", can_work_case)
rules.add_perm("cases.decide_case", can_work_case | can_act_for_dis)
rules.add_perm("cases.grant_reflection", can_work_case | can_act_for_dis)
rules.add_perm("cases.decide_return", can_decide_return)
rules.add_perm("cases.view_inquiry", can_view_inquiry)
rules.add_perm("cases.register_inquiry", can_register_inquiry)
rules.add_perm("cases.refer", can_refer)
rules.add_perm("cases.manage", can_manage)
rules.add_perm("people.view_identity", can_view_identity)


def require(user: Any, perm: str, obj: Any = None) -> None:
    """Raise PermissionDenied unless `user` has `perm` (on `obj`)."""
    # rules.has_perm, not user.has_perm: Django lets a superuser through everything, and an
    # administrator must not see case content (docs/architecture.md#the-gate).
    if not rules.has_perm(perm, user, obj):
        raise PermissionDenied
