"""The referral portal for external referrers (docs/web.md#pages): submit a referral, follow its status.

A referrer sees the referrals of its own organisation and nothing else (the selectors' rule);
another organisation's referral is a 404. Each rendering of the form carries a fresh idempotency
key, and `referral_submit` returns the first inquiry for a key it has seen: a double click or a
resent form never makes two referrals (the API's Idempotency-Key, docs/api.md#idempotent-referrals).
The form and the referrer's own page are described in docs/web.md#referrals.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from spor.cases import services as case_services
from spor.cases.models import AgeBand, ReferralConsent, ReferralPlace, ReferralStatus, ReferralUrgency, YesNoUnknown
from spor.cases.selectors import inquiry_list_for, referral_status, referral_view_for
from spor.common.errors import NotFound
from spor.organisations.access import SignedInRequest, access
from spor.organisations.models import OrganisationType, Role
from spor.vocabulary import ActorType, Exploitation, Gender, Indicator
from spor.web.forms import SporForm
from spor.web.intake import nationality_choices

#: The sender type a referrer's organisation usually is (the form still lets it choose).
SENDER_BY_ORGANISATION: dict[str, str] = {
    OrganisationType.POLICE_DISTRICT: ActorType.POLICE,
    OrganisationType.NGO: ActorType.NGO,
    OrganisationType.DIS: ActorType.DIS,
    OrganisationType.RETURN_AGENCY: ActorType.RETURN_AGENCY,
}


DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
YES_NO_UNKNOWN = [
    (YesNoUnknown.YES, _lazy("Ja")),
    (YesNoUnknown.NO, _lazy("Nej")),
    (YesNoUnknown.UNKNOWN, _lazy("Ved ikke")),
]
#: Form fields whose values go to `ReferralDetails` as they are.
DETAIL_FIELDS = (
    "consent",
    "given_name",
    "family_name",
    "birth_date",
    "birth_year",
    "estimated_age",
    "gender",
    "language",
    "whereabouts",
    "place",
    "exploitation",
    "indicators",
    "child",
    "police_informed",
    "urgency",
)


#: Choices that may be left unanswered and then take their initial value.
DEFAULTED = ("urgency", "police_informed", "child", "gender", "place")


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


class ReferralForm(SporForm):
    sender_type = forms.ChoiceField(label=_lazy("Henviser er"), choices=ActorType.choices)
    urgency = forms.ChoiceField(
        label=_lazy("Hvor hurtigt skal centret reagere?"),
        choices=ReferralUrgency.choices,
        initial=ReferralUrgency.NORMAL,
        required=False,
        widget=forms.RadioSelect,
        help_text=_lazy("Er personen i fare nu, så ring også til centrets døgntelefon eller politiet (112)."),
    )
    consent = forms.ChoiceField(
        label=_lazy("Har personen givet samtykke til henvisningen?"),
        choices=ReferralConsent.choices,
        widget=forms.RadioSelect,
        help_text=_lazy(
            "Uden personens samtykke bliver henvisningen en anonym underretning: navne, fødselsdato, "
            "telefon, sprog, opholdssted og beskrivelsen gemmes ikke, kun køn, aldersgruppe, "
            "nationalitet, udnyttelsesform, region og de observerede indikatorer."
        ),
    )
    police_informed = forms.ChoiceField(
        label=_lazy("Er politiet underrettet?"),
        choices=YES_NO_UNKNOWN,
        initial=YesNoUnknown.UNKNOWN,
        required=False,
        widget=forms.RadioSelect,
    )
    given_name = forms.CharField(label=_lazy("Fornavn(e)"), max_length=200, required=False)
    family_name = forms.CharField(label=_lazy("Efternavn"), max_length=200, required=False)
    aliases = forms.CharField(
        label=_lazy("Andre navne og kaldenavne"),
        help_text=_lazy("Ét navn pr. linje, i enhver skrift (fx kyrillisk, arabisk eller thai)."),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4200,
        required=False,
    )
    birth_date = forms.DateField(
        label=_lazy("Fødselsdato"), required=False, widget=DATE, help_text=_lazy("Kun hvis du kender den.")
    )
    birth_year = forms.IntegerField(
        label=_lazy("Fødselsår"), required=False, help_text=_lazy("Hvis du kun kender året.")
    )
    estimated_age = forms.IntegerField(
        label=_lazy("Anslået alder"),
        required=False,
        help_text=_lazy("I hele år, hvis du hverken kender dato eller år."),
    )
    gender = forms.ChoiceField(label=_lazy("Køn"), choices=Gender.choices, initial=Gender.UNKNOWN, required=False)
    nationality = forms.ChoiceField(label=_lazy("Nationalitet"), required=False)
    nationality_other = forms.ChoiceField(label=_lazy("Anden nationalitet"), required=False)
    phones = forms.CharField(
        label=_lazy("Telefonnumre"),
        help_text=_lazy("Ét nummer pr. linje; udenlandske numre med landekode, fx +40 712 345 678."),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4200,
        required=False,
    )
    language = forms.CharField(label=_lazy("Sprog"), max_length=200, required=False)
    whereabouts = forms.CharField(
        label=_lazy("Hvor opholder personen sig?"),
        help_text=_lazy("Fx adresse, by eller arbejdssted, så centret kan finde personen."),
        max_length=500,
        required=False,
    )
    place = forms.ChoiceField(
        label=_lazy("Region"), choices=ReferralPlace.choices, initial=ReferralPlace.UNKNOWN, required=False
    )
    child = forms.ChoiceField(
        label=_lazy("Er personen under 18 år, eller kan personen være det?"),
        choices=YES_NO_UNKNOWN,
        initial=YesNoUnknown.UNKNOWN,
        required=False,
        widget=forms.RadioSelect,
    )
    exploitation = forms.ChoiceField(
        label=_lazy("Formodet udnyttelsesform"),
        choices=[("", _lazy("ved ikke")), *Exploitation.choices],
        required=False,
    )
    indicators = forms.MultipleChoiceField(
        label=_lazy("Hvad har du observeret?"),
        help_text=_lazy("Sæt kryds ved det, du selv har set eller fået fortalt."),
        choices=Indicator.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    summary = forms.CharField(
        label=_lazy("Beskriv situationen"),
        help_text=_lazy("Hvorfor mistænker du menneskehandel? Skriv ikke mere end nødvendigt."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        required=False,
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=128)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("nationality", "nationality_other"):
            self.fields[name].choices = nationality_choices()  # type: ignore[attr-defined]

    def details(self) -> case_services.ReferralDetails:
        data = self.cleaned_data
        nationalities = [code for code in (data["nationality"], data["nationality_other"]) if code]
        # An optional choice left empty (no radio button checked) takes the form's initial value.
        chosen = {name: data[name] for name in DETAIL_FIELDS}
        chosen |= {name: data[name] or self.fields[name].initial for name in DEFAULTED}
        return case_services.ReferralDetails(
            **chosen,
            aliases=_lines(data["aliases"]),
            phones=_lines(data["phones"]),
            nationalities=nationalities,
        )


#: A service error on a field the form does not have goes to the field that holds it.
ERROR_FIELDS = {"nationalities": "nationality", "received_on": None, "channel": None}


def _add_errors(form: ReferralForm, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        target = ERROR_FIELDS.get(name, name) if name in ERROR_FIELDS or name in form.fields else None
        form.add_error(target, errors)


@access(Role.REFERRER)
def referral_submit(request: SignedInRequest) -> HttpResponse:
    organisation = getattr(request.user, "organisation", None)
    initial = {
        "sender_type": SENDER_BY_ORGANISATION.get(str(getattr(organisation, "type", "")), ActorType.OTHER),
        "idempotency_key": uuid.uuid4().hex,  # fresh per rendering; kept when the form comes back
    }
    form = ReferralForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            inquiry, created = case_services.referral_submit(
                actor=request.user,
                sender_type=form.cleaned_data["sender_type"],
                summary=form.cleaned_data["summary"],
                idempotency_key=form.cleaned_data["idempotency_key"],
                details=form.details(),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            if created:
                messages.success(request, _("Tak. Henvisningen %(id)s er modtaget.") % {"id": inquiry.external_id})
            else:
                messages.info(request, _("Henvisningen %(id)s var allerede modtaget.") % {"id": inquiry.external_id})
            return redirect("web:referral-detail", code=inquiry.code)
    return render(request, "web/referral_form.html", {"form": form})


@access(Role.REFERRER)
def referral_list(request: HttpRequest) -> HttpResponse:
    referrals = inquiry_list_for(actor=request.user).select_related("case").order_by("-received_on", "-id")[:200]
    rows = [(inquiry, ReferralStatus(referral_status(inquiry)).label) for inquiry in referrals]
    return render(request, "web/referral_list.html", {"rows": rows})


@access(Role.REFERRER)
def referral_detail(request: HttpRequest, code: Any) -> HttpResponse:
    try:
        view = referral_view_for(actor=request.user, code=code)
    except NotFound:
        raise Http404 from None
    referral = view.referral
    context = {
        "view": view,
        "referral": view.inquiry,
        "details": referral,
        "status_label": ReferralStatus(view.status).label,
        "age_band": AgeBand(referral.age_band).label if referral else "",
        "nationalities": [nationality_name(code) for code in (referral.nationalities if referral else [])],
        "indicators": [Indicator(code).label for code in (referral.indicators if referral else [])],
    }
    return render(request, "web/referral_detail.html", context)


def nationality_name(code: str) -> str:
    return dict(nationality_choices()).get(code, code)
