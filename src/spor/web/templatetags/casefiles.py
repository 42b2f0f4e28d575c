"""The case file's section of the case page (docs/web.md#case-file), filled through the selectors.

A tag rather than view context, so the case page includes the section with one line and its view
needs no change. Only the case's workers see it; the notes shown are read-logged.
"""

from __future__ import annotations

from typing import Any

import rules
from django import template

from spor.casefiles import selectors

register = template.Library()


@register.inclusion_tag("casefiles/_section_body.html", takes_context=True)
def case_file(context: Any, case: Any) -> dict[str, Any]:
    request = context["request"]
    user = request.user
    if not rules.has_perm("casefiles.read", user, case):
        return {"show": False}
    try:
        offset = max(0, int(request.GET.get("journal", 0)))
    except ValueError:
        offset = 0
    return {
        "show": True,
        "case": case,
        "page": selectors.journal_page_for(actor=user, case=case, offset=offset),
        "documents": selectors.document_list_for(actor=user, case=case),
        "request": request,
    }
