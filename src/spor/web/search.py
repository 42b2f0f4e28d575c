"""Search (docs/web.md#pages): by case or inquiry number, name in any script (blind index), birth
date or year, nationality, phone.

The criteria travel in the POST body, never in the URL (docs/architecture.md#logs-and-urls: no personal data in URLs or
server logs). Names, phones and birth dates are hashed and looked up in the blind index; nothing
is decrypted.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from spor.cases.selectors import case_list_for, inquiry_list_for
from spor.organisations.access import access
from spor.people import names
from spor.people.models import Person
from spor.people.selectors import person_search_for, person_search_tokens, persons_visible_to, search_logged
from spor.web.forms import SporForm
from spor.web.intake import CENTRE, nationality_choices

LIMIT = 50
NAME_CANDIDATES = 500  # best blind-index matches narrowed by the other criteria


class SearchForm(SporForm):
    number = forms.CharField(
        label=_lazy("Sags- eller henvendelsesnummer"), max_length=64, required=False, help_text="CMM-2026-00042"
    )
    name = forms.CharField(label=_lazy("Navn"), max_length=200, required=False)
    birth_date = forms.DateField(
        label=_lazy("Fødselsdato"), required=False, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    birth_year = forms.IntegerField(label=_lazy("Fødselsår"), required=False, min_value=1900, max_value=2100)
    nationality = forms.ChoiceField(label=_lazy("Nationalitet"), required=False)
    phone = forms.CharField(label=_lazy("Telefon"), max_length=40, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nationality"].choices = nationality_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(name) for name in self.fields):
            raise forms.ValidationError(_("Udfyld mindst ét søgefelt."))
        return data


@access(*CENTRE)
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.POST if request.method == "POST" else None)
    context: dict[str, Any] = {"form": form, "searched": False}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        context["searched"] = True
        if data["number"]:
            number = data["number"].strip()
            context["cases"] = list(
                case_list_for(actor=request.user)
                # Case numbers are upper case ("CMM-2026-00042"); exact match uses their unique index.
                .filter(number=number.upper())
                .select_related("person")
            )
            # Inquiry ids are kept as received (upper case when Spor issues them): exact, then upper.
            context["inquiries"] = list(
                inquiry_list_for(actor=request.user)
                .filter(external_id__in={number, number.upper()})
                .select_related("case")
                .prefetch_related("persons")[:LIMIT]
            )
        criteria = {k: data[k] for k in ("name", "birth_date", "birth_year", "nationality", "phone")}
        if any(criteria.values()):
            context["persons"] = persons_matching(request.user, data)
            # What was searched for goes to the log in blind form only (docs/architecture.md#read-log).
            tokens = person_search_tokens(" ".join(filter(None, [data["name"], data["phone"]])))
            search_logged(actor=request.user, kind="search", criteria=criteria, tokens=tokens, found=context["persons"])
    return render(request, "web/search.html", context)


def _key() -> bytes:
    return settings.BLIND_INDEX_KEY.encode()


def persons_matching(actor: Any, data: dict[str, Any]) -> list[Person]:
    """Persons meeting every criterion given, best name match first, at most LIMIT."""
    people = persons_visible_to(actor).filter(erased_at__isnull=True)
    rank: dict[int, int] = {}
    text = " ".join(filter(None, [data["name"], data["phone"]]))
    if text:  # the blind index ranks by shared tokens; the other criteria narrow its answer
        found = person_search_for(actor=actor, query=text, limit=NAME_CANDIDATES, log=False)
        rank = {person.pk: i for i, person in enumerate(found)}
        people = people.filter(pk__in=list(rank))
    year = data["birth_date"].year if data["birth_date"] else data["birth_year"]
    if year:
        people = people.filter(birth_year=year)
    if data["nationality"]:
        # The list is stored as JSON text; the quotes keep "RU" from matching "RU-CE".
        people = people.filter(nationalities__icontains=f'"{data["nationality"]}"')
    if data["birth_date"]:  # compared as keyed tokens, nothing decrypted
        people = people.filter(birth_date_token=names.birth_date_token(data["birth_date"], _key()))
    matching = list(people.order_by("key")[: len(rank) or LIMIT])
    if rank:
        matching.sort(key=lambda p: rank[p.pk])
    return matching[:LIMIT]
