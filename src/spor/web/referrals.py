"""The referral portal for external referrers (docs/web.md#pages): submit a referral, follow its status.

A referrer sees the referrals of its own organisation and nothing else (the selectors' rule);
another organisation's referral is a 404. Each rendering of the form carries a fresh idempotency
key, and `referral_submit` returns the first inquiry for a key it has seen: a double click or a
resent form never makes two referrals (the API's Idempotency-Key, docs/api.md#idempotent-referrals).
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
from spor.cases.selectors import inquiry_get_for, inquiry_list_for
from spor.common.errors import NotFound
from spor.organisations.access import SignedInRequest, access
from spor.organisations.models import OrganisationType, Role
from spor.vocabulary import ActorType
from spor.web.forms import SporForm

#: The sender type a referrer's organisation usually is (the form still lets it choose).
SENDER_BY_ORGANISATION: dict[str, str] = {
    OrganisationType.POLICE_DISTRICT: ActorType.POLICE,
    OrganisationType.NGO: ActorType.NGO,
    OrganisationType.DIS: ActorType.DIS,
    OrganisationType.RETURN_AGENCY: ActorType.RETURN_AGENCY,
}


class ReferralForm(SporForm):
    sender_type = forms.ChoiceField(label=_lazy("Henviser er"), choices=ActorType.choices)
    summary = forms.CharField(
        label=_lazy("Hvad drejer henvisningen sig om?"),
        help_text=_lazy("Beskriv situationen og hvorfor du mistænker menneskehandel. Skriv ikke mere end nødvendigt."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=128)


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
            inquiry, created = case_services.referral_submit(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if created:
                messages.success(request, _("Tak. Henvisningen %(id)s er modtaget.") % {"id": inquiry.external_id})
            else:
                messages.info(request, _("Henvisningen %(id)s var allerede modtaget.") % {"id": inquiry.external_id})
            return redirect("web:referral-detail", code=inquiry.code)
    return render(request, "web/referral_form.html", {"form": form})


@access(Role.REFERRER)
def referral_list(request: HttpRequest) -> HttpResponse:
    referrals = inquiry_list_for(actor=request.user).order_by("-received_on", "-id")[:200]
    return render(request, "web/referral_list.html", {"referrals": referrals})


@access(Role.REFERRER)
def referral_detail(request: HttpRequest, code: Any) -> HttpResponse:
    try:
        inquiry = inquiry_get_for(actor=request.user, code=code)
    except NotFound:
        raise Http404 from None
    return render(request, "web/referral_detail.html", {"referral": inquiry})
