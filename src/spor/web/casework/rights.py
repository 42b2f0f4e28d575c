"""The victim's rights on the case page: no-report reason, report outcome, § 9 c permit,
non-punishment and detention, compensation (docs/web.md#victims-rights).

One form and one view per action, all through `flow.run` like the other casework pages; every
rule is in `spor.cases.services.rights`. Centre staff only: the section is not shown to anyone
else, and the pages answer 404 to who cannot see the case and 403 to who sees it but may not act.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from spor.cases.actions import CaseAction
from spor.cases.models import Case
from spor.cases.selectors import case_get_for
from spor.cases.services import rights as services
from spor.organisations.access import SignedInRequest, access
from spor.people.models import ConsentAnswer, ConsentPurpose
from spor.people.services import consent_in_force
from spor.vocabulary import CompensationRoute, CrimeType, NonPunishmentOutcome, NoReportReason, PoliceReportOutcome
from spor.web.casework import pages
from spor.web.casework.actions import consent_prompt
from spor.web.casework.flow import Action, run
from spor.web.casework.forms import CaseworkForm, VersionedForm, choice, date_field, yes_no
from spor.web.casework.views import CENTRE, not_found_is_404


class NoReportForm(CaseworkForm):
    reason = choice(_lazy("Hvorfor anmeldes der ikke?"), NoReportReason.choices, radio=True)
    recorded_on = date_field(_lazy("Dato"))
    note = forms.CharField(label=_lazy("Notat"), required=False, max_length=1000, widget=forms.Textarea({"rows": 3}))


class ReportOutcomeForm(CaseworkForm):
    outcome = choice(_lazy("Udfald"), PoliceReportOutcome.choices, radio=True)
    on = date_field(_lazy("Dato"))


class PermitApplyForm(CaseworkForm):
    applied_on = date_field(_lazy("Ansøgt den"))
    consent_override_reason = forms.CharField(
        label=_lazy("Leders begrundelse for at gå videre uden samtykke"), required=False, max_length=500
    )


class PermitDecideForm(VersionedForm):
    decided_on = date_field(_lazy("Afgjort den"))
    granted = yes_no(_lazy("Er tilladelsen meddelt?"))
    valid_from = date_field(_lazy("Gyldig fra"), required=False, today=False)
    valid_to = date_field(_lazy("Gyldig til og med"), required=False, today=False)


class NonPunishmentForm(CaseworkForm):
    crime_type = choice(_lazy("Forhold"), CrimeType.choices, required=False)
    charged_on = date_field(_lazy("Sigtet den"), required=False, today=False)


class NonPunishmentOutcomeForm(VersionedForm):
    outcome = choice(_lazy("Udfald"), NonPunishmentOutcome.choices, radio=True)
    on = date_field(_lazy("Dato"))


class DetentionForm(CaseworkForm):
    from_on = date_field(_lazy("Frihedsberøvet fra"))
    to_on = date_field(
        _lazy("Til og med"), required=False, today=False, help_text=_lazy("Tom: frihedsberøvelsen varer.")
    )


class ClaimForm(CaseworkForm):
    route = choice(_lazy("Hvor rejses kravet?"), CompensationRoute.choices, radio=True)
    claimed_on = date_field(_lazy("Rejst den"))
    claimed_dkk = forms.IntegerField(label=_lazy("Krævet beløb (kr.)"), min_value=1)


class ClaimDecideForm(VersionedForm):
    decided_on = date_field(_lazy("Afgjort den"))
    awarded_dkk = forms.IntegerField(label=_lazy("Tilkendt beløb (kr.)"), min_value=0, help_text=_lazy("0 ved afslag."))


def _case(request: SignedInRequest, code: Any) -> Case:
    """The visible case (404 otherwise); 403 for who sees it but may not work it (an officer of DIS)."""
    case = case_get_for(actor=request.user, code=code)
    if not pages.case_permissions(request.user, case)["work"]:
        raise PermissionDenied
    return case


def _act(request: SignedInRequest, case: Case, form: Any, perform: Any, title: str, done: str, **ctx: Any) -> Any:
    url = reverse("casework:case-detail", args=[case.code]) + "#rettigheder"
    return run(request, Action(form, perform, url, done, title, url, {"case": case, **ctx}))


@access(*CENTRE)
@not_found_is_404
def no_report_record(request: SignedInRequest, code: Any) -> HttpResponse:
    case = _case(request, code)
    form = NoReportForm(request.POST or None)

    def perform(data: dict[str, Any]) -> None:
        services.no_police_report_record(actor=request.user, case=case, **data)

    return _act(request, case, form, perform, _("Ingen politianmeldelse"), _("Begrundelsen er registreret."))


@access(*CENTRE)
@not_found_is_404
def report_outcome_record(request: SignedInRequest, code: Any, report: Any) -> HttpResponse:
    case = _case(request, code)
    found = pages.child(case.police_reports.all(), report)
    form = ReportOutcomeForm(request.POST or None)

    def perform(data: dict[str, Any]) -> None:
        services.police_report_outcome_record(actor=request.user, report=found, **data)

    return _act(request, case, form, perform, _("Anmeldelsens udfald"), _("Udfaldet er registreret."))


@access(*CENTRE)
@not_found_is_404
def permit_apply(request: SignedInRequest, code: Any) -> HttpResponse:
    case = _case(request, code)
    form = PermitApplyForm(request.POST or None)
    given = consent_in_force(case.person, ConsentPurpose.POLICE_REPORT) == ConsentAnswer.GIVEN
    step = CaseAction("residence_permit", "", consent=ConsentPurpose.POLICE_REPORT, consent_missing=not given)

    def perform(data: dict[str, Any]) -> None:
        services.residence_permit_apply(actor=request.user, case=case, **data)

    title, done = _("Opholdstilladelse efter § 9 c, stk. 4"), _("Ansøgningen er registreret.")
    return _act(request, case, form, perform, title, done, consent_prompt=consent_prompt(request, case, step))


@access(*CENTRE)
@not_found_is_404
def permit_decide(request: SignedInRequest, code: Any, permit: Any) -> HttpResponse:
    case = _case(request, code)
    found = pages.child(case.residence_permits.all(), permit)
    form = PermitDecideForm(request.POST or None, initial={"version": found.version})

    def perform(data: dict[str, Any]) -> None:
        services.residence_permit_decide(actor=request.user, permit=found, **data)

    return _act(request, case, form, perform, _("Afgørelse om opholdstilladelse"), _("Afgørelsen er registreret."))


@access(*CENTRE)
@not_found_is_404
def non_punishment_record(request: SignedInRequest, code: Any) -> HttpResponse:
    case = _case(request, code)
    form = NonPunishmentForm(request.POST or None)

    def perform(data: dict[str, Any]) -> None:
        services.non_punishment_record(actor=request.user, case=case, **data)

    return _act(request, case, form, perform, _("Straffrihed"), _("Forholdet er registreret."))


@access(*CENTRE)
@not_found_is_404
def non_punishment_outcome(request: SignedInRequest, code: Any, matter: Any) -> HttpResponse:
    case = _case(request, code)
    found = pages.child(case.non_punishments.all(), matter)
    form = NonPunishmentOutcomeForm(request.POST or None, initial={"version": found.version})

    def perform(data: dict[str, Any]) -> None:
        services.non_punishment_outcome(actor=request.user, matter=found, **data)

    return _act(request, case, form, perform, _("Udfald af straffesagen"), _("Udfaldet er registreret."))


@access(*CENTRE)
@not_found_is_404
def detention_add(request: SignedInRequest, code: Any, matter: Any) -> HttpResponse:
    case = _case(request, code)
    found = pages.child(case.non_punishments.all(), matter)
    form = DetentionForm(request.POST or None)

    def perform(data: dict[str, Any]) -> None:
        services.detention_add(actor=request.user, matter=found, **data)

    return _act(request, case, form, perform, _("Frihedsberøvelse"), _("Frihedsberøvelsen er registreret."))


@access(*CENTRE)
@not_found_is_404
def claim_add(request: SignedInRequest, code: Any) -> HttpResponse:
    case = _case(request, code)
    form = ClaimForm(request.POST or None)

    def perform(data: dict[str, Any]) -> None:
        services.compensation_claim_add(actor=request.user, case=case, **data)

    return _act(request, case, form, perform, _("Erstatningskrav"), _("Kravet er registreret."))


@access(*CENTRE)
@not_found_is_404
def claim_decide(request: SignedInRequest, code: Any, claim: Any) -> HttpResponse:
    case = _case(request, code)
    found = pages.child(case.compensation_claims.all(), claim)
    form = ClaimDecideForm(request.POST or None, initial={"version": found.version})

    def perform(data: dict[str, Any]) -> None:
        services.compensation_claim_decide(actor=request.user, claim=found, **data)

    return _act(request, case, form, perform, _("Afgørelse om erstatning"), _("Afgørelsen er registreret."))
