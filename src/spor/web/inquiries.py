"""Inquiry pages for centre staff (docs/web.md#inquiry-page, docs/web.md#inquiry-queue).

The queue (`/henvendelser/`, newest first, filters in the query string: codes and days only), the
caller's own queue, the manager's team view, and one inquiry's page: what the caller wrote
(decrypted, the read logged), then in one flow a person (an existing one after the duplicate check,
or a new one prefilled from the referral), "Opret sag", or closing without a case.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from spor.cases import services as case_services
from spor.cases.models import InquiryState
from spor.cases.selectors import inquiry_get_for, inquiry_queue_for, inquiry_view_for, referral_person_data
from spor.common.errors import Conflict, NotFound
from spor.organisations.access import SignedInRequest, access
from spor.organisations.models import Role
from spor.organisations.permissions import is_manager
from spor.people import services as people_services
from spor.people.selectors import person_get_for
from spor.vocabulary import ActorType, Channel, Gender, InquiryOutcome
from spor.web.forms import SporForm
from spor.web.intake import PersonFieldsForm
from spor.web.views import assignees

CENTRE = (Role.CASEWORKER, Role.MANAGER)
PER_PAGE = 50
OLDEST_SHOWN = 10


def _blank(choices: Any) -> list[tuple[str, str]]:
    return [("", _("Alle")), *choices]


class QueueFilter(SporForm):
    """The queue's filters, all from the query string; a bad value is an error on its field."""

    state = forms.ChoiceField(label=_lazy("Tilstand"), required=False)
    channel = forms.ChoiceField(label=_lazy("Kanal"), required=False)
    sender_type = forms.ChoiceField(label=_lazy("Afsender"), required=False)
    received_from = forms.DateField(
        label=_lazy("Modtaget fra"), required=False, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    received_to = forms.DateField(
        label=_lazy("Modtaget til"), required=False, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    assigned_to = forms.ChoiceField(label=_lazy("Givet til"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = _blank(InquiryState.choices)  # type: ignore[attr-defined]
        self.fields["channel"].choices = _blank(Channel.choices)  # type: ignore[attr-defined]
        self.fields["sender_type"].choices = _blank(ActorType.choices)  # type: ignore[attr-defined]
        people = [(str(u.code), u.username) for u in assignees()]
        self.fields["assigned_to"].choices = _blank(people)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("received_from"), data.get("received_to")
        if start and end and start > end:
            self.add_error("received_to", _("Slutdatoen ligger før startdatoen."))
        return data


def _page_number(raw: str | None, pages: int) -> int:
    """The page asked for, within 1..pages; anything that is not a number is page 1."""
    try:
        number = int(raw or "1")
    except ValueError:
        return 1
    return min(max(number, 1), max(pages, 1))


def _queue(request: HttpRequest, *, title: str, fixed: dict[str, Any], template_extra: dict[str, Any]) -> HttpResponse:
    form = QueueFilter(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        filters = {name: value for name, value in form.cleaned_data.items() if value}
    filters |= fixed
    queryset = inquiry_queue_for(actor=request.user, **filters)
    total = queryset.count()  # the one count query
    pages = (total + PER_PAGE - 1) // PER_PAGE
    number = _page_number(request.GET.get("side"), pages)
    rows = list(
        queryset.select_related("assigned_to", "case__person").order_by("-received_on", "-id")[
            (number - 1) * PER_PAGE : number * PER_PAGE
        ]
    )
    query = request.GET.copy()
    query.pop("side", None)
    context = {
        "title": title,
        "form": form,
        "inquiries": rows,
        "total": total,
        "page": number,
        "pages": pages,
        "query": query.urlencode(),
        "today": timezone.localdate(),
        **template_extra,
    }
    return render(request, "web/inquiry_queue.html", context)


@access(*CENTRE)
def inquiry_queue(request: HttpRequest) -> HttpResponse:
    """All inquiries, newest first, with a count, filters and paging."""
    return _queue(request, title=_("Henvendelser"), fixed={}, template_extra={})


@access(*CENTRE)
def inquiry_mine(request: SignedInRequest) -> HttpResponse:
    """The inquiries given to the user."""
    return _queue(request, title=_("Mine henvendelser"), fixed={"assigned_to": request.user.code}, template_extra={})


@access(Role.MANAGER)
def inquiry_team(request: SignedInRequest) -> HttpResponse:
    """The manager's team view: the ten oldest unanswered, the unassigned with their age, who holds what."""
    today = timezone.localdate()
    visible = inquiry_queue_for(actor=request.user)
    open_ = visible.exclude(state=InquiryState.CLOSED).filter(case__isnull=True)
    unassigned = open_.filter(assigned_to__isnull=True)
    holders = (
        open_.filter(assigned_to__isnull=False)
        .values("assigned_to__code", "assigned_to__username")
        .annotate(n=Count("id"))
        .order_by("-n", "assigned_to__username")
    )
    oldest = list(open_.select_related("assigned_to").order_by("received_on", "id")[:OLDEST_SHOWN])
    waiting = list(unassigned.order_by("received_on", "id")[:PER_PAGE])
    for row in (*oldest, *waiting):
        row.age = (today - row.received_on).days  # type: ignore[attr-defined]
    context = {
        "oldest": oldest,
        "unassigned_count": unassigned.count(),
        "unassigned": waiting,
        "holders": list(holders),
        "assignees": assignees(),
        "today": today,
    }
    return render(request, "web/inquiry_team.html", context)


# --- one inquiry ---------------------------------------------------------------------------------


class PersonForm(PersonFieldsForm):
    """A person for the inquiry: a new one from these fields, or `existing`, picked among the duplicates."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("existing") and not (data.get("given_name") or data.get("family_name")):
            self.add_error("given_name", _("Skriv mindst et fornavn eller et efternavn."))
        return data


class CloseForm(SporForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label=_lazy("Udfald"), choices=InquiryOutcome.choices, widget=forms.RadioSelect)
    duplicate_of = forms.CharField(
        label=_lazy("Dublet af henvendelse"),
        max_length=64,
        required=False,
        help_text=_lazy("Henvendelsesnummeret, kun når udfaldet er dublet."),
    )
    note = forms.CharField(label=_lazy("Note"), max_length=4000, required=False, widget=forms.Textarea({"rows": 3}))


def _person_initial(request: SignedInRequest, inquiry: Any) -> dict[str, Any]:
    data = referral_person_data(actor=request.user, inquiry=inquiry)
    if not data:
        return {"version": inquiry.version}
    return {
        "version": inquiry.version,
        "given_name": data.get("given_name", ""),
        "family_name": data.get("family_name", ""),
        "birth_date": data.get("birth_date"),
        "birth_year": data.get("birth_year"),
        "nationality": (data.get("nationalities") or [""])[0],
        "gender": data.get("gender") or Gender.UNKNOWN,
    }


def _render_detail(
    request: SignedInRequest,
    code: Any,
    *,
    person_form: PersonForm | None = None,
    close_form: CloseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    try:
        view = inquiry_view_for(actor=request.user, code=code)
    except (NotFound, PermissionDenied):
        raise Http404 from None
    inquiry = view.inquiry
    persons = list(inquiry.persons.all())
    workable = inquiry.state != InquiryState.CLOSED and inquiry.case_id is None
    if workable and not persons and person_form is None:
        person_form = PersonForm(initial=_person_initial(request, inquiry))
    if workable and close_form is None:
        close_form = CloseForm(initial={"version": inquiry.version})
    context = {
        "view": view,
        "inquiry": inquiry,
        "persons": persons,
        "workable": workable,
        "person_form": person_form if workable and not persons else None,
        "close_form": close_form if workable else None,
        "can_assign": is_manager(request.user) and workable,
        "assignees": assignees() if is_manager(request.user) else [],
        "age": (timezone.localdate() - inquiry.received_on).days,
    }
    return render(request, "web/inquiry_detail.html", context, status=status)


@access(*CENTRE)
def inquiry_detail(request: SignedInRequest, code: Any) -> HttpResponse:
    """One inquiry: what it says and what can be done with it."""
    return _render_detail(request, code)


def _inquiry_or_404(request: SignedInRequest, code: Any) -> Any:
    try:
        return inquiry_get_for(actor=request.user, code=code)
    except NotFound:
        raise Http404 from None


def _form_errors(form: forms.Form, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


@access(*CENTRE)
def inquiry_person(request: SignedInRequest, code: Any) -> HttpResponse:
    """Attach an existing person (picked among the duplicates) or create one, then offer "Opret sag"."""
    if request.method != "POST":
        return redirect("web:inquiry-detail", code=code)
    inquiry = _inquiry_or_404(request, code)
    form = PersonForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                if data["existing"]:
                    person = person_get_for(actor=request.user, code=data["existing"])
                else:
                    person = people_services.person_create(
                        actor=request.user,
                        identity=people_services.Identity(
                            given_name=data["given_name"], family_name=data["family_name"]
                        ),
                        gender=data["gender"],
                        birth_date=data["birth_date"],
                        birth_year=data["birth_year"],
                        estimated_age=data.get("estimated_age"),
                        nationalities=[data["nationality"]] if data["nationality"] else [],
                        residence_status=data["residence_status"],
                    )
                case_services.inquiry_attach_person(
                    actor=request.user, inquiry=inquiry, person=person, version=data["version"]
                )
        except ValidationError as exc:
            _form_errors(form, exc)
        except NotFound:
            form.add_error(None, _("Den valgte person findes ikke længere."))
        except Conflict:
            form.add_error(None, _("Henvendelsen er ændret af en anden, siden du åbnede den. Se den igen."))
        else:
            messages.success(request, _("Personen er knyttet til henvendelsen. Opret nu sagen."))
            return redirect("web:inquiry-detail", code=inquiry.code)
    return _render_detail(request, code, person_form=form, status=400)


def _duplicate_of(request: SignedInRequest, number: str) -> Any:
    if not number:
        return None
    found = inquiry_queue_for(actor=request.user).filter(external_id=number.strip()).first()
    if found is None:
        raise ValidationError({"duplicate_of": [_("Der er ingen henvendelse med det nummer.")]})
    return found


@access(*CENTRE)
def inquiry_close(request: SignedInRequest, code: Any) -> HttpResponse:
    """Close without a case: an outcome, a note, the inquiry it duplicates."""
    if request.method != "POST":
        return redirect("web:inquiry-detail", code=code)
    inquiry = _inquiry_or_404(request, code)
    form = CloseForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            case_services.inquiry_close(
                actor=request.user,
                inquiry=inquiry,
                outcome=data["outcome"],
                note=data["note"],
                duplicate_of=_duplicate_of(request, data["duplicate_of"]),
                version=data["version"],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        except Conflict:
            form.add_error(None, _("Henvendelsen er ændret af en anden, siden du åbnede den. Se den igen."))
        else:
            messages.success(request, _("Henvendelsen %(id)s er afsluttet.") % {"id": inquiry.external_id})
            return redirect("web:inquiry-detail", code=inquiry.code)
    return _render_detail(request, code, close_form=form, status=400)
