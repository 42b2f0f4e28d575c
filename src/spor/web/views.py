"""My work (the start page) and the analyst's page.

My work puts deadlines first (docs/web.md#pages): the top of "Mine opgaver" (the user's derived
deadlines and tasks, overdue first: spor.web.tasks), a count of new inquiries not yet assigned and
of the user's own (linking to the queue, docs/web.md#inquiry-queue), then the user's own open cases.
Every list is bounded: the page stays fast with a large registry (bench/web.py).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from spor.cases import services as case_services
from spor.cases.models import CaseStatus, InquiryState
from spor.cases.selectors import case_list_for, inquiry_get_for, inquiry_list_for
from spor.common.errors import NotFound
from spor.organisations.access import SignedInRequest, access
from spor.organisations.models import Role, User
from spor.organisations.permissions import is_centre_staff, is_manager
from spor.tasks.selectors import deadlines_for, team_members

ALL_ROLES = tuple(Role.values)
SHOWN = 25  # rows per list on My work
TASKS_SHOWN = 10  # the top of "Mine opgaver" on My work


@access(*ALL_ROLES)
def home(request: HttpRequest) -> HttpResponse:
    """My work for centre staff; other roles are sent to their own start page."""
    user = request.user
    assert isinstance(user, User)
    if not is_centre_staff(user):
        return redirect(_start_page(user))
    return render(request, "web/home.html", my_work(user))


def my_work(user: User) -> dict[str, Any]:
    today = timezone.localdate()
    # New and without a case: counted here, listed on the queue (docs/web.md#inquiry-queue).
    open_new = inquiry_list_for(actor=user).filter(state=InquiryState.NEW, case__isnull=True)
    tasks = deadlines_for(actor=user, today=today, limit=TASKS_SHOWN)
    return {
        "tasks": tasks,
        "task_rows": [(d, d.overdue(today), abs((d.due_on - today).days)) for d in tasks.items],
        "here": reverse("home"),
        "new_inquiry_count": open_new.count(),
        "my_inquiry_count": inquiry_list_for(actor=user)
        .filter(assigned_to=user, state=InquiryState.ASSIGNED, case__isnull=True)
        .count(),
        "my_cases": case_list_for(actor=user)
        .filter(contact_person=user)
        .exclude(status=CaseStatus.CLOSED)
        .select_related("person")
        .order_by("opened_on")[:SHOWN],
        "can_assign": is_manager(user),
        "today": today,
    }


def assignees() -> list[User]:
    """The centre's active caseworkers and managers, who may be given an inquiry."""
    return team_members()


def _start_page(user: User) -> str:
    """The first page of a role that has no My work."""
    by_role: dict[str, str] = {
        Role.IMMIGRATION_OFFICER: "casework:dis-list",
        Role.RETURN_OFFICER: "casework:return-list",
        Role.REFERRER: "web:referral-list",
        Role.ANALYST: "web:analyst",
        Role.OUTREACH_WORKER: "screening:network-list",
        Role.ADMINISTRATOR: "web:security",
    }
    try:
        return reverse(by_role.get(user.role, "web:security"))
    except NoReverseMatch:
        return reverse("web:security")


class AssignForm(forms.Form):
    assignee = forms.UUIDField()


@require_POST
@access(Role.MANAGER)
def inquiry_assign(request: SignedInRequest, code: Any) -> HttpResponse:
    """A manager gives an inquiry to a caseworker (from the inquiry page or the team view)."""
    try:
        inquiry = inquiry_get_for(actor=request.user, code=code)
    except NotFound:
        raise Http404 from None
    form = AssignForm(request.POST)
    assignee = next((u for u in assignees() if form.is_valid() and u.code == form.cleaned_data["assignee"]), None)
    if assignee is None:
        messages.error(request, _("Vælg en medarbejder."))
        return redirect(_back(request))
    try:
        case_services.inquiry_assign(actor=request.user, inquiry=inquiry, assignee=assignee)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("%(id)s er givet til %(user)s.") % {"id": inquiry.external_id, "user": assignee.username}
        )
    return redirect(_back(request))


def _back(request: HttpRequest) -> str:
    """The page the assignment was made from (`next`, a path of this site only), else My work."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return target
    return reverse("home")


#: What an analyst can run from the command line (the estimation has no page yet).
ANALYST_COMMANDS = [
    ("spor report --year 2026 --from DIR", _lazy("årsstatistikken fra en udvekslingsmappe")),
    ("spor report --year 2026 --release --as USER", _lazy("en udgivelse af årsstatistikken fra registret")),
    ("spor estimate --year 2026", _lazy("mørketalsskøn fra registret")),
    ("spor export DIR", _lazy("pseudonyme udtræk i udvekslingsformatet")),
]


@access(Role.ANALYST)
def analyst(request: HttpRequest) -> HttpResponse:
    """The analyst's commands for statistics and estimation; never identifying data (docs/web.md)."""
    return render(request, "web/analyst.html", {"commands": ANALYST_COMMANDS})
