"""The "Barn" marker of lists and pages (docs/web.md#children).

`{% case_child case %}` marks a case whose person is a child now (or at the close), or turned 18
during it; `{% person_child person %}` marks a person who is a child today. Both work out the age
again on each view (`spor.people.ages`), so the marker changes as time passes; neither shows an age
or a birth date.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from spor import municipalities
from spor.cases.selectors import case_child_marker, unaccompanied_of
from spor.organisations.permissions import is_centre_staff
from spor.people.ages import is_child_on

register = template.Library()


@register.inclusion_tag("casework/_child_marker.html")
def case_child(case: Any) -> dict[str, Any]:
    return {"marker": case_child_marker(case, timezone.localdate()) if case is not None else ""}


@register.inclusion_tag("casework/_child_marker.html")
def person_child(person: Any) -> dict[str, Any]:
    return {"marker": "child" if person is not None and is_child_on(person, timezone.localdate()) else ""}


@register.inclusion_tag("casework/_case_children.html", takes_context=True)
def case_children_section(context: Any, case: Any) -> dict[str, Any]:
    """The case page's section on the child: the marker, and an unaccompanied minor's municipality,
    notification and whether a representative is recorded (never the name: that is on its form)."""
    user = context["request"].user
    record = unaccompanied_of(case)
    marker = case_child_marker(case, timezone.localdate())
    maybe_child = is_child_on(case.person, case.opened_on) is not False
    return {
        "show": record is not None or marker != "" or (is_centre_staff(user) and maybe_child),
        "case": case,
        "marker": marker,
        "record": record,
        "municipality": municipalities.name(record.municipality) if record and record.municipality else "",
        "can_edit": is_centre_staff(user) and maybe_child,
    }


@register.inclusion_tag("casework/_person_children.html", takes_context=True)
def person_children_section(context: Any, person: Any) -> dict[str, Any]:
    """The person page's list of the person's children; centre staff add and remove them."""
    return {
        "person": person,
        "children": list(person.children.order_by("pk")),
        "can_edit": is_centre_staff(context["request"].user),
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def municipality_name(code: str) -> str:
    return municipalities.name(code) if code else ""
