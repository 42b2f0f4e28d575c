"""Demo children (docs/definitions.md#children): an unaccompanied minor with a personal
representative and a notified municipality, one still without a representative, a child who turns
18 during the case, and a victim with children of her own.

Called once per demo year by `spor.cases.demo.Generator.year`, for the current year only, with its
own random generator so the rest of the demo population stays as it was.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from spor import municipalities
from spor.cases import services
from spor.cases.models import AssessmentOutcome, Case
from spor.people import services as people
from spor.people import synthetic
from spor.people.models import Person
from spor.vocabulary import ActorType, Channel, Exploitation


def _person(rng: random.Random, actor: Any, nationality: str, gender: str, **facts: Any) -> Person:
    given, family = synthetic.synthetic_name(rng, nationality, gender)
    identity = people.Identity(given_name=given, family_name=family)
    return people.person_create(actor=actor, identity=identity, gender=gender, nationalities=[nationality], **facts)


def _pending(actor: Any, person: Person, opened: date) -> Case:
    inquiry = services.inquiry_register(
        actor=actor, received_on=opened, channel=Channel.HOTLINE, sender_type=ActorType.NGO, persons=[person]
    )
    case = services.case_open(actor=actor, person=person, opened_on=opened, inquiry=inquiry)
    if person.residence_status != "lawful":
        services.case_put_to_dis(actor=actor, case=case, on=opened)
    assessment = services.assessment_record(
        actor=actor,
        case=case,
        interview_on=opened + timedelta(days=2),
        inquiry=inquiry,
        referrer_type=ActorType.NGO,
        indicators={"deceived": "yes"},
    )
    services.assessment_complete(actor=actor, assessment=assessment, outcome=AssessmentOutcome.PUT_TO_DECISION)
    case.refresh_from_db()
    return case


def demo_children(gen: Any, year: int) -> int:
    """Make the demo children's cases in the current year (at least 40 days old); returns how many."""
    today = gen.today
    opened = max(date(year, 1, 5), today - timedelta(days=200))
    if year != today.year or opened + timedelta(days=40) > today:
        return 0
    rng = random.Random(year * 31)  # noqa: S311 - synthetic data, not security
    cw = gen.cw
    decided = opened + timedelta(days=30)
    # 1. An unaccompanied asylum-seeking boy of 15 with a representative; DIS identifies him.
    boy = _person(rng, cw, "VN", "male", birth_year=year - 15, residence_status="asylum_seeker")
    case = _pending(cw, boy, opened)
    code = rng.choice(sorted(municipalities.MUNICIPALITIES))
    services.unaccompanied_record(actor=cw, case=case, municipality=code)
    services.unaccompanied_record(
        actor=cw,
        case=case,
        representative_name=" ".join(synthetic.synthetic_name(rng, "DK", "female")),
        representative_org="Røde Kors",
        municipality=code,
        notified_on=opened + timedelta(days=1),
    )
    services.decision_record(
        actor=cw, case=case, authority="dis", decided_on=decided, identified=True,
        primary_exploitation=Exploitation.CRIMINAL, crime_type="cannabis_cultivation",
        child_views="Han vil gerne gå i skole og ikke tilbage til dem, der bragte ham hertil.",
    )  # fmt: skip
    # 2. An unaccompanied girl whose representative is not appointed yet: no decision can be made.
    girl = _person(rng, cw, "NG", "female", estimated_age=16, age_estimated_on=opened, residence_status="unlawful")
    services.unaccompanied_record(actor=cw, case=_pending(cw, girl, opened), municipality="101")
    # 3. A girl who turns 18 during her case ("fyldt 18 under sagen").
    born = opened + timedelta(days=20)
    birth = date(born.year - 18, born.month, min(born.day, 28))
    teen = _person(rng, cw, "RO", "female", birth_date=birth, residence_status="lawful")
    services.decision_record(
        actor=cw, case=_pending(cw, teen, opened), authority="cmm", decided_on=decided, identified=True,
        primary_exploitation=Exploitation.SEXUAL_PROSTITUTION,
    )  # fmt: skip
    # 4. A mother with two children of her own (what a return plan's child rate counts).
    mother = _person(rng, cw, "TH", "female", birth_year=year - 31, residence_status="lawful")
    for age in (4, 9):
        people.child_add(actor=cw, person=mother, birth_year=year - age)
    services.decision_record(
        actor=cw, case=_pending(cw, mother, opened), authority="cmm", decided_on=decided, identified=True,
        primary_exploitation=Exploitation.FORCED_LABOUR, sector="domestic_work",
    )  # fmt: skip
    gen.counts.identified += 3  # the boy, the girl turning 18 and the mother
    return 4
