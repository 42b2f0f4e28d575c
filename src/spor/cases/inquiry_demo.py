"""Demo inquiry queue: inquiries of the last three weeks (today's included), some given to the demo
caseworker, one closed without a case with each outcome (docs/definitions.md#inquiry-outcome).

Called once per demo year by `spor.cases.demo.Generator.year`; makes inquiries only in the current
year and only when the run is dated today. Draws from its own random generator so the rest of the
demo population stays as it was.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from spor.cases import services
from spor.cases.models import Inquiry
from spor.organisations.models import OrganisationType, Role, User
from spor.vocabulary import ActorType, Channel, InquiryOutcome

SUMMARIES = [
    "Demo: en nabo ringer om unge mænd, der bor på en byggeplads.",
    "Demo: en kvinde spørger om sine rettigheder som au pair.",
    "Demo: en socialrådgiver beskriver en borger med stor gæld til en arbejdsgiver.",
    "Demo: anonym e-mail om en massageklinik.",
]


def demo_inquiry_queue(*, year: int, today: date, caseworker: User) -> int:
    """Make the demo queue if `year` is the current one; returns how many inquiries were made."""
    if year != today.year or today != timezone.localdate():
        return 0
    rng = random.Random(year * 7)  # noqa: S311 - synthetic data, not security
    manager = User.objects.filter(role=Role.MANAGER, is_active=True, organisation__type=OrganisationType.CMM).first()
    made: list[Inquiry] = []
    for n in range(16):
        made.append(
            services.inquiry_register(
                actor=caseworker,
                received_on=max(date(year, 1, 1), today - timedelta(days=0 if n < 2 else rng.randint(1, 21))),
                channel=rng.choice([Channel.HOTLINE, Channel.HOTLINE, Channel.EMAIL]),
                sender_type=rng.choice([ActorType.NGO, ActorType.POLICE, ActorType.MUNICIPALITY]),
                summary=rng.choice(SUMMARIES),
            )
        )
    if manager is not None:
        for inquiry in made[2:8]:
            services.inquiry_assign(actor=manager, inquiry=inquiry, assignee=caseworker)
    for inquiry, outcome in zip(made[8:], InquiryOutcome.values, strict=False):
        services.inquiry_close(
            actor=caseworker,
            inquiry=inquiry,
            outcome=outcome,
            note="Demo: afsluttet uden sag.",
            duplicate_of=made[0] if outcome == InquiryOutcome.DUPLICATE else None,
            on=max(inquiry.received_on, today),
        )
    return len(made)
