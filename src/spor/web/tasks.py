"""Mine opgaver, the manager's team view and the notifications (docs/web.md#tasks-and-deadlines).

The lists come from `spor.tasks.selectors.deadlines_for`: derived deadlines and hand-made tasks
together, overdue first, then by due date, a page at a time with a bounded number of queries.
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from spor.cases import services as case_services
from spor.cases.selectors import case_get_for, case_list_for
from spor.common.errors import Conflict, NotFound
from spor.organisations.access import SignedInRequest, access
from spor.organisations.models import Role
from spor.tasks import deadlines, selectors, services
from spor.tasks.notifications import text as notification_text
from spor.web.casework.flow import Action, run
from spor.web.casework.forms import CaseworkForm, UserChoiceField, date_field

CENTRE = (Role.CASEWORKER, Role.MANAGER)
PAGE = 50
KIND_CHOICES = [("", _lazy("Alle slags"))] + [(k, v) for k, v in deadlines.KIND_LABELS.items()]


class ListFilter(forms.Form):
    kind = forms.ChoiceField(
        label=_lazy("Slags"), choices=KIND_CHOICES, required=False, widget=forms.Select(attrs={"class": "form-select"})
    )
    overdue = forms.BooleanField(
        label=_lazy("Kun overskredne"), required=False, widget=forms.CheckboxInput(attrs={"class": "form-checkbox"})
    )
    side = forms.IntegerField(min_value=1, max_value=10_000, required=False)
    person = forms.CharField(required=False, max_length=40)

    def value(self, name: str) -> Any:
        return self.cleaned_data.get(name) if self.is_valid() else None


def _listing(request: SignedInRequest, *, team: bool) -> dict[str, Any]:
    filters = ListFilter(request.GET or None)
    today = timezone.localdate()
    page_no = filters.value("side") or 1
    members = selectors.team_members() if team else []
    person, owner, unassigned = filters.value("person") or "", None, False
    if team and person == "none":
        unassigned = True
    elif team and person:
        owner = next((u for u in members if str(u.code) == person), None)
    result = selectors.deadlines_for(
        actor=request.user,
        today=today,
        team=team,
        owner=owner,
        unassigned=unassigned,
        kinds=[filters.value("kind")] if filters.value("kind") else None,
        overdue=bool(filters.value("overdue")),
        offset=(page_no - 1) * PAGE,
        limit=PAGE,
    )
    query = {k: v for k, v in request.GET.items() if k != "side"}
    names = {u.pk: u for u in members}
    return {
        "filters": filters,
        "page": result,
        "rows": [(d, d.overdue(today), abs((d.due_on - today).days)) for d in result.items],
        "by_kind": [(deadlines.KIND_LABELS[k], n) for k, n in sorted(result.by_kind.items())],
        "by_owner": [(names.get(k) if k else None, k is None, n, late) for k, (n, late) in result.by_owner.items()],
        "members": members,
        "person": person,
        "page_no": page_no,
        "previous": urlencode({**query, "side": page_no - 1}) if page_no > 1 else None,
        "next": urlencode({**query, "side": page_no + 1}) if page_no * PAGE < result.total else None,
        "today": today,
        "here": request.get_full_path(),
    }


@access(*CENTRE)
def task_list(request: SignedInRequest) -> HttpResponse:
    """Mine opgaver: the user's deadlines and tasks."""
    return render(request, "web/tasks.html", _listing(request, team=False))


@access(Role.MANAGER)
def team(request: SignedInRequest) -> HttpResponse:
    """The team's deadlines and tasks, with counts per person and kind, and reassignment."""
    return render(request, "web/team.html", _listing(request, team=True))


class TaskForm(CaseworkForm):
    title = forms.CharField(label=_lazy("Opgave"), max_length=200)
    due_on = date_field(_lazy("Frist"))
    assignee = UserChoiceField(label=_lazy("Ansvarlig"), queryset=None, empty_label=None)
    case_number = forms.CharField(label=_lazy("Sagsnummer"), required=False, max_length=32)

    def __init__(self, *args: Any, me: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["assignee"]
        field.queryset = selectors.team_members_queryset()
        field.initial = me.pk
        self.style()


@access(*CENTRE)
def task_add(request: SignedInRequest) -> HttpResponse:
    """Add a task by hand, optionally on a case (`?sag=<case number>` fills it in)."""
    initial = {"case_number": request.GET.get("sag", "")[:32]}
    form = TaskForm(request.POST or None, initial=initial, me=request.user)

    def perform(data: dict[str, Any]) -> Any:
        case = None
        if data["case_number"]:
            case = case_list_for(actor=request.user).filter(number=data["case_number"].strip()).first()
            if case is None:
                raise ValidationError({"case_number": [_("Der er ingen sag med det nummer.")]})
        return services.task_add(
            actor=request.user, title=data["title"], due_on=data["due_on"], assignee=data["assignee"], case=case
        )

    url = reverse("web:tasks")
    return run(request, Action(form, perform, url, _("Opgaven er oprettet."), _("Ny opgave"), url, {}))


def _back(request: SignedInRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect("web:tasks")


class TaskChangeForm(forms.Form):
    version = forms.IntegerField(min_value=1)
    done = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1", required=False)
    assignee = forms.UUIDField(required=False)


def _task_change(request: SignedInRequest, code: Any, **change: Any) -> HttpResponse:
    try:
        task = selectors.task_get_for(actor=request.user, code=code)
    except NotFound:
        raise Http404 from None
    form = TaskChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Opgaven kunne ikke ændres: siden var forældet. Prøv igen."))
        return _back(request)
    try:
        services.task_update(actor=request.user, task=task, version=form.cleaned_data["version"], **change)
    except Conflict:
        messages.error(request, _("Opgaven er ændret af en anden, siden du åbnede siden. Se den nye udgave."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied:
        messages.error(request, _("Du har ikke ret til at ændre denne opgave."))
    else:
        messages.success(request, _("Opgaven er ændret."))
    return _back(request)


@require_POST
@access(*CENTRE)
def task_done(request: SignedInRequest, code: Any) -> HttpResponse:
    """Mark a task done or undone."""
    return _task_change(request, code, done=request.POST.get("done") == "1")


@require_POST
@access(Role.MANAGER)
def task_reassign(request: SignedInRequest, code: Any) -> HttpResponse:
    """Give a hand-made task to another member of the team."""
    member = next((u for u in selectors.team_members() if str(u.code) == request.POST.get("assignee")), None)
    if member is None:
        messages.error(request, _("Vælg en medarbejder."))
        return _back(request)
    return _task_change(request, code, assignee=member)


@require_POST
@access(Role.MANAGER)
def contact_person_change(request: SignedInRequest, code: Any) -> HttpResponse:
    """Move a case's derived deadlines to another person: change the case's contact person."""
    try:
        case = case_get_for(actor=request.user, code=code)
    except NotFound:
        raise Http404 from None
    member = next((u for u in selectors.team_members() if str(u.code) == request.POST.get("assignee")), None)
    if member is None:
        messages.error(request, _("Vælg en medarbejder."))
        return _back(request)
    try:
        case_services.contact_person_assign(actor=request.user, case=case, contact_person=member)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(case)s har fået ny kontaktperson.") % {"case": case.number})
    return _back(request)


@access(*CENTRE)
def notification_list(request: SignedInRequest) -> HttpResponse:
    """The user's notifications, newest first (the latest 100)."""
    notes = list(selectors.notifications_for(actor=request.user)[:100])
    return render(request, "web/notifications.html", {"notes": [(n, notification_text(n)) for n in notes]})


@require_POST
@access(*CENTRE)
def notification_read(request: SignedInRequest) -> HttpResponse:
    """Mark one notification (`code`) or all of them read."""
    code = request.POST.get("code")
    note = None
    if code:
        note = selectors.notifications_for(actor=request.user).filter(code=code).first() if _uuid(code) else None
        if note is None:
            raise Http404
    services.notification_read(actor=request.user, notification=note)
    return redirect("web:notifications")


def _uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
