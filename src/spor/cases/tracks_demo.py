"""Demo of the authorities' tracks and case complexes (docs/definitions.md#the-authorities-own-tracks).

Called once per demo year by `spor.cases.demo.Generator.year`; makes its records only in the year
before the run's (a complete statistics year), through the services, with its own random
generator so the rest of the demo population stays as it was:

- a case complex: eight Chinese women identified in one network of massage clinics, with the
  business behind them recorded once (as CMM's 2025 statistics describe);
- two administrative expulsion cases of lawful residents, decided by DIS without an exception;
- a case the Immigration Service keeps on its own (the person did not want CMM involved);
- a negative decision reconsidered and changed.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from spor.cases import services
from spor.cases.models import AssessmentOutcome, Case
from spor.people import services as people
from spor.people import synthetic
from spor.vocabulary import ActorType, Channel, Exploitation

#: A CVR number that passes the modulus-11 check; the business is synthetic.
DEMO_CVR = "31234565"


def demo_tracks(generator: Any, year: int) -> int:
    """Make the demo's tracks in the year before the run's; returns the persons identified."""
    if year != generator.today.year - 1:
        return 0
    rng = random.Random(year * 13)  # noqa: S311 - synthetic data, not security
    made = _complex(generator, rng, year)
    made += _expulsions(generator, rng, year)
    made += _dis_own_case(generator, rng, year)
    made += _reconsidered(generator, rng, year)
    generator.counts.identified += made
    return made


def _person(generator: Any, rng: random.Random, nationality: str, gender: str, residence: str) -> Any:
    given, family = synthetic.synthetic_name(rng, nationality, gender)
    generator.counts.persons += 1
    return people.person_create(
        actor=generator.cw,
        identity=people.Identity(given_name=given, family_name=family),
        gender=gender,
        birth_year=rng.randint(1985, 2003),
        nationalities=[nationality],
        residence_status=residence,
    )


def _pending(generator: Any, person: Any, on: date, sender: str = ActorType.POLICE) -> Case:
    """An inquiry, a case and an assessment put to a decision; put to DIS unless lawful resident."""
    cw = generator.cw
    inquiry = services.inquiry_register(
        actor=cw, received_on=on, channel=Channel.HOTLINE, sender_type=sender, persons=[person]
    )
    case = services.case_open(actor=cw, person=person, opened_on=on, inquiry=inquiry)
    if person.residence_status != "lawful":
        services.case_put_to_dis(actor=cw, case=case, on=on)
    assessment = services.assessment_record(
        actor=cw, case=case, interview_on=on + timedelta(days=2), inquiry=inquiry, referrer_type=sender,
        indicators={"deceived": "yes", "debt": "yes", "isolated": "yes"},
    )  # fmt: skip
    services.assessment_complete(actor=cw, assessment=assessment, outcome=AssessmentOutcome.PUT_TO_DECISION)
    generator.counts.inquiries += 1
    generator.counts.assessments += 1
    case.refresh_from_db()
    return case


def _complex(generator: Any, rng: random.Random, year: int) -> int:
    cw, dis = generator.cw, generator.dis
    found = services.complex_create(
        actor=cw, name="Demo: massageklinikker på Sjælland", kind="network", police_reference="Demo 0100-79531-00017"
    )
    employer = services.employer_register(actor=cw, name="Demo Wellness ApS", cvr=DEMO_CVR)
    services.complex_link_employer(actor=cw, complex=found, employer=employer)
    raid = date(year, 9, 8)
    for n in range(8):
        person = _person(generator, rng, "CN", "female", "unlawful")
        case = _pending(generator, person, raid + timedelta(days=n % 3))
        services.complex_link_case(actor=cw, complex=found, case=case)
        services.decision_record(
            actor=dis, case=case, authority="dis", decided_on=raid + timedelta(days=10 + n), identified=True,
            contact_actor_type=ActorType.POLICE, primary_exploitation=Exploitation.SEXUAL_PROSTITUTION,
            exploitation_place="denmark", reasoning="Demo: indikatorerne og politiets oplysninger.",
        )  # fmt: skip
    return 8


def _expulsions(generator: Any, rng: random.Random, year: int) -> int:
    """Lawful residents in an administrative expulsion case: DIS decides, no exception needed."""
    for n, (nationality, form) in enumerate((("RO", Exploitation.CRIMINAL), ("PL", Exploitation.FORCED_LABOUR))):
        person = _person(generator, rng, nationality, "male", "lawful")
        on = date(year, 4, 14) + timedelta(days=30 * n)
        case = _pending(generator, person, on, sender=ActorType.PRISON_SERVICE)
        services.case_expulsion_set(actor=generator.cw, case=case, expulsion_case=True)
        services.case_put_to_dis(actor=generator.cw, case=case, on=on)
        services.decision_record(
            actor=generator.dis, case=case, authority="dis", decided_on=on + timedelta(days=21), identified=True,
            primary_exploitation=form, exploitation_place="denmark",
            reasoning="Demo: udvisningssag; Udlændingestyrelsen er kompetent.",
        )  # fmt: skip
    return 2


def _dis_own_case(generator: Any, rng: random.Random, year: int) -> int:
    """The Immigration Service's own case: CMM sees that it exists, not its content."""
    dis = generator.dis
    given, family = synthetic.synthetic_name(rng, "VN", "male")
    on = date(year, 6, 2)
    case = services.dis_case_open(
        actor=dis, opened_on=on, identity=people.Identity(given_name=given, family_name=family),
        gender="male", birth_year=1998, nationalities=["VN"], residence_status="asylum_seeker",
    )  # fmt: skip
    generator.counts.persons += 1
    assessment = services.assessment_record(
        actor=dis, case=case, interview_on=on + timedelta(days=3), assessed_by="dis",
        indicators={"no_pay": "yes", "documents_withheld": "yes"},
    )  # fmt: skip
    services.assessment_complete(actor=dis, assessment=assessment, outcome=AssessmentOutcome.PUT_TO_DECISION)
    services.decision_record(
        actor=dis, case=case, authority="dis", decided_on=on + timedelta(days=20), identified=True,
        primary_exploitation=Exploitation.FORCED_LABOUR, sector="restaurant",
        reasoning="Demo: Udlændingestyrelsens egen vurdering.",
    )  # fmt: skip
    return 1


def _reconsidered(generator: Any, rng: random.Random, year: int) -> int:
    """A negative decision whose reconsideration, with new information, identified the person."""
    person = _person(generator, rng, "NG", "female", "lawful")
    on = date(year, 2, 3)
    case = _pending(generator, person, on, sender=ActorType.NGO)
    first = services.decision_record(
        actor=generator.cw, case=case, authority="cmm", decided_on=on + timedelta(days=14), identified=False,
        primary_exploitation=Exploitation.FORCED_MARRIAGE, reasoning="Demo: for få oplysninger.",
    )  # fmt: skip
    request = services.reconsideration_request(
        actor=generator.cw, decision=first, requested_on=on + timedelta(days=40), requested_by=ActorType.LAWYER
    )
    services.reconsideration_decide(
        actor=generator.cw, reconsideration=request, decided_on=on + timedelta(days=61), changed=True,
        reasoning="Demo: nye oplysninger fra advokaten.",
    )  # fmt: skip
    return 1
