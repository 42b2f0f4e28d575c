"""The start page: what each role can reach (the full web application is issue 4)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from spor.cases.selectors import case_list_for, inquiry_list_for, reflection_deadlines_for
from spor.organisations.models import Role
from spor.web.access import access

ALL_ROLES = tuple(Role.values)


@access(*ALL_ROLES)
def home(request: HttpRequest) -> HttpResponse:
    """Deadlines first for centre staff; counts only, no identifying data on this page."""
    user = request.user
    today = timezone.localdate()
    context = {
        "deadlines": reflection_deadlines_for(actor=user, within_days=7, today=today)[:20],
        "open_cases": case_list_for(actor=user).exclude(status="closed").count(),
        "inquiries": inquiry_list_for(actor=user).count(),
    }
    return render(request, "web/home.html", context)
