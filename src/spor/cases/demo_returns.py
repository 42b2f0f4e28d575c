"""Demo prepared returns: about a third of each year's identified persons return, with content,
travelling children and follow-ups (docs/definitions.md#reintegration-content).

Called once per demo year from `spor.cases.demo.Generator.year`, after that year's cases. It
expects identified cases (status `identified`, no return plan) whose positive decision fell in the
year; it tops the year's returns up to a third of those identified, never touching a case in
another state. Pre-2026 rates are entered here as synthetic demo values: Spor holds no documented
rates for those years, and the source of each row says so. The first demo years get no rates, so
the demo also shows plans recorded with "no rate on file".
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from spor.cases import services
from spor.cases.models import Case, CaseStatus, RateKind, ReintegrationRate, ReturnPlan, ReturnStatus
from spor.cases.selectors import add_months
from spor.people import services as people
from spor.people.models import ConsentAnswer, ConsentPurpose
from spor.vocabulary import FollowUpChannel, FollowUpOutcome, Reintegration

DEMO_RATE_SOURCE = "Syntetiske demoværdier, ikke gældende satser (synthetic demo values, not rates in force)"
#: Synthetic amounts (DKK) before 2026: the 2026–2029 amounts carried back, which the demo's other
#: returns (`Generator._maybe_return`) keep within.
DEMO_RATES = {
    RateKind.IN_KIND_ADULT: 40_000,
    RateKind.IN_KIND_CHILD: 9_000,
    RateKind.CASH_SINGLE: 10_000,
    RateKind.CASH_PROVIDER: 20_000,
}
RATES_FIRST_YEAR = 2019  # demo years before this have no rate on file
PARTNERS = ["IOM", "La Strada", "Caritas", "Eaves partner shelter", "ACCEPT", "Hope for the Future"]
MONTHS = (1, 3, 6, 12)


def demo_rates() -> None:
    """Synthetic rates for RATES_FIRST_YEAR to 2025, one period per kind, marked as demo values."""
    if ReintegrationRate.objects.filter(source=DEMO_RATE_SOURCE).exists():
        return
    for kind, amount in DEMO_RATES.items():
        ReintegrationRate.objects.create(
            kind=kind,
            amount_dkk=amount,
            valid_from=date(RATES_FIRST_YEAR, 1, 1),
            valid_to=date(2025, 12, 31),
            source=DEMO_RATE_SOURCE,
        )


def demo_returns_for_year(generator: Any, year: int) -> None:
    """Top the year's prepared returns up to a third of the persons identified in it."""
    demo_rates()
    rng = generator.rng
    identified = Case.objects.filter(decisions__identified=True, decisions__decided_on__year=year).distinct()
    target = round(identified.count() / 3)
    have = ReturnPlan.objects.filter(case__in=identified).values("case").distinct().count()
    candidates = list(
        identified.filter(status=CaseStatus.IDENTIFIED, return_plans__isnull=True, person__statuses__isnull=True)
        .select_related("person")
        .order_by("pk")
    )
    rng.shuffle(candidates)
    for case in candidates[: max(0, target - have)]:
        decided = case.decisions.filter(identified=True).order_by("-decided_on").first()
        assert decided is not None
        applied = decided.decided_on + timedelta(days=rng.randint(10, 60))
        if applied + timedelta(days=7) > generator.today:
            continue
        demo_plan(generator, case, applied)


def demo_plan(generator: Any, case: Case, applied: date) -> bool:
    """One prepared return with content, approved, departed unless that day is still to come, with
    follow-ups until today. True when the person departed (which closes the case)."""
    rng, cw, officer = generator.rng, generator.cw, generator.return_officer
    person = case.person
    if people.consent_in_force(person, ConsentPurpose.DISCLOSURE) != ConsentAnswer.GIVEN:
        people.consent_record(
            actor=cw, person=person, purpose=ConsentPurpose.DISCLOSURE, answer=ConsentAnswer.GIVEN, answered_on=applied
        )
    if not person.children.exists() and rng.random() < 0.3:
        for _ in range(rng.choice([1, 1, 2, 3])):
            people.child_add(actor=cw, person=person, birth_year=applied.year - rng.randint(1, 16))
    children = [c for c in person.children.all() if rng.random() < 0.7]
    kinds = rng.sample(list(Reintegration.values), k=rng.choice([1, 1, 2, 3]))
    in_kind_max = DEMO_RATES[RateKind.IN_KIND_ADULT] + len(children) * DEMO_RATES[RateKind.IN_KIND_CHILD]
    plan = services.return_plan_submit(
        actor=cw, case=case, applied_on=applied, destination=person.primary_nationality,
        in_kind_dkk=rng.randrange(15_000, in_kind_max + 1, 1_000), cash_dkk=rng.choice([5_000, 7_500]),
        travelling_children=[c.code for c in children], provider=bool(children), reintegration=kinds,
        partner=rng.choice(PARTNERS) if rng.random() < 0.8 else "",
    )  # fmt: skip
    services.return_plan_decide(actor=officer, plan=plan, approve=True, on=applied + timedelta(days=7))
    departed = applied + timedelta(days=rng.randint(14, 35))
    if departed > generator.today:
        return False
    services.return_plan_depart(actor=officer, plan=plan, departed_on=departed)
    generator.counts.returns += 1
    for months in MONTHS:
        on = add_months(departed, months) + timedelta(days=rng.randint(-10, 10))
        if on > generator.today or rng.random() < 0.15:
            continue  # a missed follow-up: due on the task list when still within the period
        outcome = rng.choices(list(FollowUpOutcome.values), weights=[75, 12, 4, 9])[0]
        services.follow_up_record(
            actor=cw, plan=plan, contacted_on=on, channel=rng.choice(list(FollowUpChannel.values)),
            outcome=outcome, note="demo",
        )  # fmt: skip
        if outcome in {FollowUpOutcome.LOST_CONTACT, FollowUpOutcome.RETRAFFICKED}:
            break
    plan.refresh_from_db()
    assert plan.status == ReturnStatus.DEPARTED
    return True
