"""`{% case_tasks case %}`: the case page's section of open tasks (docs/web.md#tasks-and-deadlines)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from spor.organisations.permissions import is_centre_staff
from spor.tasks.selectors import case_tasks_for

register = template.Library()


@register.inclusion_tag("web/_case_tasks.html", takes_context=True)
def case_tasks(context: Any, case: Any) -> dict[str, Any]:
    user = context["request"].user
    if not is_centre_staff(user):
        return {"show": False}
    today = timezone.localdate()
    tasks = case_tasks_for(actor=user, case=case)
    return {
        "show": True,
        "case": case,
        "tasks": [(t, t.due_on < today) for t in tasks],
        "here": context["request"].get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
