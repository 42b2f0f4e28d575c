"""`{% case_tracks case %}`: the case page's section of the authorities' tracks and complexes.

Who keeps the case, an expulsion case, the reconsiderations of its decisions, and (centre staff
only) the complexes it belongs to (docs/web.md#tracks-and-complexes).
"""

from __future__ import annotations

from typing import Any

from django import template

from spor.cases.models import Reconsideration
from spor.cases.selectors import complex_list_for
from spor.cases.selectors import dis_case_count as count_dis_cases

register = template.Library()


@register.inclusion_tag("casework/_case_tracks.html", takes_context=True)
def case_tracks(context: Any, case: Any) -> dict[str, Any]:
    """`case` was read through the case selector by the page; its records follow from it."""
    user = context["request"].user
    return {
        "case": case,
        "reconsiderations": Reconsideration.objects.filter(decision__case=case).select_related("decision"),
        "complexes": complex_list_for(actor=user).filter(cases=case),
    }


@register.inclusion_tag("casework/_dis_case_count.html", takes_context=True)
def dis_case_count(context: Any) -> dict[str, Any]:
    """How many cases the Immigration Service keeps on its own: all the centre sees of them."""
    return {"n": count_dis_cases(actor=context["request"].user)}
