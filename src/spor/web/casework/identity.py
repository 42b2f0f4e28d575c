"""Identity correction after intake (docs/web.md#identity-correction): names, aliases, phones,
documents, birth date, gender and nationalities, through `person_update` with its version check.

Opening the form decrypts the identity to fill it in, so it is read-logged like "Vis identitet";
a stale save shows the conflict page (409) without the stored values in clear; the page lists
the change history (who, when, which fields; never a value).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from spor.organisations.access import SignedInRequest, access
from spor.people import services as people
from spor.people.selectors import person_changes_for, person_get_for, person_identity_for
from spor.vocabulary import Gender
from spor.web.casework.flow import Action, run
from spor.web.casework.forms import DateInput, VersionedForm
from spor.web.casework.views import CENTRE, not_found_is_404
from spor.web.intake import nationality_choices

#: Names of changed fields in the history and the conflict page, by the codes the audit log keeps.
FIELD_LABELS = {
    "given_name": _lazy("Fornavn"),
    "family_name": _lazy("Efternavn"),
    "aliases": _lazy("Aliasser"),
    "phones": _lazy("Telefon"),
    "emails": _lazy("E-mail"),
    "documents": _lazy("Dokumenter"),
    "notes": _lazy("Noter"),
    "birth_date": _lazy("Fødselsdato"),
    "birth_year": _lazy("Fødselsår"),
    "estimated_age": _lazy("Anslået alder"),
    "age_estimated_on": _lazy("Alder anslået den"),
    "gender": _lazy("Køn"),
    "nationalities": _lazy("Nationalitet"),
    "residence_status": _lazy("Opholdsgrundlag"),
}
EVENT_LABELS = {
    "person.created": _lazy("Registreret"),
    "person.updated": _lazy("Rettet"),
    "person.merged": _lazy("Dublet lagt sammen"),
    "person.erased": _lazy("Identitet slettet"),
}


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class IdentityForm(VersionedForm):
    given_name = forms.CharField(label=_lazy("Fornavn"), max_length=100, required=False)
    family_name = forms.CharField(label=_lazy("Efternavn"), max_length=100, required=False)
    aliases = forms.CharField(
        label=_lazy("Aliasser"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_lazy("Ét pr. linje"),
    )
    phones = forms.CharField(
        label=_lazy("Telefon"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_lazy("Ét pr. linje"),
    )
    documents = forms.CharField(
        label=_lazy("Dokumenter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_lazy("Ét pr. linje, fx pasnummer"),
    )
    birth_date = forms.DateField(label=_lazy("Fødselsdato"), required=False, widget=DateInput())
    birth_year = forms.IntegerField(label=_lazy("Fødselsår"), required=False, min_value=1900, max_value=2100)
    estimated_age = forms.IntegerField(
        label=_lazy("Anslået alder"),
        required=False,
        min_value=0,
        max_value=120,
        help_text=_lazy("Når hverken fødselsdato eller fødselsår kendes; skønnet dateres i dag."),
    )
    gender = forms.ChoiceField(label=_lazy("Køn"), choices=Gender.choices)
    nationalities = forms.MultipleChoiceField(
        label=_lazy("Nationalitet"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_lazy("Den første er den primære"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nationalities"].choices = nationality_choices()[1:]  # type: ignore[attr-defined]
        self.style()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("given_name") or data.get("family_name")) and not self.errors.get("given_name"):
            self.add_error("given_name", _("Skriv mindst et fornavn eller et efternavn."))
        return data

    def stored_value(self, obj: Any, name: str) -> Any:
        # The conflict page shows the stored pseudonymous facts; identity parts stay hidden there.
        if name in {"gender", "birth_year", "nationalities", "estimated_age"}:
            return super().stored_value(obj, name)
        return _("(skjult)")


@access(*CENTRE)
@not_found_is_404
def person_identity_edit(request: SignedInRequest, code: Any) -> HttpResponse:
    """Correct the identity; the form is filled from the decrypted identity (read-logged)."""
    user = request.user
    person = person_get_for(actor=user, code=code)
    initial: dict[str, Any] = {}
    current = people.Identity()
    if request.method != "POST":
        view = person_identity_for(actor=user, person=person)
        current = view.identity
        initial = {
            "version": person.version,
            "given_name": current.given_name,
            "family_name": current.family_name,
            "aliases": "\n".join(current.aliases),
            "phones": "\n".join(current.phones),
            "documents": "\n".join(current.documents),
            "birth_date": view.birth_date,
            "birth_year": person.birth_year,
            "estimated_age": person.estimated_age,
            "gender": person.gender,
            "nationalities": person.nationalities,
        }
    form = IdentityForm(request.POST or None, initial=initial)
    url = reverse("casework:person-detail", args=[person.code])

    def perform(data: dict[str, Any]) -> None:
        # Emails and notes are not on this form: they are kept as stored.
        stored = person_identity_for(actor=user, person=person).identity
        identity = people.Identity(
            given_name=data["given_name"],
            family_name=data["family_name"],
            aliases=_lines(data["aliases"]),
            phones=_lines(data["phones"]),
            emails=stored.emails,
            documents=_lines(data["documents"]),
            notes=stored.notes,
        )
        fields: dict[str, Any] = {"gender": data["gender"], "nationalities": data["nationalities"]}
        if not data["birth_date"]:
            fields["birth_year"] = data["birth_year"]
        if data["estimated_age"] != person.estimated_age:  # a new estimate is dated today
            fields["estimated_age"] = data["estimated_age"]
            fields["age_estimated_on"] = timezone.localdate() if data["estimated_age"] is not None else None
        people.person_update(
            actor=user,
            person=person,
            version=data["version"] if data["version"] is not None else person.version,
            identity=identity,
            birth_date=data["birth_date"],
            **fields,
        )

    changes = [
        {
            "at": change.at,
            "by": change.by,
            "event": EVENT_LABELS.get(change.event, change.event),
            "fields": [str(FIELD_LABELS.get(name, name)) for name in change.fields],
        }
        for change in person_changes_for(actor=user, person=person)
    ]
    context = {"person": person, "changes": changes}
    title = _("Ret identitet")
    done = _("Identiteten er rettet.")
    return run(request, Action(form, perform, url, done, title, url, context, "casework/identity_form.html"))
