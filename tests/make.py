"""`make_*` helpers that build test data through the services (docs/architecture.md#tests)."""

from __future__ import annotations

from datetime import date
from typing import Any

from spor.cases import services
from spor.cases.models import AssessmentOutcome, Case
from spor.people import services as people
from spor.people.models import ConsentAnswer, ConsentPurpose, Person
from spor.vocabulary import ActorType, Channel, Exploitation, ResidenceStatus


def make_person(actor: Any, *, given: str = "Siriporn", family: str = "Wongsakul", **kwargs: Any) -> Person:
    kwargs.setdefault("gender", "female")
    kwargs.setdefault("nationalities", ["TH"])
    kwargs.setdefault("residence_status", ResidenceStatus.LAWFUL)
    return people.person_create(actor=actor, identity=people.Identity(given_name=given, family_name=family), **kwargs)


def make_case(actor: Any, person: Person | None = None, *, opened_on: date = date(2026, 3, 2)) -> Case:
    person = person or make_person(actor)
    inquiry = services.inquiry_register(
        actor=actor, received_on=opened_on, channel=Channel.HOTLINE, sender_type=ActorType.NGO, persons=[person]
    )
    return services.case_open(actor=actor, person=person, opened_on=opened_on, inquiry=inquiry)


def make_pending_case(actor: Any, person: Person | None = None, *, on: date = date(2026, 3, 2)) -> Case:
    """A case whose assessment is put to decision: it awaits the decision."""
    case = make_case(actor, person, opened_on=on)
    assessment = services.assessment_record(
        actor=actor, case=case, interview_on=on, indicators={"deceived": "yes", "debt": "yes"}, referrer_type="ngo"
    )
    services.assessment_complete(actor=actor, assessment=assessment, outcome=AssessmentOutcome.PUT_TO_DECISION)
    case.refresh_from_db()
    return case


def make_identified_case(actor: Any, person: Person | None = None, *, on: date = date(2026, 3, 2)) -> Case:
    case = make_pending_case(actor, person, on=on)
    authority = "dis" if case.person.residence_status != ResidenceStatus.LAWFUL else "cmm"
    services.decision_record(
        actor=actor,
        case=case,
        authority=authority,
        decided_on=on,
        identified=True,
        primary_exploitation=Exploitation.SEXUAL_PROSTITUTION,
        exception_reason="" if authority == "cmm" else "test",
    )
    case.refresh_from_db()
    return case


def make_consent(actor: Any, person: Person, purpose: str = ConsentPurpose.DISCLOSURE) -> None:
    people.consent_record(
        actor=actor, person=person, purpose=purpose, answer=ConsentAnswer.GIVEN, answered_on=date(2026, 3, 1)
    )


def make_reintegration_rates() -> None:
    """Put back the rates the migration seeds (2026–2029), from the migration's own table.

    Transactional tests (the browser journeys' live server) start from tables that an earlier
    transactional test in the same process may have emptied, seeded rows included.
    """
    import importlib
    from datetime import date

    from spor.cases.models import ReintegrationRate

    seed = importlib.import_module("spor.cases.migrations.0002_reintegration_rates_2026_2029")
    for kind, amount in seed.RATES:
        ReintegrationRate.objects.get_or_create(
            kind=kind,
            valid_from=date(2026, 1, 1),
            valid_to=date(2029, 12, 31),
            defaults={"amount_dkk": amount, "source": "Handlingsplan til bekæmpelse af menneskehandel 2026–2029"},
        )


def make_referral(
    actor: Any, *, consent: str = "yes", summary: str = "Mistanke om tvangsarbejde.", **details: Any
) -> Any:
    """A structured partner referral by `actor` (a referrer); returns its inquiry."""
    sender = ActorType.POLICE if actor.organisation.type == "police_district" else ActorType.NGO
    inquiry, _ = services.referral_submit(
        actor=actor, sender_type=sender, summary=summary, details=services.ReferralDetails(consent=consent, **details)
    )
    return inquiry


def make_dis_case(officer: Any, *, on: date = date(2026, 3, 2), residence_status: str = "asylum_seeker") -> Case:
    """A case the Immigration Service keeps on its own (the person did not want CMM involved)."""
    return services.dis_case_open(
        actor=officer,
        opened_on=on,
        identity=people.Identity(given_name="Minh", family_name="Tran"),
        gender="male",
        birth_year=1999,
        nationalities=["VN"],
        residence_status=residence_status,
    )


def make_generated_release(analyst: Any, year: int) -> Any:
    """A draft release of `year` generated from the registry (every format), not frozen."""
    from spor.releases import services as releases

    release = releases.release_start(actor=analyst, year=year)
    releases.release_generate(actor=analyst, release=release, background=False, report_date=date(year + 1, 4, 1))
    release.refresh_from_db()
    return release


def make_published_release(analyst: Any, approver: Any, year: int) -> Any:
    """A release of `year` generated, frozen and submitted by `analyst`, approved and published by `approver`."""
    from spor.releases import services as releases

    release = make_generated_release(analyst, year)
    release = releases.release_freeze(actor=analyst, release=release)
    release = releases.release_submit(actor=analyst, release=release)
    release = releases.release_approve(actor=approver, release=release)
    return releases.release_publish(actor=approver, release=release)
