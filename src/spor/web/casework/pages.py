"""What the casework pages show: timeline wording, reflection arithmetic, action links by role.

Kept apart from the views so the views stay short; nothing here decides a rule of the process —
the limits come from the services' constants (`reflection.MAX_REFLECTION`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from spor import nationalities as nat
from spor.cases.actions import CaseAction
from spor.cases.models import AssessmentOutcome, Case, OfferKind, ReflectionPeriod, ReturnStatus, StayType
from spor.cases.rules import can_act_for_dis, can_work_case
from spor.cases.selectors import TimelineEvent
from spor.cases.services.decisions import case_competent_authority
from spor.cases.services.reflection import MAX_REFLECTION
from spor.common.errors import NotFound
from spor.vocabulary import Authority, Channel, ExtensionReason, Indicator, LegalBasis, YearEndStatus

KIND_LABELS = {
    "inquiry": _("Henvendelse"),
    "case_opened": _("Sag oprettet"),
    "assessment": _("Udredning"),
    "interview": _("Samtale"),
    "put_to_dis": _("Forelagt Udlændingestyrelsen"),
    "decision": _("Afgørelse"),
    "reflection": _("Refleksionsperiode givet"),
    "reflection_extended": _("Refleksionsperiode forlænget"),
    "stay": _("Ophold"),
    "offer": _("Tilbud"),
    "return_plan": _("Forberedt hjemrejse ansøgt"),
    "return_decided": _("Hjemrejseplan afgjort"),
    "departure": _("Udrejst"),
    "police_report": _("Politianmeldelse"),
}


def _label(choices: Any, code: str) -> str:
    try:
        return str(choices(code).label)
    except ValueError:
        return code


def _day(iso: str) -> str:
    """A date in the active language's long form ("24. marts 2027", "24 March 2027")."""
    return date_format(date.fromisoformat(iso), "DATE_FORMAT")


def describe(event: TimelineEvent, lang: str) -> str:
    """One line of plain text for a timeline event, in the active language."""
    d = event.detail
    match event.kind:
        case "inquiry":
            return _label(Channel, d["channel"])
        case "case_opened":
            return str(d["case"])
        case "assessment":
            return _label(AssessmentOutcome, d["outcome"])
        case "decision":
            verdict = _("vurderet udsat") if d["identified"] else _("ikke vurderet udsat")
            return f"{_label(Authority, d['authority'])}: {verdict}"
        case "reflection":
            return str(_("nu til og med %(date)s") % {"date": _day(d["ends_on"])})
        case "reflection_extended":
            until = _("til og med %(date)s") % {"date": _day(d["until"])}
            return f"{until} ({_label(ExtensionReason, d['reason'])})"
        case "stay":
            return _label(StayType, d["type"])
        case "offer":
            return _label(OfferKind, d["kind"])
        case "return_plan":
            return _label(ReturnStatus, d["status"])
        case "return_decided":
            return str(_("godkendt") if d["approved"] else _("afvist"))
        case "departure":
            return nat.name(d["destination"], lang)
        case "police_report":
            return _label(LegalBasis, d["legal_basis"])
    return ""


def timeline_rows(events: list[TimelineEvent], lang: str) -> list[dict[str, Any]]:
    return [
        {"on": e.on, "kind": e.kind, "label": KIND_LABELS.get(e.kind, e.kind), "text": describe(e, lang), "by": e.by}
        for e in events
    ]


@dataclass(frozen=True)
class ReflectionView:
    period: ReflectionPeriod
    limit: date  # the last day the period may be extended to (120 days in all)
    days_used: int
    days_extendable: int  # how many more days an extension can add
    days_left: int  # days from today to the end of the period


def reflection_view(period: ReflectionPeriod, today: date) -> ReflectionView:
    limit = period.starts_on + MAX_REFLECTION
    return ReflectionView(
        period=period,
        limit=limit,
        days_used=period.total_days,
        days_extendable=max(0, (limit - period.ends_on).days),
        days_left=max(0, (period.ends_on - today).days),
    )


def child(related: QuerySet[Any], code: Any) -> Any:
    """A record of a visible case by its code; NotFound like the selectors.

    See docs/architecture.md#missing-not-forbidden.
    """
    try:
        return related.get(code=code)
    except (related.model.DoesNotExist, ValueError, TypeError):
        raise NotFound from None


#: The page of each action of `spor.cases.actions` (reflection_extend needs a period: see action_links).
ACTION_URLS = {
    "assessment": "casework:assessment-record",
    "put_to_dis": "casework:put-to-dis",
    "decision": "casework:decision-record",
    "reflection_grant": "casework:reflection-grant",
    "return_plan": "casework:return-plan-submit",
    "stay": "casework:stay-add",
    "offer": "casework:offer-add",
    "police_report": "casework:police-report",
    "contact_person": "casework:contact-person",
    "reconsideration_request": "casework:reconsideration-request",
    "reconsideration_decide": "casework:reconsideration-decide",
    "expulsion": "casework:expulsion",
    "complex": "casework:case-complex",
    "close": "casework:case-close",
    "reopen": "casework:case-reopen",
}


def action_links(case: Case, offered: list[CaseAction]) -> list[dict[str, Any]]:
    """The offered actions with their page, in `case_actions`' order (the next step first)."""
    out = []
    for action in offered:
        if action.code == "reflection_extend":
            period = max(
                (p for p in case.reflection_periods.all() if p.ends_on < p.starts_on + MAX_REFLECTION),
                key=lambda p: p.starts_on,
            )
            url = reverse("casework:reflection-extend", args=[case.code, period.code])
        else:
            url = reverse(ACTION_URLS[action.code], args=[case.code])
        out.append({"action": action, "url": url})
    return out


def case_permissions(user: Any, case: Case) -> dict[str, bool]:
    """Which action links the case page offers; the services check again on every write."""
    works = bool(can_work_case(user, case))
    dis = bool(can_act_for_dis(user, case))
    return {"work": works, "dis": dis, "decide": works or dis}


def lang_of(request: Any) -> str:
    return "en" if str(getattr(request, "LANGUAGE_CODE", "da")).startswith("en") else "da"


def competent_label(case: Case) -> str:
    """The competent authority for the person's residence status, by name ("" if unknown)."""
    code = case_competent_authority(case)
    return str(Authority(code).label) if code else ""


def status_label(code: str) -> str:
    """A year-end status code by name; "unknown" (no record, nothing to derive from) too."""
    return _label(YearEndStatus, code) if code in YearEndStatus.values else str(_("ukendt"))


def exception_shown(case: Case, authority: Any) -> bool:
    """Whether the decision form asks why: an authority other than the competent one is chosen.

    Whether a reason is then required is the service's rule (`decision_record`); this only decides
    when the field is worth showing.
    """
    competent = case_competent_authority(case)
    return bool(authority) and competent is not None and authority != competent


def indicators_present(assessment: Any) -> list[str]:
    """The indicators of the checklist answered "yes", by name, in the vocabulary's order."""
    return [str(label) for code, label in Indicator.choices if assessment.indicators.get(code) == "yes"]
