"""What can be done on a case now, and what comes next (docs/definitions.md#next-step).

`case_actions(case=..., actor=...)` is the one place that answers it: the case page lists what it
returns (the next step first and named), every casework action page refuses an action that is
not in it, and the API case detail returns it as `actions`. An action is offered when the
transition table (`spor.cases.transitions`) lets the case reach the status the action leads to,
the action's own precondition holds (no reflection period after departure or closing, no
decision before the assessment is put to decision, ...), and the actor holds its permission.
The services check their own rules again on every write.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import rules
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from spor.cases import transitions
from spor.cases.models import Case, CaseStatus
from spor.cases.services.reflection import MAX_REFLECTION
from spor.people.models import Consent, ConsentAnswer, ConsentPurpose

S = CaseStatus
#: Statuses in which the person is still followed: support, contact person, police report.
OPEN = {S.ASSESSMENT, S.DECISION_PENDING, S.IDENTIFIED, S.NOT_IDENTIFIED, S.RECONSIDERATION, S.RETURN_PLANNED}
#: Statuses in which the person is identified and still in Denmark.
IDENTIFIED = {S.IDENTIFIED, S.RETURN_PLANNED}


@dataclass(frozen=True)
class Step:
    """One kind of action: its code, its name, the permission, the status it leads to (if it moves
    the case), the precondition, and the consent it may need."""

    code: str
    label: Promise
    perm: str
    when: Callable[[Facts], bool]
    to: str | None = None
    consent: str = ""


@dataclass(frozen=True)
class CaseAction:
    """One action offered now: `next` marks the expected next step; `consent_missing` says the
    consent it needs is not given (unknown, refused or withdrawn) — the page says so before the form."""

    code: str
    label: str
    next: bool = False
    consent: str = ""
    consent_missing: bool = False


@dataclass(frozen=True)
class Facts:
    """What the preconditions look at: the case's status, whether it was put to DIS, and its
    reflection periods as (starts_on, ends_on)."""

    status: str
    put_to_dis_on: date | None
    periods: list[tuple[date, date]]

    @property
    def extendable(self) -> bool:
        return any(ends < starts + MAX_REFLECTION for starts, ends in self.periods)


STEPS: list[Step] = [
    Step("assessment", _("Registrér udredning"), "cases.decide_case", lambda c: c.status == S.ASSESSMENT),
    Step(
        "put_to_dis",
        _("Forelæg Udlændingestyrelsen"),
        "cases.work_case",
        lambda c: c.status in {S.ASSESSMENT, S.DECISION_PENDING} and c.put_to_dis_on is None,
    ),
    Step(
        "decision",
        _("Registrér afgørelse"),
        "cases.decide_case",
        lambda c: c.status in {S.DECISION_PENDING, S.NOT_IDENTIFIED},
        to=S.IDENTIFIED,
    ),
    Step(
        "reflection_grant",
        _("Giv refleksionsperiode"),
        "cases.grant_reflection",
        lambda c: c.status in IDENTIFIED and not c.periods,
    ),
    Step(
        "reflection_extend",
        _("Forlæng refleksionsperiode"),
        "cases.grant_reflection",
        lambda c: c.status in IDENTIFIED and c.extendable,
    ),
    Step(
        "return_plan",
        _("Forberedt hjemrejse"),
        "cases.work_case",
        lambda c: c.status == S.IDENTIFIED,
        to=S.RETURN_PLANNED,
        consent=ConsentPurpose.DISCLOSURE,
    ),
    Step("stay", _("Ophold"), "cases.work_case", lambda c: c.status in OPEN, consent=ConsentPurpose.REFERRAL),
    Step("offer", _("Tilbud"), "cases.work_case", lambda c: c.status in OPEN),
    Step(
        "police_report",
        _("Politianmeldelse"),
        "cases.work_case",
        lambda c: c.status in OPEN,
        consent=ConsentPurpose.POLICE_REPORT,
    ),
    Step("contact_person", _("Kontaktperson"), "cases.work_case", lambda c: c.status != S.CLOSED),
    Step(
        "reconsideration_request",
        _("Anmod om genvurdering"),
        "cases.decide_case",
        lambda c: c.status == S.NOT_IDENTIFIED,
        to=S.RECONSIDERATION,
    ),
    Step(
        "reconsideration_decide",
        _("Afgør genvurdering"),
        "cases.decide_case",
        lambda c: c.status == S.RECONSIDERATION,
    ),
    Step("expulsion", _("Udvisningssag"), "cases.decide_case", lambda c: c.status in OPEN),
    Step("complex", _("Sagskompleks"), "cases.work_case", lambda c: c.status != S.CLOSED),
    Step("close", _("Afslut sagen"), "cases.close_case", lambda c: c.status != S.CLOSED, to=S.CLOSED),
    Step("reopen", _("Genåbn sagen"), "cases.close_case", lambda c: c.status == S.CLOSED),
]
BY_CODE = {step.code: step for step in STEPS}


def next_step(facts: Facts) -> str:
    """The code of the step the process expects next, or "" when it waits for someone else
    (a plan with the return agency) or is over (docs/definitions.md#next-step)."""
    match facts.status:
        case S.ASSESSMENT:
            return "assessment"
        case S.DECISION_PENDING:
            return "decision"
        case S.IDENTIFIED:
            return "reflection_grant" if not facts.periods else "return_plan"
        case S.NOT_IDENTIFIED | S.DEPARTED:
            return "close"
        case S.RECONSIDERATION:
            return "reconsideration_decide"
    return ""


def offered(step: Step, facts: Facts) -> bool:
    """Whether the table and the step's precondition allow `step` now (whoever asks)."""
    if step.to is not None and not transitions.allowed(facts.status, step.to):
        return False
    return step.when(facts)


def _consents(case: Case) -> dict[str, str]:
    """The answer in force per purpose (latest first wins), in one query."""
    answers: dict[str, str] = {}
    rows = Consent.objects.filter(person_id=case.person_id).order_by("-answered_on", "-id")
    for purpose, answer in rows.values_list("purpose", "answer"):
        answers.setdefault(purpose, answer)
    return answers


def case_actions(*, case: Case, actor: Any, periods: list[tuple[date, date]] | None = None) -> list[CaseAction]:
    """The actions `actor` may take on `case` now, the expected next step first (module docstring).

    `periods` are the case's reflection periods as (starts_on, ends_on), for a caller that has
    them already (the API's case read); otherwise they are read. The consents take one query,
    only when an offered action may need one.
    """
    if periods is None:
        periods = list(case.reflection_periods.values_list("starts_on", "ends_on"))
    facts = Facts(case.status, case.put_to_dis_on, periods)
    expected = next_step(facts)
    steps = [step for step in STEPS if offered(step, facts) and rules.has_perm(step.perm, actor, case)]
    answers = _consents(case) if any(step.consent for step in steps) else {}
    out = [
        CaseAction(
            step.code,
            str(step.label),
            step.code == expected,
            step.consent,
            bool(step.consent) and answers.get(step.consent) != ConsentAnswer.GIVEN,
        )
        for step in steps
    ]
    out.sort(key=lambda a: not a.next)
    return out
