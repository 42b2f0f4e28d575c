"""Pages of the authorities' tracks and of case complexes (docs/web.md#tracks-and-complexes).

One view per action, each calling one service through `flow.run`; the case actions are offered
and refused by `spor.cases.actions.case_actions` like every other casework action.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from spor.cases import selectors, services
from spor.cases.models import Case, Reconsideration, ReconsiderationOutcome
from spor.organisations.access import SignedInRequest, access
from spor.people.services import Identity
from spor.web.casework import tracks_forms as forms
from spor.web.casework.actions import _case_action, refused
from spor.web.casework.flow import Action, run
from spor.web.casework.views import CENTRE, DIS, LIST_LIMIT, not_found_is_404


@access(*CENTRE, *DIS)
@not_found_is_404
def case_expulsion(request: SignedInRequest, code: Any) -> HttpResponse:
    """Whether the person is in an administrative expulsion case (DIS is then competent)."""
    case = selectors.case_get_for(actor=request.user, code=code)
    form = forms.ExpulsionForm(request.POST or None, initial={"expulsion_case": case.expulsion_case})

    def perform(data: dict[str, Any]) -> None:
        services.case_expulsion_set(actor=request.user, case=case, expulsion_case=data["expulsion_case"])

    return _case_action(request, case, "expulsion", form, perform, _("Udvisningssag"), _("Udvisningssagen er gemt."))


@access(*CENTRE, *DIS)
@not_found_is_404
def reconsideration_request(request: SignedInRequest, code: Any) -> HttpResponse:
    """Request the reconsideration of the case's latest (negative) decision."""
    case = selectors.case_get_for(actor=request.user, code=code)
    latest = case.decisions.order_by("-decided_on", "-id").first()
    title = _("Anmod om genvurdering")
    if latest is None:  # no decision: the step is not offered either
        return refused(request, case, title)
    form = forms.ReconsiderationRequestForm(request.POST or None)

    def perform(data: dict[str, Any]) -> None:
        services.reconsideration_request(actor=request.user, decision=latest, **data)

    return _case_action(
        request,
        case,
        "reconsideration_request",
        form,
        perform,
        title,
        _("Anmodningen om genvurdering er registreret."),
    )


@access(*CENTRE, *DIS)
@not_found_is_404
def reconsideration_decide(request: SignedInRequest, code: Any) -> HttpResponse:
    """Decide the pending reconsideration: upheld, or changed to a positive decision."""
    case = selectors.case_get_for(actor=request.user, code=code)
    found = Reconsideration.objects.filter(decision__case=case, outcome=ReconsiderationOutcome.PENDING).first()
    title = _("Afgør genvurdering")
    if found is None:  # nothing pending: the step is not offered either
        return refused(request, case, title)
    form = forms.ReconsiderationDecideForm(request.POST or None)

    def perform(data: dict[str, Any]) -> None:
        services.reconsideration_decide(actor=request.user, reconsideration=found, **data)

    return _case_action(
        request,
        case,
        "reconsideration_decide",
        form,
        perform,
        title,
        _("Genvurderingen er afgjort."),
    )


@access(*CENTRE)
@not_found_is_404
def case_complex(request: SignedInRequest, code: Any) -> HttpResponse:
    """Link the case to a recorded complex, or to a new one created here."""
    user = request.user
    case = selectors.case_get_for(actor=user, code=code)
    complexes = selectors.complex_list_for(actor=user)[:LIST_LIMIT]
    form = forms.ComplexLinkForm(request.POST or None, complexes=complexes)

    def perform(data: dict[str, Any]) -> None:
        if data["complex"]:
            found = selectors.complex_get_for(actor=user, code=data["complex"])
        else:
            found = services.complex_create(
                actor=user, name=data["name"], kind=data["kind"], police_reference=data["police_reference"]
            )
        services.complex_link_case(actor=user, complex=found, case=case)

    return _case_action(
        request, case, "complex", form, perform, _("Sagskompleks"), _("Sagen er knyttet til komplekset.")
    )


@access(*DIS)
def dis_case_open(request: SignedInRequest) -> HttpResponse:
    """The Immigration Service opens its own case, for a person who does not want the centre involved."""
    form = forms.DisCaseForm(request.POST or None)

    def perform(data: dict[str, Any]) -> Case:
        return services.dis_case_open(
            actor=request.user,
            opened_on=data["opened_on"],
            identity=Identity(given_name=data["given_name"], family_name=data["family_name"]),
            gender=data["gender"],
            birth_year=data["birth_year"],
            nationalities=[data["nationality"]] if data["nationality"] else [],
            residence_status=data["residence_status"],
            expulsion_case=data["expulsion_case"],
        )

    back = reverse("casework:dis-list")
    title = _("Udlændingestyrelsens egen sag")
    done = _("Sagen er oprettet. Den ses kun af Udlændingestyrelsen.")
    return run(request, Action(form, perform, _case_url, done, title, back, {}))


def _case_url(case: Case) -> str:
    return reverse("casework:case-detail", args=[case.code])


@access(*CENTRE)
def complex_list(request: SignedInRequest) -> HttpResponse:
    """The case complexes, newest first, with how many cases each links."""
    found = selectors.complex_list_for(actor=request.user).prefetch_related("cases")[:LIST_LIMIT]
    rows = [(c, c.cases.count()) for c in found]
    return render(request, "casework/complex_list.html", {"rows": rows})


@access(*CENTRE)
def complex_create(request: SignedInRequest) -> HttpResponse:
    form = forms.ComplexForm(request.POST or None)

    def perform(data: dict[str, Any]) -> Any:
        return services.complex_create(actor=request.user, **data)

    def url(found: Any) -> str:
        return reverse("casework:complex-detail", args=[found.code])

    back = reverse("casework:complex-list")
    return run(request, Action(form, perform, url, _("Komplekset er oprettet."), _("Nyt sagskompleks"), back, {}))


@access(*CENTRE)
@not_found_is_404
def complex_detail(request: SignedInRequest, code: Any) -> HttpResponse:
    """A complex: its cases (pseudonymous), its employers, and the form to record an employer."""
    found = selectors.complex_get_for(actor=request.user, code=code)
    context = {
        "complex": found,
        "cases": selectors.complex_cases_for(actor=request.user, complex=found),
        "employers": found.employers.order_by("pk"),
        "form": forms.EmployerForm(),
    }
    return render(request, "casework/complex_detail.html", context)


@access(*CENTRE)
@not_found_is_404
def complex_employer_add(request: SignedInRequest, code: Any) -> HttpResponse:
    """Record an employer once (a known CVR number finds the recorded one) and link it."""
    user = request.user
    found = selectors.complex_get_for(actor=user, code=code)
    form = forms.EmployerForm(request.POST or None)

    def perform(data: dict[str, Any]) -> None:
        employer = services.employer_register(actor=user, name=data["name"], cvr=data["cvr"])
        services.complex_link_employer(actor=user, complex=found, employer=employer)

    url = reverse("casework:complex-detail", args=[found.code])
    title = _("Arbejdsgiver eller virksomhed")
    return run(request, Action(form, perform, url, _("Virksomheden er knyttet til komplekset."), title, url, {}))
