"""One view per casework action (docs/architecture.md#views-and-endpoints): each builds its form and calls one service.

All of them behave alike through `flow.run` (POST/redirect, errors kept, conflict page). Objects
come from the selectors; a record of a case (a reflection period, an assessment) is looked up
through the visible case.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spor.cases import services
from spor.cases.actions import CaseAction, case_actions
from spor.cases.models import AssessmentOutcome, Case, CaseStatus
from spor.cases.selectors import case_get_for, inquiry_get_for, return_plan_get_for
from spor.cases.services.returns import budget_check
from spor.organisations.access import SignedInRequest, access
from spor.organisations.permissions import is_immigration_officer
from spor.people import services as people
from spor.people.ages import is_child_on
from spor.people.models import ConsentAnswer, ConsentPurpose
from spor.people.selectors import person_get_for
from spor.people.services import consent_in_force
from spor.vocabulary import Authority
from spor.web.casework import forms, pages
from spor.web.casework.flow import Action, run
from spor.web.casework.views import CENTRE, DIS, RETURN, not_found_is_404


def _case_url(case: Case) -> str:
    return reverse("casework:case-detail", args=[case.code])


def _done(case: Case, user: Any, done: str) -> Callable[[Any], str]:
    """The confirmation: what was recorded, then what comes next on the case as it now stands."""

    def message(_result: Any) -> str:
        fresh = case_get_for(actor=user, code=case.code)
        expected = next((a for a in case_actions(case=fresh, actor=user) if a.next), None)
        if expected is not None:
            then = _("Næste skridt: %(step)s.") % {"step": expected.label.lower()}
        elif fresh.status == CaseStatus.CLOSED:
            then = _("Fristen for sletning af personens identitet løber fra %(day)s.") % {
                "day": date_format(fresh.closed_on, "DATE_FORMAT") if fresh.closed_on else "—"
            }
            if fresh.exit:
                then = _("Afslutning: %(exit)s.") % {"exit": fresh.get_exit_display()} + " " + then
        elif fresh.status == CaseStatus.RETURN_PLANNED:
            then = _("Sagen afventer Hjemrejsestyrelsens afgørelse.")
        else:
            then = _("Der er ikke noget næste skridt for dig på sagen lige nu.")
        return f"{done} {then}"

    return message


def refused(request: HttpRequest, case: Case, title: str) -> HttpResponse:
    """The answer to an action the process does not allow now (docs/web.md#next-step)."""
    context = {"case": case, "title": title, "status": case.get_status_display(), "cancel_url": _case_url(case)}
    return render(request, "casework/refused.html", context, status=409)


def consent_prompt(request: HttpRequest, case: Case, step: CaseAction) -> dict[str, Any] | None:
    """The notice shown before a form whose step needs a consent that is not given, with the link
    to record it and come back here (docs/web.md#consent-prompt)."""
    if not step.consent_missing:
        return None
    answer = consent_in_force(case.person, step.consent)
    query = urlencode({"purpose": step.consent, "next": request.get_full_path()})
    return {
        "purpose": ConsentPurpose(step.consent).label,
        "answer": ConsentAnswer(answer).label if answer else _("ikke registreret"),
        "url": reverse("casework:consent-record", args=[case.person.code]) + "?" + query,
    }


def _case_action(
    request: SignedInRequest, case: Case, step: str, form: Any, perform: Any, title: str, done: str, **ctx: Any
) -> Any:
    """Run one casework action, refusing it unless `case_actions` offers `step` to the user now."""
    found = next((a for a in case_actions(case=case, actor=request.user) if a.code == step), None)
    if found is None:
        return refused(request, case, title)
    url = _case_url(case)
    template = ctx.pop("template_form", "casework/action.html")
    ctx["consent_prompt"] = consent_prompt(request, case, found)
    message = _done(case, request.user, done)
    return run(request, Action(form, perform, url, message, title, url, {"case": case, **ctx}, template))


@access(*CENTRE)
@not_found_is_404
def case_open(request: SignedInRequest, code: Any) -> HttpResponse:
    """Open a case for one of the inquiry's persons."""
    inquiry = inquiry_get_for(actor=request.user, code=code)
    form = forms.CaseOpenForm(request.POST or None, persons=inquiry.persons.all())

    def perform(data: dict[str, Any]) -> Case:
        return services.case_open(
            actor=request.user, person=data["person"], opened_on=data["opened_on"], inquiry=inquiry
        )

    return run(
        request, Action(form, perform, _case_url, _("Sagen er oprettet."), _("Opret sag"), "/", {"inquiry": inquiry})
    )


@access(*CENTRE, *DIS)
@not_found_is_404
def assessment_record(request: SignedInRequest, code: Any) -> HttpResponse:
    """Record an interview and the checklist; continues the open assessment if there is one."""
    user = request.user
    case = case_get_for(actor=user, code=code)
    current = case.assessments.filter(outcome=AssessmentOutcome.PENDING).order_by("-created_at").first()
    initial: dict[str, Any] = {}
    if current is not None:
        initial = {"version": current.version, "act": current.act, "means": current.means, "purpose": current.purpose}
        initial |= {"recommendation": current.recommendation, "referrer_type": current.referrer_type}
        initial |= {"retrafficking_risks": current.retrafficking_risks, "referrer_org": current.referrer_org}
        initial |= {f"ind_{code}": answer for code, answer in current.indicators.items()}
    form = forms.AssessmentForm(request.POST or None, initial=initial)

    def perform(data: dict[str, Any]) -> None:
        assessment = services.assessment_record(
            actor=user,
            case=case,
            assessed_by="dis" if is_immigration_officer(user) else "cmm",
            assessment=current,
            version=data["version"] if current is not None else None,
            **form.service_kwargs(),
        )
        if data["outcome"] != AssessmentOutcome.PENDING:
            services.assessment_complete(actor=user, assessment=assessment, outcome=data["outcome"])

    return _case_action(
        request,
        case,
        "assessment",
        form,
        perform,
        _("Udredning"),
        _("Udredningen er gemt."),
        assessment=current,
        template_form="casework/assessment_form.html",
    )


@access(*CENTRE)
@not_found_is_404
def case_put_to_dis(request: SignedInRequest, code: Any) -> HttpResponse:
    """Put the case to the Danish Immigration Service for a decision."""
    case = case_get_for(actor=request.user, code=code)
    form = forms.PutToDisForm(request.POST or None)

    def perform(data: dict[str, Any]) -> None:
        services.case_put_to_dis(actor=request.user, case=case, on=data["on"])

    return _case_action(
        request,
        case,
        "put_to_dis",
        form,
        perform,
        _("Forelæg Udlændingestyrelsen"),
        _("Sagen er forelagt Udlændingestyrelsen."),
    )


@access(*CENTRE, *DIS)
@not_found_is_404
def decision_record(request: SignedInRequest, code: Any) -> HttpResponse:
    """Record a decision; the competent authority is pre-selected; DIS records only its own.

    The reason field appears (htmx, `decision_exception`) when another authority is chosen; without
    script it appears after the service has refused the choice for want of a reason.
    """
    user = request.user
    case = case_get_for(actor=user, code=code)
    dis_only = is_immigration_officer(user)
    competent = services.case_competent_authority(case)
    form = forms.DecisionForm(
        request.POST or None,
        initial={"authority": Authority.DIS if dis_only else competent},
        authorities=[Authority.DIS] if dis_only else None,
    )
    form.fields["authority"].widget.attrs.update(
        {
            "hx-get": reverse("casework:decision-exception", args=[case.code]),
            "hx-target": "#exception-reason-group",
            "hx-swap": "outerHTML",
        }
    )
    if is_child_on(case.person, case.opened_on) is False:
        del form.fields["child_views"]  # an adult when the case opened: no child's views to record
    chosen = form["authority"].value()

    def perform(data: dict[str, Any]) -> None:
        services.decision_record(actor=user, case=case, **data)

    return _case_action(
        request,
        case,
        "decision",
        form,
        perform,
        _("Afgørelse"),
        _("Afgørelsen er registreret."),
        competent=pages.competent_label(case),
        show_exception=pages.exception_shown(case, chosen) or bool(form["exception_reason"].value()),
        template_form="casework/decision_form.html",
    )


@access(*CENTRE, *DIS)
@not_found_is_404
def decision_exception(request: SignedInRequest, code: Any) -> HttpResponse:
    """The reason field, or nothing, for the authority chosen (htmx partial of the decision form)."""
    case = case_get_for(actor=request.user, code=code)
    form = forms.DecisionForm(initial={"exception_reason": ""})
    shown = pages.exception_shown(case, request.GET.get("authority", ""))
    return render(request, "casework/_exception_reason.html", {"form": form, "show_exception": shown})


@access(*CENTRE, *DIS)
@not_found_is_404
def reflection_grant(request: SignedInRequest, code: Any) -> HttpResponse:
    """Grant a 30-day reflection period (CMM, or DIS on cases put to it)."""
    user = request.user
    case = case_get_for(actor=user, code=code)
    dis_only = is_immigration_officer(user)
    form = forms.ReflectionGrantForm(
        request.POST or None,
        initial={"granted_by": "dis" if dis_only else "cmm"},
        granted_by=["dis"] if dis_only else None,
    )

    def perform(data: dict[str, Any]) -> None:
        services.reflection_grant(actor=user, case=case, **data)

    return _case_action(
        request,
        case,
        "reflection_grant",
        form,
        perform,
        _("Giv refleksionsperiode"),
        _("Refleksionsperioden er givet."),
    )


@access(*CENTRE, *DIS)
@not_found_is_404
def reflection_extend(request: SignedInRequest, code: Any, period: Any) -> HttpResponse:
    """Extend a reflection period, showing the days used and how far it can go (120 in all)."""
    user = request.user
    case = case_get_for(actor=user, code=code)
    found = pages.child(case.reflection_periods.all(), period)
    view = pages.reflection_view(found, timezone.localdate())
    form = forms.ReflectionExtendForm(request.POST or None, initial={"version": found.version, "until": view.limit})

    def perform(data: dict[str, Any]) -> None:
        services.reflection_extend(actor=user, period=found, **data)

    return _case_action(
        request,
        case,
        "reflection_extend",
        form,
        perform,
        _("Forlæng refleksionsperiode"),
        _("Perioden er forlænget."),
        reflection=view,
    )


@access(*CENTRE)
@not_found_is_404
def stay_add(request: SignedInRequest, code: Any) -> HttpResponse:
    case = case_get_for(actor=request.user, code=code)
    form = forms.StayForm(request.POST or None)

    def perform(data: dict[str, Any]) -> None:
        services.stay_add(actor=request.user, case=case, **data)

    return _case_action(request, case, "stay", form, perform, _("Ophold"), _("Opholdet er registreret."))


@access(*CENTRE)
@not_found_is_404
def offer_add(request: SignedInRequest, code: Any) -> HttpResponse:
    case = case_get_for(actor=request.user, code=code)
    form = forms.OfferForm(request.POST or None)

    def perform(data: dict[str, Any]) -> None:
        services.offer_add(actor=request.user, case=case, **data)

    return _case_action(request, case, "offer", form, perform, _("Tilbud"), _("Tilbuddet er registreret."))


@access(*CENTRE)
@not_found_is_404
def contact_person_assign(request: SignedInRequest, code: Any) -> HttpResponse:
    case = case_get_for(actor=request.user, code=code)
    form = forms.ContactPersonForm(request.POST or None, initial={"contact_person": case.contact_person_id})

    def perform(data: dict[str, Any]) -> None:
        services.contact_person_assign(actor=request.user, case=case, **data)

    return _case_action(
        request, case, "contact_person", form, perform, _("Kontaktperson"), _("Kontaktpersonen er valgt.")
    )


@access(*CENTRE)
@not_found_is_404
def return_plan_submit(request: SignedInRequest, code: Any) -> HttpResponse:
    """Plan a prepared return; the budget is checked live (htmx) and again by the service."""
    case = case_get_for(actor=request.user, code=code)
    destination = case.person.nationalities[0] if case.person.nationalities else ""
    form = forms.ReturnPlanForm(
        request.POST or None, initial={"destination": destination}, children=case.person.children.order_by("pk")
    )

    def perform(data: dict[str, Any]) -> None:
        services.return_plan_submit(actor=request.user, case=case, **data)

    return _case_action(
        request,
        case,
        "return_plan",
        form,
        perform,
        _("Forberedt hjemrejse"),
        _("Planen er forelagt Hjemrejsestyrelsen."),
        template_form="casework/return_plan_form.html",
    )


@require_POST
@access(*CENTRE)
@not_found_is_404
def return_budget(request: SignedInRequest, code: Any) -> HttpResponse:
    """The live budget check (htmx partial): the service's own check against the rates in force."""
    case = case_get_for(actor=request.user, code=code)
    form = forms.ReturnPlanForm(request.POST, children=case.person.children.order_by("pk"))
    context: dict[str, Any] = {"checked": False}
    needed = ["applied_on", "in_kind_dkk", "cash_dkk"]
    if form.is_valid() or all(name in form.cleaned_data for name in needed):
        data = form.cleaned_data
        context["applied_on"] = data["applied_on"]
        try:
            context["rate_on_file"] = budget_check(
                applied_on=data["applied_on"],
                in_kind_dkk=data["in_kind_dkk"],
                cash_dkk=data["cash_dkk"],
                children=len(data.get("travelling_children") or []),
                provider=data.get("provider", False),
            )
        except ValidationError as exc:
            context["rate_on_file"] = True
            context["problems"] = [m for messages in exc.message_dict.values() for m in messages]
        context["checked"] = True
    return render(request, "casework/_budget.html", context)


@access(*CENTRE)
@not_found_is_404
def police_report_file(request: SignedInRequest, code: Any) -> HttpResponse:
    case = case_get_for(actor=request.user, code=code)
    form = forms.PoliceReportForm(request.POST or None)

    def perform(data: dict[str, Any]) -> None:
        services.police_report_file(actor=request.user, case=case, **data)

    return _case_action(
        request, case, "police_report", form, perform, _("Politianmeldelse"), _("Anmeldelsen er registreret.")
    )


@access(*CENTRE)
@not_found_is_404
def case_close(request: SignedInRequest, code: Any) -> HttpResponse:
    """Close the case with its exit and date; the erasure clock starts (docs/web.md#closing)."""
    case = case_get_for(actor=request.user, code=code)
    form = forms.CaseCloseForm(request.POST or None)

    def perform(data: dict[str, Any]) -> None:
        services.case_close(actor=request.user, case=case, on=data["on"], exit=data["exit"])

    return _case_action(request, case, "close", form, perform, _("Afslut sagen"), _("Sagen er afsluttet."))


@access(*CENTRE)
@not_found_is_404
def case_reopen(request: SignedInRequest, code: Any) -> HttpResponse:
    """Reopen a closed case with a reason; it resumes where its records leave it."""
    case = case_get_for(actor=request.user, code=code)
    form = forms.CaseReopenForm(request.POST or None)

    def perform(data: dict[str, Any]) -> None:
        services.case_reopen(actor=request.user, case=case, reason=data["reason"])

    return _case_action(request, case, "reopen", form, perform, _("Genåbn sagen"), _("Sagen er genåbnet."))


def safe_next(request: HttpRequest) -> str | None:
    """The `next` parameter if it is a path of this site ("/..."), else None: never another host,
    a scheme or a protocol-relative "//" address (docs/web.md#consent-prompt)."""
    target = request.GET.get("next", "")
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return None
    return target


def _person_action(
    request: HttpRequest, code: Any, form_class: Any, service: Any, title: str, done: str, initial: Any = None
) -> Any:
    person = person_get_for(actor=request.user, code=code)
    url = safe_next(request) or reverse("casework:person-detail", args=[person.code])
    form = form_class(request.POST or None, initial=initial or {})

    def perform(data: dict[str, Any]) -> None:
        service(actor=request.user, person=person, **data)

    return run(request, Action(form, perform, url, done, title, url, {"person": person}))


@access(*CENTRE)
@not_found_is_404
def consent_record(request: SignedInRequest, code: Any) -> HttpResponse:
    """Record a consent; from a consent prompt (`?purpose=...&next=...`) it returns to the step."""
    purpose = request.GET.get("purpose", "")
    initial = {"purpose": purpose} if purpose in ConsentPurpose.values else {}
    done = _("Samtykket er registreret.")
    if safe_next(request):
        done = _("Samtykket er registreret. Du kan nu fortsætte, hvor du var.")
    return _person_action(request, code, forms.ConsentForm, people.consent_record, _("Samtykke"), done, initial)


@access(*CENTRE)
@not_found_is_404
def status_override(request: SignedInRequest, code: Any) -> HttpResponse:
    return _person_action(
        request, code, forms.StatusOverrideForm, services.status_override, _("Ret status"), _("Status er rettet.")
    )


def _plan_action(request: HttpRequest, code: Any, form: Any, perform: Any, title: str, done: str) -> Any:
    plan = return_plan_get_for(actor=request.user, code=code)
    url = reverse("casework:return-detail", args=[plan.code])
    return run(request, Action(form(plan), lambda data: perform(plan, data), url, done, title, url, {"plan": plan}))


@access(*RETURN)
@not_found_is_404
def return_plan_decide(request: SignedInRequest, code: Any) -> HttpResponse:
    """The return agency approves or rejects a submitted plan."""

    def perform(plan: Any, data: dict[str, Any]) -> None:
        services.return_plan_decide(actor=request.user, plan=plan, **data)

    def form(plan: Any) -> forms.ReturnDecideForm:
        return forms.ReturnDecideForm(request.POST or None, initial={"version": plan.version})

    return _plan_action(request, code, form, perform, _("Afgør hjemrejseplan"), _("Planen er afgjort."))


@access(*RETURN, *CENTRE)
@not_found_is_404
def return_plan_depart(request: SignedInRequest, code: Any) -> HttpResponse:
    """Record the departure of an approved plan (the return agency, or the centre)."""

    def perform(plan: Any, data: dict[str, Any]) -> None:
        services.return_plan_depart(actor=request.user, plan=plan, **data)

    def form(plan: Any) -> forms.DepartForm:
        return forms.DepartForm(request.POST or None)

    return _plan_action(request, code, form, perform, _("Registrér udrejse"), _("Udrejsen er registreret."))


@access(*CENTRE)
@not_found_is_404
def follow_up_record(request: SignedInRequest, code: Any) -> HttpResponse:
    """Record a contact with the person after the return (docs/web.md#follow-up-after-return)."""

    def perform(plan: Any, data: dict[str, Any]) -> None:
        services.follow_up_record(actor=request.user, plan=plan, **data)

    def form(plan: Any) -> forms.FollowUpForm:
        return forms.FollowUpForm(request.POST or None)

    return _plan_action(
        request, code, form, perform, _("Opfølgning efter hjemrejse"), _("Opfølgningen er registreret.")
    )
