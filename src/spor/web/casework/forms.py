"""Input schemas of the casework pages, one form per action (docs/architecture.md#views-and-endpoints).

Forms only parse what was typed into the service's arguments; every rule (limits, consent,
competent authority, rates) lives in the services, which raise field-named ValidationErrors that
the views put back on these forms. Choices come from `spor.vocabulary` and the models'
TextChoices, never re-listed here.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from spor import nationalities as nat
from spor.cases.models import AssessmentOutcome, OfferKind, Recommendation, StayType, YesNoUnknown
from spor.organisations.models import OrganisationType, Role, User
from spor.people.models import ConsentAnswer, ConsentPurpose
from spor.vocabulary import (
    POLICE_DISTRICTS,
    ActorType,
    Authority,
    CrimeType,
    Exploitation,
    ExploitationPlace,
    ExtensionReason,
    FollowUpChannel,
    FollowUpOutcome,
    Indicator,
    LegalBasis,
    PoliceReportFiler,
    Reintegration,
    RetraffickingRisk,
    Sector,
    YearEndStatus,
)
from spor.web.forms import WIDGET_CLASSES, SporForm

BLANK = [("", "—")]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def date_field(label: Any, *, required: bool = True, today: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        initial=timezone.localdate if today else None,
        help_text=help_text,
    )


def choice(label: Any, choices: Any, *, required: bool = True, radio: bool = False, **kw: Any) -> forms.ChoiceField:
    options = list(choices) if required else BLANK + list(choices)
    widget = forms.RadioSelect if radio else forms.Select
    return forms.ChoiceField(label=label, choices=options, required=required, widget=widget, **kw)


def yes_no(label: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[("yes", _("ja")), ("no", _("nej"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )


class CaseworkForm(SporForm):
    """The web app's DKFDS form, also styling fields added after construction."""

    def style(self) -> None:
        for field in self.fields.values():
            css = next((c for kind, c in WIDGET_CLASSES if isinstance(field.widget, kind)), "form-input")
            field.widget.attrs.setdefault("class", css)

    def mark_invalid(self, name: str) -> None:
        """Point a field that a service refused to its error message, as SporForm does (WCAG 1.3.1)."""
        widget = self.fields[name].widget
        widget.attrs["aria-invalid"] = "true"
        if not isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            widget.attrs["aria-describedby"] = f"id_{name}_error"


class VersionedForm(CaseworkForm):
    """Carries the version the user read, so the service can refuse a stale save (Conflict)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    #: Form field -> the record's field it changes, where the names differ.
    stored_fields: dict[str, str] = {}

    def stored_value(self, obj: Any, name: str) -> Any:
        """The stored record's value for the form field `name` (for the conflict page)."""
        name = self.stored_fields.get(name, name)
        display = getattr(obj, f"get_{name}_display", None)
        return display() if callable(display) else getattr(obj, name, "")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        # Pseudonymous label: the key and the statistical facts, never the decrypted name.
        return f"{obj.key} · {obj.get_gender_display()} · {obj.birth_year or '?'}"


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.username)


class CaseOpenForm(CaseworkForm):
    opened_on = date_field(_("Oprettet"))
    field_order = ["person", "opened_on"]

    def __init__(self, *args: Any, persons: Any, **kwargs: Any) -> None:
        """`persons`: the inquiry's persons, as read through the inquiry's selector."""
        super().__init__(*args, **kwargs)
        self.fields["person"] = PersonChoiceField(label=_("Person"), queryset=persons, empty_label=None)
        self.order_fields(self.field_order)
        self.style()


class AssessmentForm(VersionedForm):
    """The indicator checklist, the three elements of the definition, risks, outcome.

    See docs/definitions.md#indicators.
    """

    interview_on = date_field(_("Samtaledato"))
    interpreter_language = forms.CharField(label=_("Tolkesprog"), required=False, max_length=32)
    referrer_type = choice(_("Henvisertype"), ActorType.choices, required=False)
    referrer_org = forms.CharField(label=_("Henviser"), required=False, max_length=200)
    act = choice(_("Handling"), YesNoUnknown.choices, radio=True, initial=YesNoUnknown.UNKNOWN)
    means = choice(_("Middel"), YesNoUnknown.choices, radio=True, initial=YesNoUnknown.UNKNOWN)
    purpose = choice(_("Formål"), YesNoUnknown.choices, radio=True, initial=YesNoUnknown.UNKNOWN)
    retrafficking_risks = forms.MultipleChoiceField(
        label=_("Risiko for at blive handlet igen"),
        choices=RetraffickingRisk.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    recommendation = choice(_("Indstilling"), Recommendation.choices, required=False)
    outcome = choice(
        _("Udfald"),
        AssessmentOutcome.choices,
        initial=AssessmentOutcome.PENDING,
        help_text=_("“Igangværende” gemmer samtalen uden at afslutte udredningen."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # One yes/no/unknown answer and one note per indicator, in the vocabulary's order.
        for code, label in Indicator.choices:
            self.fields[f"ind_{code}"] = choice(label, YesNoUnknown.choices, radio=True, initial=YesNoUnknown.UNKNOWN)
            self.fields[f"note_{code}"] = forms.CharField(
                label=_("Note: %(indicator)s") % {"indicator": label}, required=False, max_length=1000
            )
        self.style()

    def indicator_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"ind_{code}"], self[f"note_{code}"]) for code in Indicator.values]

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "interview_on": data["interview_on"],
            "interpreter_language": data["interpreter_language"],
            "referrer_type": data["referrer_type"],
            "referrer_org": data["referrer_org"],
            "indicators": {code: data[f"ind_{code}"] for code in Indicator.values},
            "notes": {code: data[f"note_{code}"] for code in Indicator.values if data[f"note_{code}"]},
            "act": data["act"],
            "means": data["means"],
            "purpose": data["purpose"],
            "retrafficking_risks": data["retrafficking_risks"],
            "recommendation": data["recommendation"],
        }

    def stored_value(self, obj: Any, name: str) -> Any:
        if name.startswith("ind_"):
            answer = obj.indicators.get(name[4:], YesNoUnknown.UNKNOWN)
            return YesNoUnknown(answer).label
        if name.startswith("note_"):
            return "…"  # notes are encrypted; shown on the case page, not in the comparison
        return super().stored_value(obj, name)


class PutToDisForm(CaseworkForm):
    on = date_field(_("Forelagt den"))


class DecisionForm(CaseworkForm):
    authority = choice(_("Myndighed"), Authority.choices, radio=True)
    decided_on = date_field(_("Afgørelsesdato"))
    identified = yes_no(_("Vurderet udsat for menneskehandel?"))
    primary_exploitation = choice(_("Primær udnyttelsesform"), Exploitation.choices, required=False)
    secondary_exploitation = forms.MultipleChoiceField(
        label=_("Øvrige udnyttelsesformer"),
        choices=Exploitation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sector = choice(_("Branche"), Sector.choices, required=False)
    crime_type = choice(_("Type kriminalitet"), CrimeType.choices, required=False)
    exploitation_place = choice(_("Udnyttelsessted"), ExploitationPlace.choices, required=False)
    contact_actor_type = choice(_("Kontaktskabende aktør"), ActorType.choices, required=False)
    contact_actor_org = forms.CharField(label=_("Kontaktskabende organisation"), required=False, max_length=200)
    reasoning = forms.CharField(
        label=_("Myndighedens begrundelse"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    exception_reason = forms.CharField(
        label=_("Begrundelse for at en anden myndighed end den kompetente afgør sagen"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # The right to be heard (docs/definitions.md#children); removed by the view for an adult.
    child_views = forms.CharField(
        label=_("Barnets egne synspunkter"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hvad barnet selv har sagt om sin situation og om afgørelsen."),
    )

    def __init__(self, *args: Any, authorities: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if authorities is not None:
            field = self.fields["authority"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [(code, Authority(code).label) for code in authorities]


GRANTORS = [("cmm", "CMM"), ("dis", _("Udlændingestyrelsen"))]


class ReflectionGrantForm(CaseworkForm):
    granted_by = choice(_("Givet af"), GRANTORS, radio=True)
    starts_on = date_field(_("Startdato"), help_text=_("Perioden er 30 dage fra startdatoen."))

    def __init__(self, *args: Any, granted_by: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if granted_by is not None:
            field = self.fields["granted_by"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [(code, label) for code, label in GRANTORS if code in granted_by]


class ReflectionExtendForm(VersionedForm):
    stored_fields = {"until": "ends_on"}
    until = date_field(_("Forlænges til og med"), today=False)
    reason = choice(_("Grund"), ExtensionReason.choices)


class StayForm(CaseworkForm):
    type = choice(_("Opholdstype"), StayType.choices)
    place = forms.CharField(label=_("Sted"), required=False, max_length=200)
    from_on = date_field(_("Fra"))
    to_on = date_field(_("Til"), required=False, today=False)
    consent_override_reason = forms.CharField(
        label=_("Leders begrundelse for at gå videre uden samtykke"),
        required=False,
        max_length=500,
        help_text=_("Kun for ledere, når personens samtykke til henvisning mangler."),
    )


class OfferForm(CaseworkForm):
    kind = choice(_("Tilbud"), OfferKind.choices)
    given_on = date_field(_("Givet den"))


class ContactPersonForm(CaseworkForm):
    contact_person = UserChoiceField(label=_("Kontaktperson"), queryset=User.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["contact_person"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.filter(
            is_active=True, role__in=[Role.CASEWORKER, Role.MANAGER], organisation__type=OrganisationType.CMM
        ).order_by("username")


def destination_choices() -> list[tuple[str, str]]:
    """Countries by name in the active language (Babel/CLDR); stateless/unknown are no destination."""
    lang = "en" if (get_language() or "da").startswith("en") else "da"
    codes = [c for c in nat.all_codes() if c not in {"XX", "ZZ"}]
    return sorted(((c, nat.name(c, lang)) for c in codes), key=lambda item: item[1])


class ReturnPlanForm(CaseworkForm):
    applied_on = date_field(_("Ansøgt den"))
    destination = forms.ChoiceField(label=_("Hjemland"))
    in_kind_dkk = forms.IntegerField(label=_("Naturalier (kr.)"), min_value=0, initial=0)
    cash_dkk = forms.IntegerField(label=_("Kontant (kr.)"), min_value=0, initial=0)
    travelling_children = forms.MultipleChoiceField(
        label=_("Børn, der rejser med"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Personens registrerede børn. Naturaliesatsen gælder pr. barn, der rejser med."),
    )
    provider = forms.BooleanField(label=_("Har forsørgerpligt"), required=False)
    reintegration = forms.MultipleChoiceField(
        label=_("Reintegration"),
        choices=Reintegration.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    partner = forms.CharField(
        label=_("Partnerorganisation i hjemlandet"),
        required=False,
        max_length=200,
        help_text=_("Organisationens navn; ikke en bruger af Spor."),
    )
    consent_override_reason = forms.CharField(
        label=_("Leders begrundelse for at gå videre uden samtykke"),
        required=False,
        max_length=500,
        help_text=_("Kun for ledere, når personens samtykke til videregivelse mangler."),
    )

    def __init__(self, *args: Any, children: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["destination"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = BLANK + destination_choices()
        travelling = self.fields["travelling_children"]
        assert isinstance(travelling, forms.ChoiceField)
        travelling.choices = [(str(child.code), child_label(child)) for child in children]
        if not travelling.choices:
            del self.fields["travelling_children"]


def child_label(child: Any) -> str:
    """A recorded child as the return plan shows it: its birth year, never a name (there is none)."""
    if child.birth_year:
        return str(_("Barn født %(year)s")) % {"year": child.birth_year}
    return str(_("Barn, fødselsår ukendt"))


class FollowUpForm(CaseworkForm):
    contacted_on = date_field(_("Kontakt den"))
    channel = choice(_("Kontaktform"), FollowUpChannel.choices, radio=True)
    outcome = choice(_("Udfald"), FollowUpOutcome.choices, radio=True)
    note = forms.CharField(label=_("Notat"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))


class ReturnDecideForm(VersionedForm):
    stored_fields = {"approve": "status", "on": "decided_on"}
    approve = yes_no(_("Godkend planen?"))
    on = date_field(_("Afgjort den"))


class DepartForm(CaseworkForm):
    departed_on = date_field(_("Udrejst den"))
    reintegration_ends_on = date_field(
        _("Reintegrationen slutter"),
        required=False,
        today=False,
        help_text=_("Tom: et år efter udrejsen, som er det længste."),
    )


class PoliceReportForm(CaseworkForm):
    filed_on = date_field(_("Anmeldt den"))
    filed_by = choice(_("Anmelder"), PoliceReportFiler.choices, radio=True)
    anonymous = forms.BooleanField(label=_("Personen er anonym"), required=False)
    legal_basis = choice(_("Hjemmel"), LegalBasis.choices)
    police_district = choice(_("Politikreds"), [(d, d) for d in POLICE_DISTRICTS])
    copy_to_focus_unit = forms.BooleanField(label=_("Kopi til det nationale fokusteam"), required=False, initial=True)
    journal_number = forms.CharField(label=_("Politiets journalnummer"), required=False, max_length=64)
    assists_investigation = forms.ChoiceField(
        label=_("Vil personen bistå efterforskningen?"),
        choices=YesNoUnknown.choices,
        required=False,
        widget=forms.RadioSelect,
        initial=YesNoUnknown.UNKNOWN,
        help_text=_("Kun med personens samtykke til politianmeldelse i eget navn."),
    )

    def clean_assists_investigation(self) -> str:
        return self.cleaned_data.get("assists_investigation") or YesNoUnknown.UNKNOWN

    consent_override_reason = forms.CharField(
        label=_("Leders begrundelse for at gå videre uden samtykke"), required=False, max_length=500
    )


class ConsentForm(CaseworkForm):
    purpose = choice(_("Formål"), ConsentPurpose.choices)
    answer = choice(_("Svar"), ConsentAnswer.choices, radio=True)
    answered_on = date_field(_("Dato"))
    language = forms.CharField(label=_("Sprog samtalen foregik på"), required=False, max_length=16)


class StatusOverrideForm(CaseworkForm):
    as_of = date_field(_("Pr. dato"))
    status = choice(_("Status"), YearEndStatus.choices)
    reason = forms.CharField(label=_("Begrundelse"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


def exit_choices() -> list[tuple[str, Any]]:
    """The exits a case can be closed with: the year-end statuses except still receiving support."""
    return [(code, label) for code, label in YearEndStatus.choices if code != YearEndStatus.RECEIVING_SUPPORT]


class CaseCloseForm(CaseworkForm):
    exit = choice(_("Hvordan sluttede forløbet?"), exit_choices(), radio=True)
    on = date_field(_("Afsluttet den"))


class CaseReopenForm(CaseworkForm):
    reason = forms.CharField(
        label=_("Hvorfor genåbnes sagen?"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
