"""Children on the person and case pages (docs/web.md#children): the person's recorded children
and the unaccompanied minor's representative, municipality and notification.

Each view calls one service through `flow.run`. The representative's name is decrypted only on
the form that changes it (`unaccompanied_for` writes the read log); the case page shows whether
one is recorded, not who.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from spor import municipalities
from spor.cases.selectors import case_get_for, unaccompanied_for
from spor.cases.services import minors
from spor.common.errors import NotFound
from spor.organisations.access import SignedInRequest, access
from spor.people import services as people
from spor.people.selectors import person_get_for
from spor.web.casework.flow import Action, run
from spor.web.casework.forms import BLANK, CaseworkForm, date_field
from spor.web.casework.views import CENTRE, not_found_is_404


class ChildForm(CaseworkForm):
    birth_year = forms.IntegerField(label=_lazy("Barnets fødselsår"), required=False, min_value=1900, max_value=2100)


class UnaccompaniedForm(CaseworkForm):
    representative_name = forms.CharField(
        label=_lazy("Personlig repræsentant: navn"),
        required=False,
        max_length=200,
        help_text=_lazy("Uden repræsentant kan der ikke træffes afgørelse eller planlægges hjemrejse."),
    )
    representative_org = forms.CharField(
        label=_lazy("Personlig repræsentant: organisation"), required=False, max_length=200
    )
    municipality = forms.ChoiceField(label=_lazy("Ansvarlig kommune"), required=False)
    notified_on = date_field(_lazy("Kommunen underrettet den"), required=False, today=False)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = BLANK + municipalities.choices()  # type: ignore[attr-defined]


def _person_url(person: Any) -> str:
    return reverse("casework:person-detail", args=[person.code])


@access(*CENTRE)
@not_found_is_404
def child_add(request: SignedInRequest, code: Any) -> HttpResponse:
    """Record a child of the person: what a return plan's child rate counts."""
    person = person_get_for(actor=request.user, code=code)
    url = _person_url(person)

    def perform(data: dict[str, Any]) -> Any:
        return people.child_add(actor=request.user, person=person, birth_year=data["birth_year"])

    form = ChildForm(request.POST or None)
    title = _("Registrér barn")
    return run(request, Action(form, perform, url, _("Barnet er registreret."), title, url, {"person": person}))


@access(*CENTRE)
@not_found_is_404
def child_remove(request: SignedInRequest, code: Any, child: Any) -> HttpResponse:
    """Remove a child recorded by mistake, after a confirmation (it cannot be undone)."""
    person = person_get_for(actor=request.user, code=code)
    found = person.children.filter(code=child).first()
    if found is None:
        raise NotFound
    url = _person_url(person)

    def perform(_data: dict[str, Any]) -> None:
        people.child_remove(actor=request.user, child=found)

    context = {"person": person, "child": found}
    action = Action(
        CaseworkForm(request.POST if request.method == "POST" else None),
        perform,
        url,
        _("Barnet er fjernet."),
        _("Fjern barn"),
        url,
        context,
    )
    action.template = "casework/child_remove.html"
    return run(request, action)


@access(*CENTRE)
@not_found_is_404
def unaccompanied_record(request: SignedInRequest, code: Any) -> HttpResponse:
    """Mark the case as an unaccompanied minor's, with representative, municipality, notification."""
    user = request.user
    case = case_get_for(actor=user, code=code)
    initial: dict[str, Any] = {}
    if request.method != "POST":
        view = unaccompanied_for(actor=user, case=case)  # decrypts: read-logged
        if view is not None:
            record = view.record
            initial = {
                "representative_name": view.representative_name,
                "representative_org": view.representative_org,
                "municipality": record.municipality,
                "notified_on": record.notified_on,
                "version": record.version,
            }
    form = UnaccompaniedForm(request.POST or None, initial=initial)
    url = reverse("casework:case-detail", args=[case.code])

    def perform(data: dict[str, Any]) -> Any:
        return minors.unaccompanied_record(actor=user, case=case, **data)

    title = _("Uledsaget mindreårig")
    done = _("Oplysningerne om den uledsagede mindreårige er gemt.")
    return run(request, Action(form, perform, url, done, title, url, {"case": case}))
