"""Demo partner referrals: structured referrals from the demo police and NGO logins, some with the
person's consent and some as anonymous notifications (docs/definitions.md#referrals).

Called once per demo year by `spor.cases.demo.Generator.year`; makes referrals only in the
current year, since a referral may be dated at most SPOR_REFERRAL_BACKDATE_DAYS back. It draws
from its own random generator so the rest of the demo population stays as it was.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from spor.cases import services
from spor.cases.models import ReferralConsent, ReferralPlace, ReferralUrgency
from spor.organisations.models import OrganisationType, Role, User
from spor.people import synthetic
from spor.vocabulary import ActorType, Exploitation, Indicator

#: (consent, nationality, gender, exploitation) of each demo referral, per partner.
REFERRALS = [
    (ReferralConsent.YES, "RO", "female", Exploitation.SEXUAL_PROSTITUTION),
    (ReferralConsent.NO, "NG", "female", Exploitation.SEXUAL_PROSTITUTION),
    (ReferralConsent.YES, "VN", "male", Exploitation.FORCED_LABOUR),
    (ReferralConsent.NOT_ASKED, "UA", "female", Exploitation.CRIMINAL),
]
SENDER: dict[str, str] = {OrganisationType.POLICE_DISTRICT: ActorType.POLICE, OrganisationType.NGO: ActorType.NGO}


def demo_referrals(*, year: int, today: date) -> int:
    """Make the demo referrals if `year` is the current one; returns how many were made.

    A run dated in the past (`today` before the real day, as tests do) makes none: a referral is
    dated by the real calendar.
    """
    if year != today.year or today != timezone.localdate():
        return 0
    rng = random.Random(year)  # noqa: S311 - synthetic data, not security
    partners = User.objects.filter(
        role=Role.REFERRER, is_active=True, organisation__type__in=list(SENDER)
    ).select_related("organisation")
    made = 0
    for partner in partners.order_by("username"):
        sender = SENDER[partner.organisation.type] if partner.organisation else ActorType.OTHER
        for consent, nationality, gender, exploitation in REFERRALS:
            given, family = synthetic.synthetic_name(rng, nationality, gender)
            age = rng.randint(16, 45)
            details = services.ReferralDetails(
                consent=consent,
                given_name=given,
                family_name=family,
                birth_year=today.year - age if rng.random() < 0.5 else None,
                estimated_age=age,
                gender=gender,
                nationalities=[nationality],
                phones=[synthetic.synthetic_phone(rng)],
                place=rng.choice([p for p in ReferralPlace.values if p != ReferralPlace.UNKNOWN]),
                exploitation=exploitation,
                indicators=rng.sample(list(Indicator.values), rng.randint(1, 4)),
                child="yes" if age < 18 else "no",
                police_informed="yes" if sender == ActorType.POLICE else "unknown",
                urgency=rng.choice([ReferralUrgency.NORMAL, ReferralUrgency.NORMAL, ReferralUrgency.URGENT]),
            )
            services.referral_submit(
                actor=partner,
                sender_type=sender,
                summary="Demo: mistanke om menneskehandel, personen er bekymret for sin gæld.",
                received_on=max(date(year, 1, 1), today - timedelta(days=rng.randint(0, 20))),
                details=details,
            )
            made += 1
    return made
