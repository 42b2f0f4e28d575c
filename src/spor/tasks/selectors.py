"""Reads of tasks, deadlines and notifications (docs/architecture.md#services-and-selectors)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet

from spor.cases.models import Case
from spor.cases.selectors import cases_visible_to
from spor.common.errors import NotFound
from spor.organisations.models import OrganisationType, Role, User
from spor.organisations.permissions import is_centre_staff, require
from spor.tasks import deadlines
from spor.tasks.models import Notification, Task


def tasks_visible_to(user: Any) -> QuerySet[Task]:
    """Centre staff see the centre's tasks (the team is the centre); nobody else sees any."""
    return Task.objects.all() if is_centre_staff(user) else Task.objects.none()


def task_get_for(*, actor: Any, code: Any) -> Task:
    try:
        return tasks_visible_to(actor).select_related("case", "assignee").get(code=code)
    except (Task.DoesNotExist, ValueError, TypeError):
        raise NotFound from None


def case_tasks_for(*, actor: Any, case: Case) -> list[Task]:
    """The open tasks of one case, by due date (the case page); none for anyone but centre staff."""
    return list(
        tasks_visible_to(actor).filter(case=case, done_on__isnull=True).select_related("assignee").order_by("due_on")
    )


def deadlines_for(
    *,
    actor: Any,
    today: date,
    owner: Any = None,
    team: bool = False,
    unassigned: bool = False,
    kinds: list[str] | None = None,
    overdue: bool = False,
    offset: int = 0,
    limit: int = 50,
) -> deadlines.DeadlinePage:
    """The actor's own deadlines and tasks (`team=False`), or a manager's view of the team's.

    Each row carries its case (number and code), its task (title decrypted for the page only)
    and its owner, fetched for the whole page in one query each.
    """
    require(actor, "tasks.view_team" if team else "tasks.keep")
    if not team:
        owner, unassigned = actor, False
    parts = deadlines.parts(cases_visible_to(actor), tasks_visible_to(actor), today)
    result = deadlines.page(
        parts,
        today=today,
        owner=owner,
        unassigned=unassigned,
        kinds=kinds,
        overdue=overdue,
        offset=offset,
        limit=limit,
    )
    _attach(result.items)
    return result


def _attach(items: list[deadlines.Deadline]) -> None:
    cases = Case.objects.only("code", "number", "version", "contact_person_id").in_bulk(
        {d.case_id for d in items if d.case_id}
    )
    tasks = Task.objects.in_bulk({d.ref for d in items if d.kind == deadlines.Kind.TASK})
    owners = User.objects.only("username", "code").in_bulk({d.owner_id for d in items if d.owner_id})
    for item in items:
        item.case = cases.get(item.case_id) if item.case_id else None
        item.task = tasks.get(item.ref) if item.kind == deadlines.Kind.TASK else None
        item.owner = owners.get(item.owner_id) if item.owner_id else None


def team_members_queryset() -> QuerySet[User]:
    """The centre's active caseworkers and managers: who may own a task or a case."""
    return User.objects.filter(
        is_active=True, role__in=[Role.CASEWORKER, Role.MANAGER], organisation__type=OrganisationType.CMM
    ).order_by("username")


def team_members() -> list[User]:
    return list(team_members_queryset())


def notifications_for(*, actor: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=actor).select_related("case", "task").order_by("-created_at", "-id")


def unread_count_for(*, actor: Any) -> int:
    if not getattr(actor, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).count()
