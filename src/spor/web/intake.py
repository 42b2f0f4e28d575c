"""Hotline intake (docs/web.md#pages): one page, keyboard only, a call logged in under a minute.

Channel, sender, summary and, optionally, the person: a new one (created with the inquiry) or an
existing one picked from the possible duplicates, which htmx fetches while the name is typed
(`person_duplicates_for`, the registry's duplicate detection). Each suggestion shows the
pseudonymous facts and the latest case; its names and birth date appear on request, read-logged
as on the person page (`duplicate_reveal`). The name travels in POST bodies only, never in a URL
(docs/architecture.md#logs-and-urls).

Nothing typed is dropped: a name or birth data typed with "Ingen person" selected is not silently
discarded; the page asks whether to register the person (docs/web.md#hotline-intake).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from spor import nationalities
from spor.cases import services as case_services
from spor.cases.selectors import case_list_for
from spor.common.errors import NotFound
from spor.organisations.access import access
from spor.organisations.models import Role
from spor.people import services as people_services
from spor.people.selectors import DuplicateCandidate, person_duplicates_for, person_get_for, person_identity_for
from spor.vocabulary import ActorType, Channel, Gender, ResidenceStatus
from spor.web.forms import SporForm

CENTRE = (Role.CASEWORKER, Role.MANAGER)
PERSON_CHOICES = [("none", _lazy("Ingen person")), ("person", _lazy("Med person (ny eller kendt)"))]
#: The person fields whose typed values "Ingen person" would otherwise drop.
PERSON_TYPED = ("given_name", "family_name", "birth_date", "birth_year", "nationality")


def nationality_choices() -> list[tuple[str, str]]:
    """Every nationality by its name in the active language, sorted by name."""
    return _nationality_choices((get_language() or "da")[:2])


@cache  # about 260 names from CLDR: built once per language, not on every page
def _nationality_choices(lang: str) -> list[tuple[str, str]]:
    named = sorted(((code, nationalities.name(code, lang)) for code in nationalities.all_codes()), key=lambda c: c[1])
    return [("", "—"), *named]


class PersonFieldsForm(SporForm):
    """The person fields beside the live duplicate check, shared by the intake and the inquiry page.

    `existing` is the person chosen among the possible duplicates (radio buttons in the htmx
    fragment); empty means a new person from the typed fields.
    """

    given_name = forms.CharField(label=_lazy("Fornavn"), max_length=100, required=False)
    family_name = forms.CharField(label=_lazy("Efternavn"), max_length=100, required=False)
    birth_date = forms.DateField(
        label=_lazy("Fødselsdato"), required=False, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    birth_year = forms.IntegerField(label=_lazy("Fødselsår"), required=False, min_value=1900, max_value=2100)
    estimated_age = forms.IntegerField(
        label=_lazy("Anslået alder"),
        required=False,
        min_value=0,
        max_value=120,
        help_text=_lazy("Når hverken fødselsdato eller fødselsår kendes; skønnet dateres i dag."),
    )
    nationality = forms.ChoiceField(label=_lazy("Nationalitet"), required=False)
    gender = forms.ChoiceField(label=_lazy("Køn"), choices=Gender.choices, initial=Gender.UNKNOWN)
    residence_status = forms.ChoiceField(
        label=_lazy("Opholdsgrundlag"), choices=ResidenceStatus.choices, initial=ResidenceStatus.UNKNOWN
    )
    existing = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nationality"].choices = nationality_choices()  # type: ignore[attr-defined]


class IntakeForm(PersonFieldsForm):
    received_on = forms.DateField(
        label=_lazy("Modtaget"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    channel = forms.ChoiceField(label=_lazy("Kanal"), choices=Channel.choices, widget=forms.RadioSelect)
    sender_type = forms.ChoiceField(label=_lazy("Afsender"), choices=[("", "—"), *ActorType.choices])
    sender_org = forms.CharField(label=_lazy("Afsenderens organisation"), max_length=200, required=False)
    summary = forms.CharField(label=_lazy("Resumé af henvendelsen"), widget=forms.Textarea(attrs={"rows": 4}))
    person = forms.ChoiceField(label=_lazy("Person"), choices=PERSON_CHOICES, widget=forms.RadioSelect, initial="none")
    # The inquiry's fields first, then the person's (the error summary follows this order).
    field_order = ["received_on", "channel", "sender_type", "sender_org", "summary", "person"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        named = data.get("given_name") or data.get("family_name")
        if data.get("person") == "person" and not data.get("existing") and not named:
            self.add_error("given_name", _("Skriv mindst et fornavn eller et efternavn."))
        typed = [name for name in PERSON_TYPED if data.get(name) or self.errors.get(name)]
        if data.get("person") == "none" and typed:
            # Never drop what the caller said: ask, keeping every typed value in the form.
            self.add_error(
                "person",
                _(
                    "Du har skrevet oplysninger om en person, men valgt “Ingen person”. Vælg “Med person” for at "
                    "registrere personen, eller slet oplysningerne."
                ),
            )
        return data


@access(*CENTRE)
def intake(request: HttpRequest) -> HttpResponse:
    """The intake page; on save the inquiry (and person) are registered in one transaction."""
    initial = {"received_on": timezone.localdate(), "channel": Channel.HOTLINE, "person": "none"}
    form = IntakeForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            inquiry = _register(request.user, form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        except NotFound:
            form.add_error("person", _("Den valgte person findes ikke længere."))
        else:
            messages.success(request, _("Henvendelsen %(id)s er registreret.") % {"id": inquiry.external_id})
            return redirect("web:intake")
    context: dict[str, Any] = {"form": form}
    if request.method == "POST":  # the suggestions and the choice among them survive an error too
        context |= _duplicates_context(request, form)
    return render(request, "web/intake.html", context)


@transaction.atomic
def _register(actor: Any, data: dict[str, Any]) -> Any:
    persons = []
    if data["person"] == "person" and data["existing"]:
        persons.append(person_get_for(actor=actor, code=data["existing"]))
    elif data["person"] == "person":
        persons.append(
            people_services.person_create(
                actor=actor,
                identity=people_services.Identity(given_name=data["given_name"], family_name=data["family_name"]),
                gender=data["gender"],
                birth_date=data["birth_date"],
                birth_year=data["birth_year"],
                estimated_age=data.get("estimated_age"),
                nationalities=[data["nationality"]] if data["nationality"] else [],
                residence_status=data["residence_status"],
            )
        )
    return case_services.inquiry_register(
        actor=actor,
        received_on=data["received_on"],
        channel=data["channel"],
        sender_type=data["sender_type"],
        sender_org=data["sender_org"],
        summary=data["summary"],
        persons=persons,
    )


@require_POST
@access(*CENTRE)
def duplicates(request: HttpRequest) -> HttpResponse:
    """The possible duplicates of the person being typed (an htmx fragment)."""
    form = IntakeForm(request.POST)
    form.is_valid()  # only the person fields matter here; errors elsewhere are for the save
    return render(request, "web/_duplicates.html", _duplicates_context(request, form))


def _duplicates_context(request: HttpRequest, form: IntakeForm) -> dict[str, Any]:
    """The fragment's context: {"candidates", "chosen", "typed"} from the form's person fields."""
    data = form.cleaned_data
    given, family = data.get("given_name") or "", data.get("family_name") or ""
    candidates = []
    if len(f"{given}{family}") >= 2:
        candidates = person_duplicates_for(
            actor=request.user,
            given_name=given,
            family_name=family,
            birth_date=data.get("birth_date"),
            birth_year=data.get("birth_year"),
            nationalities=[data["nationality"]] if data.get("nationality") else None,
        )
    chosen = str(data.get("existing") or "")
    return {"candidates": with_latest_case(request.user, candidates), "chosen": chosen, "typed": bool(given or family)}


def with_latest_case(actor: Any, candidates: list[DuplicateCandidate]) -> list[dict[str, Any]]:
    """Each suggestion with the person's latest case (number and status) for the fragment:
    {"person", "score", "latest_case"}; one query for all of them."""
    latest: dict[int, Any] = {}
    ids = [c.person.pk for c in candidates]
    for case in case_list_for(actor=actor).filter(person_id__in=ids).order_by("person_id", "-opened_on", "-id"):
        latest.setdefault(case.person_id, case)
    return [{"person": c.person, "score": c.score, "latest_case": latest.get(c.person.pk)} for c in candidates]


@require_POST
@access(*CENTRE)
def duplicate_reveal(request: HttpRequest, code: Any) -> HttpResponse:
    """The names and birth date of one suggested duplicate, on an explicit request (an htmx
    fragment); the read is logged like the person page's "Vis identitet" (docs/architecture.md#read-log)."""
    try:
        person = person_get_for(actor=request.user, code=code)
    except NotFound:
        raise Http404 from None
    view = person_identity_for(actor=request.user, person=person)
    return render(request, "web/_duplicate_identity.html", {"person": person, "identity": view})
