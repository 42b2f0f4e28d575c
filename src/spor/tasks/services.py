"""Writes of tasks and notifications (docs/architecture.md#write-path).

A task is made and changed by hand; every change is versioned, audited (codes only) and, when it
gives the task to someone else, announced to that person (docs/definitions.md#tasks-and-deadlines).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from spor.audit import services as audit
from spor.cases.models import Case
from spor.common import crypto
from spor.common.actor import Actor, service
from spor.common.update import model_update
from spor.common.versioning import check_version
from spor.organisations.permissions import require
from spor.tasks import notifications
from spor.tasks.models import Notification, NotificationKind, Task

TITLE_MAX = 200


def _check_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": [_("Skriv hvad opgaven går ud på.")]})
    if len(title) > TITLE_MAX:
        raise ValidationError({"title": [_("Titlen må højst være %(n)s tegn.") % {"n": TITLE_MAX}]})
    return title


def _check_assignee(assignee: Any) -> None:
    if not getattr(assignee, "is_centre_staff", False):
        raise ValidationError({"assignee": [_("Opgaven skal gives til en medarbejder i centret.")]})


@service
def task_add(*, actor: Actor, title: str, due_on: date, assignee: Any = None, case: Case | None = None) -> Task:
    """Add a task by hand, to oneself or a colleague. Audit: task.added."""
    require(actor, "tasks.keep")
    if case is not None:
        require(actor, "cases.view_case", case)
    assignee = assignee or actor
    title = _check_title(title)
    _check_assignee(assignee)
    task = Task.objects.create(
        case=case, title_ct=crypto.encrypt_json(title), due_on=due_on, assignee=assignee, created_by=actor
    )
    audit.record(actor=actor, event="task.added", subject=task, extra={"case": str(case.code) if case else ""})
    if assignee.pk != actor.pk:
        notifications.notify_task_assigned(task=task)
    return task


@service
def task_update(
    *,
    actor: Actor,
    task: Task,
    version: int | None = None,
    title: str | None = None,
    due_on: date | None = None,
    assignee: Any = None,
    done: bool | None = None,
) -> Task:
    """Change a task: its title, due date, assignee, or done/undone. Only what is given changes.

    Conflict if the task changed since `version`. Audit: task.changed (the names of the fields).
    """
    require(actor, "tasks.change_task", task)
    task = Task.objects.select_for_update().get(pk=task.pk)
    changed: dict[str, Any] = {}
    if title is not None:
        changed["title_ct"] = crypto.encrypt_json(_check_title(title))
    if due_on is not None and due_on != task.due_on:
        changed["due_on"] = due_on
    if assignee is not None and assignee.pk != task.assignee_id:
        _check_assignee(assignee)
        changed["assignee"] = assignee
    if done is not None and done != task.done:
        changed["done_on"] = timezone.localdate() if done else None
    check_version(task, version, ["title_ct", "due_on", "assignee_id", "done_on"])
    if not changed:
        return task
    model_update(instance=task, fields=list(changed), data=changed)
    fields = sorted(name.removesuffix("_ct") for name in changed)
    audit.record(actor=actor, event="task.changed", subject=task, extra={"fields": fields})
    if "assignee" in changed and assignee.pk != actor.pk:
        notifications.notify_task_assigned(task=task)
    return task


@service
def notification_read(*, actor: Actor, notification: Notification | None = None) -> int:
    """Mark one of the actor's notifications read, or all of them. No audit: nothing of a case changes."""
    require(actor, "tasks.keep")
    unread = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if notification is not None:
        unread = unread.filter(pk=notification.pk)
    return unread.update(read_at=timezone.now())


__all__ = ["NotificationKind", "notification_read", "task_add", "task_update"]
