"""Who may see and change tasks and deadlines (docs/definitions.md#tasks-and-deadlines).

Tasks and deadlines are casework: centre staff see their own and add tasks on any case they see;
the assignee, the task's author and a manager change a task; a manager sees the team's.
"""

from __future__ import annotations

from typing import Any

import rules

from spor.organisations.permissions import is_centre_staff, is_manager
from spor.tasks.models import Task


@rules.predicate
def can_keep_tasks(user: Any) -> bool:
    return is_centre_staff(user)


@rules.predicate
def can_change_task(user: Any, task: Task | None) -> bool:
    if task is None or not is_centre_staff(user):
        return False
    return is_manager(user) or user.pk in {task.assignee_id, task.created_by_id}


@rules.predicate
def can_lead_team(user: Any) -> bool:
    return is_manager(user)


rules.add_perm("tasks.keep", can_keep_tasks)
rules.add_perm("tasks.change_task", can_change_task)
rules.add_perm("tasks.view_team", can_lead_team)
