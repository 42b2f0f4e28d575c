"""`{% case_rights case %}`: the case page's section on the victim's rights (docs/web.md#victims-rights)."""

from __future__ import annotations

from typing import Any

from django import template

from spor.cases.rights_selectors import case_rights_for
from spor.web.casework.pages import case_permissions

register = template.Library()


@register.inclusion_tag("casework/_case_rights.html", takes_context=True)
def case_rights(context: Any, case: Any) -> dict[str, Any]:
    """Shown only to who works the case (centre staff); reading it is logged by the selector."""
    user = context["request"].user
    if not case_permissions(user, case)["work"]:
        return {"show": False}
    return {"show": True, "case": case, "rights": case_rights_for(actor=user, case=case)}
