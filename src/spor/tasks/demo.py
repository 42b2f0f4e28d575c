"""Demo tasks and notifications (`spor demo`): some overdue, some due, for the demo caseworker and manager."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from spor.cases.models import Case, CaseStatus
from spor.organisations.models import Role, User
from spor.tasks import services
from spor.tasks.notifications import notify_due

#: (title, days from today to the due date, assignee's role, given by the manager?)
DEMO_TASKS = [
    ("Bestil tolk til samtale", -3, Role.CASEWORKER, False),
    ("Følg op på lægebesøg", -1, Role.CASEWORKER, True),
    ("Ring til advokaten om retshjælp", 0, Role.CASEWORKER, False),
    ("Send dokumentation til Udlændingestyrelsen", 4, Role.CASEWORKER, True),
    ("Aftal møde med krisecentret", 10, Role.CASEWORKER, False),
    ("Godkend budget for hjemrejse", -2, Role.MANAGER, False),
    ("Gennemgå månedens sager", 6, Role.MANAGER, False),
]


def demo_tasks(generator: Any, year: int) -> None:
    """After the demo's last year: tasks on open cases, a task given by the manager (so a
    notification), and the deadlines announced as `spor notify` would."""
    if year != generator.today.year:
        return
    caseworker = generator.cw
    manager = User.objects.filter(role=Role.MANAGER, is_active=True, organisation=caseworker.organisation).first()
    if manager is None:
        return
    owners = {Role.CASEWORKER: caseworker, Role.MANAGER: manager}
    cases = list(Case.objects.exclude(status=CaseStatus.CLOSED).order_by("-opened_on")[: len(DEMO_TASKS)])
    for n, (title, days, role, by_manager) in enumerate(DEMO_TASKS):
        services.task_add(
            actor=manager if by_manager else owners[role],
            title=title,
            due_on=generator.today + timedelta(days=days),
            assignee=owners[role],
            case=cases[n] if n < len(cases) else None,
        )
    notify_due(today=generator.today)
