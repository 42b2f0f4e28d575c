"""Demo data for the victim's rights (docs/definitions.md#victims-rights): reasons for not
reporting, how reports went, § 9 c permits, non-punishment with detention, compensation claims.

Called once per identified person by the demo generator (`spor.cases.demo`), through the
services like every other demo record. Nothing is dated after the generator's today.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from spor.cases.models import Case
from spor.cases.services import rights
from spor.people.models import ConsentAnswer, ConsentPurpose
from spor.people.services import consent_in_force

#: Reasons for not reporting, weighted roughly as CMM's 2025 text orders them.
REASONS = {
    "investigation_running": 30,
    "long_ago": 20,
    "abroad": 20,
    "not_yet": 20,
    "persons_wish": 8,
    "other": 2,
}


def demo_rights(gen: Any, case: Case, decided: date) -> None:
    """The rights records of one identified person's case (see the module docstring)."""
    rng, today, actor = gen.rng, gen.today, gen.cw
    report = case.police_reports.order_by("filed_on").first()
    if report is None:
        reason = rng.choices(list(REASONS), weights=list(REASONS.values()))[0]
        note = "Syntetisk demonotat." if reason == "other" else ""
        rights.no_police_report_record(actor=actor, case=case, reason=reason, recorded_on=decided, note=note)
    else:
        _report_course(rng, today, actor, report)
    consented = consent_in_force(case.person, ConsentPurpose.POLICE_REPORT) == ConsentAnswer.GIVEN
    if report is not None and consented and rng.random() < 0.3:
        _permit(rng, today, actor, case, report.filed_on)
    primary = case.decisions.filter(identified=True).values_list("primary_exploitation", flat=True).first()
    if primary == "criminal" and rng.random() < 0.5:
        _non_punishment(rng, today, actor, case, decided)
    if report is not None and rng.random() < 0.3:
        _claim(rng, today, actor, case, report.filed_on)


def _day(rng: Any, start: date, today: date, most: int) -> date | None:
    day = start + timedelta(days=rng.randint(10, most))
    return day if day <= today else None


def _report_course(rng: Any, today: date, actor: Any, report: Any) -> None:
    on = report.filed_on
    for outcome in ("charged", "indicted", "convicted"):
        if rng.random() < 0.5:
            if rng.random() < 0.3:
                dropped = _day(rng, on, today, 120)
                if dropped:
                    rights.police_report_outcome_record(actor=actor, report=report, outcome="dropped", on=dropped)
            return
        next_on = _day(rng, on, today, 180)
        if next_on is None:
            return
        rights.police_report_outcome_record(actor=actor, report=report, outcome=outcome, on=next_on)
        on = next_on


def _permit(rng: Any, today: date, actor: Any, case: Case, filed_on: date) -> None:
    applied = _day(rng, filed_on, today, 40)
    if applied is None:
        return
    permit = rights.residence_permit_apply(actor=actor, case=case, applied_on=applied)
    decided = _day(rng, applied, today, 60)
    if decided is not None:
        valid_to = decided + timedelta(days=rng.choice([180, 365]))
        rights.residence_permit_decide(
            actor=actor, permit=permit, decided_on=decided, granted=True, valid_from=decided, valid_to=valid_to
        )


def _non_punishment(rng: Any, today: date, actor: Any, case: Case, decided: date) -> None:
    charged = decided - timedelta(days=rng.randint(20, 90))
    matter = rights.non_punishment_record(
        actor=actor, case=case, crime_type=rng.choice(["cannabis_cultivation", "theft", "drugs"]), charged_on=charged
    )
    rights.detention_add(
        actor=actor, matter=matter, from_on=charged, to_on=charged + timedelta(days=rng.randint(1, 20))
    )
    waived = _day(rng, decided, today, 90)
    if waived is not None:
        outcome = rng.choices(["prosecution_waived", "acquitted", "convicted"], weights=[80, 15, 5])[0]
        rights.non_punishment_outcome(actor=actor, matter=matter, outcome=outcome, on=waived)


def _claim(rng: Any, today: date, actor: Any, case: Case, filed_on: date) -> None:
    claimed = _day(rng, filed_on, today, 200)
    if claimed is None:
        return
    amount = rng.choice([25_000, 50_000, 120_000, 300_000])
    claim = rights.compensation_claim_add(
        actor=actor, case=case, route=rng.choice(["criminal_case", "compensation_board"]), claimed_on=claimed,
        claimed_dkk=amount,
    )  # fmt: skip
    decided = _day(rng, claimed, today, 200)
    if decided is not None:
        awarded = rng.choice([0, amount // 2, amount])
        rights.compensation_claim_decide(actor=actor, claim=claim, decided_on=decided, awarded_dkk=awarded)
