"""Input forms of the authorities' tracks and case complexes (docs/web.md#tracks-and-complexes).

They only parse what was typed; the rules (CVR check, who may reconsider, competent authority)
are the services'.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from spor.cases.models import ComplexKind
from spor.vocabulary import ActorType, Gender, ResidenceStatus
from spor.web.casework.forms import BLANK, CaseworkForm, choice, date_field, destination_choices, yes_no


class ExpulsionForm(CaseworkForm):
    expulsion_case = forms.BooleanField(
        label=_("Personen er i en administrativ udvisningssag"),
        required=False,
        help_text=_("Udlændingestyrelsen er da kompetent myndighed, også ved lovligt ophold."),
    )


class ReconsiderationRequestForm(CaseworkForm):
    requested_on = date_field(_("Anmodet den"))
    requested_by = choice(_("Anmodet af"), ActorType.choices, initial=ActorType.SELF)


class ReconsiderationDecideForm(CaseworkForm):
    decided_on = date_field(_("Afgjort den"))
    changed = yes_no(_("Ændres afgørelsen, så personen vurderes udsat for menneskehandel?"))
    reasoning = forms.CharField(
        label=_("Begrundelse"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class ComplexForm(CaseworkForm):
    name = forms.CharField(label=_("Navn"), max_length=200)
    kind = choice(_("Type"), ComplexKind.choices, radio=True)
    police_reference = forms.CharField(label=_("Politiets journalnummer"), required=False, max_length=200)


class ComplexLinkForm(CaseworkForm):
    """Link the case to a recorded complex, or to a new one named here."""

    complex = forms.ChoiceField(label=_("Kompleks"), required=False)
    name = forms.CharField(label=_("Eller et nyt kompleks: navn"), required=False, max_length=200)
    kind = choice(_("Type (nyt kompleks)"), ComplexKind.choices, required=False)
    police_reference = forms.CharField(
        label=_("Politiets journalnummer (nyt kompleks)"), required=False, max_length=200
    )

    def __init__(self, *args: Any, complexes: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["complex"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = BLANK + [(str(c.code), c.name) for c in complexes]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("complex") and not data.get("name"):
            raise forms.ValidationError(_("Vælg et kompleks, eller giv et nyt et navn."))
        return data


class EmployerForm(CaseworkForm):
    name = forms.CharField(label=_("Arbejdsgiver eller virksomhed"), max_length=200)
    cvr = forms.CharField(label=_("CVR-nummer"), required=False, max_length=12, help_text=_("Otte cifre."))


class DisCaseForm(CaseworkForm):
    """The Immigration Service's own case: the person's statistical facts and, if known, name."""

    opened_on = date_field(_("Oprettet"))
    given_name = forms.CharField(label=_("Fornavn"), required=False, max_length=200)
    family_name = forms.CharField(label=_("Efternavn"), required=False, max_length=200)
    gender = choice(_("Køn"), Gender.choices, initial=Gender.UNKNOWN)
    birth_year = forms.IntegerField(label=_("Fødselsår"), required=False, min_value=1900, max_value=2100)
    nationality = forms.ChoiceField(label=_("Nationalitet"), required=False)
    residence_status = choice(_("Opholdsgrundlag"), ResidenceStatus.choices, initial=ResidenceStatus.UNKNOWN)
    expulsion_case = forms.BooleanField(label=_("Personen er i en administrativ udvisningssag"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["nationality"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = BLANK + destination_choices()
