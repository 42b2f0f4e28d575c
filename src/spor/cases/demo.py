"""Synthetic, reproducible demo population: never real persons.

By default ten years of a Danish-sized centre: about 500 inquiries, 350 assessed and 100 identified
a year, with the mix of nationalities, genders, exploitation forms, referrers, decisions, returns,
statuses and police reports that CMM's published figures describe in broad strokes, and repeat victims
registered again under a variant of their name so that duplicate detection has work to do.
Everything goes through the services, so the demo obeys every rule the application enforces.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from spor.casefiles.demo import case_file_demo
from spor.cases import services
from spor.cases.children_demo import demo_children
from spor.cases.demo_returns import demo_plan, demo_returns_for_year
from spor.cases.inquiry_demo import demo_inquiry_queue
from spor.cases.models import AssessmentOutcome, Case, Recommendation
from spor.cases.referral_demo import demo_referrals
from spor.cases.rights_demo import demo_rights
from spor.cases.tracks_demo import demo_tracks
from spor.organisations import services as org_services
from spor.organisations.models import Organisation, OrganisationType, Role, User
from spor.organisations.otp import demo_devices_remove
from spor.people import services as people
from spor.people import synthetic
from spor.people.models import ConsentAnswer, ConsentPurpose, Person
from spor.tasks.demo import demo_tasks
from spor.vocabulary import POLICE_DISTRICTS, ActorType, Exploitation, Indicator, Sector, YearEndStatus

DEMO_PASSWORD = "spor-demo-2026"  # noqa: S105 - printed on purpose; demo refused in production

# Weights in broad agreement with the published figures 2020-2025 (src/spor/stats/data/).
NATIONALITIES = {
    "NG": 14, "RO": 10, "TH": 9, "VN": 8, "UG": 6, "PH": 5, "UA": 5, "BG": 4, "CN": 4, "GH": 4,
    "KE": 3, "ER": 3, "SY": 2, "AF": 2, "MA": 2, "LT": 2, "PL": 2, "HU": 2, "RU-CE": 1, "DK": 2,
    "BR": 2, "CO": 2,
}  # fmt: skip
EXPLOITATION = {
    Exploitation.SEXUAL_PROSTITUTION: 48, Exploitation.SEXUAL_OTHER: 3, Exploitation.FORCED_LABOUR: 26,
    Exploitation.CRIMINAL: 14, Exploitation.SLAVERY_LIKE: 1, Exploitation.OTHER: 4, Exploitation.UNDETERMINED: 4,
}  # fmt: skip
SENDERS = {
    ActorType.POLICE: 30, ActorType.NGO: 25, ActorType.DIS: 12, ActorType.SELF: 8, ActorType.MUNICIPALITY: 6,
    ActorType.CITIZEN: 5, ActorType.HEALTH: 3, ActorType.LAWYER: 3, ActorType.TAX_AGENCY: 2,
    ActorType.LABOUR_INSPECTORATE: 2, ActorType.TRADE_UNION: 2, ActorType.OTHER: 2,
}  # fmt: skip
NGOS = ["Reden International", "AmiAmi", "HopeNow", "Røde Kors"]
#: How the passage of an identified person ends: about a third a prepared return (CMM 2025: 35
#: prepared returns of 101 identified), the rest spread as CMM's year-end statuses have them.
EXITS = {
    YearEndStatus.PREPARED_RETURN: 35, YearEndStatus.DECLINED_OR_ABSENT: 20, YearEndStatus.LEFT_ON_OWN: 14,
    YearEndStatus.RESIDENCE_GRANTED: 12, YearEndStatus.DUBLIN_TRANSFER: 7, YearEndStatus.LEFT_WITH_TICKET_SUPPORT: 7,
    YearEndStatus.OTHER: 5,
}  # fmt: skip
#: The exits of those who do not take a prepared return (a third do, counted per year).
OTHER_EXITS = {status: weight for status, weight in EXITS.items() if status != YearEndStatus.PREPARED_RETURN}

DEMO_USERS = [
    ("cmm", OrganisationType.CMM, "Center mod Menneskehandel", "sagsbehandler", Role.CASEWORKER),
    ("cmm", OrganisationType.CMM, "Center mod Menneskehandel", "leder", Role.MANAGER),
    ("cmm", OrganisationType.CMM, "Center mod Menneskehandel", "analytiker", Role.ANALYST),
    ("cmm", OrganisationType.CMM, "Center mod Menneskehandel", "opsoegende", Role.OUTREACH_WORKER),
    ("cmm", OrganisationType.CMM, "Center mod Menneskehandel", "administrator", Role.ADMINISTRATOR),
    ("dis", OrganisationType.DIS, "Udlændingestyrelsen", "udlaendinge", Role.IMMIGRATION_OFFICER),
    ("hjr", OrganisationType.RETURN_AGENCY, "Hjemrejsestyrelsen", "hjemrejse", Role.RETURN_OFFICER),
    ("pol", OrganisationType.POLICE_DISTRICT, "Københavns Politi", "politi", Role.REFERRER),
    ("ngo", OrganisationType.NGO, "Reden International", "reden", Role.REFERRER),
]


def _pick(rng: random.Random, weights: dict[Any, int]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def demo_users() -> dict[str, User]:
    """The demo organisations and one user per role (idempotent)."""
    users: dict[str, User] = {}
    for _, org_type, org_name, username, role in DEMO_USERS:
        organisation = Organisation.objects.filter(name=org_name).first() or org_services.organisation_create(
            actor=None, name=org_name, type=org_type
        )
        user = User.objects.filter(username=username).first() or org_services.user_create(
            actor=None,
            username=username,
            password=DEMO_PASSWORD,
            organisation=organisation,
            role=role,
            check_password=False,
        )
        users[role] = user
    return users


@transaction.atomic
def demo_users_remove() -> int:
    """Deactivate the demo users and take away their published password and TOTP secret.

    Allowed in production mode: it is how a database that was once demo-seeded is made fit to
    serve (docs/operations.md#production-checklist). The users are deactivated, not deleted, so
    the history and audit trail keep their actor. Returns how many users were still active.
    Audit: user.access_changed per user (via the service), user.second_factor_removed per device.
    """
    usernames = [username for *_, username, _role in DEMO_USERS]
    removed = 0
    for user in User.objects.filter(username__in=usernames):
        if user.is_active:
            org_services.user_access_change(actor=None, user=user, is_active=False)
            removed += 1
        if user.has_usable_password():
            user.set_unusable_password()
            user.save(update_fields=["password"])
    demo_devices_remove()
    return removed


@dataclass
class DemoCounts:
    persons: int = 0
    inquiries: int = 0
    assessments: int = 0
    identified: int = 0
    returns: int = 0
    police_reports: int = 0
    repeat_registrations: int = 0
    exits: dict[str, int] = field(default_factory=dict)  # cases closed, by exit


class Generator:
    """One demo run; `year()` generates the events of one year."""

    def __init__(self, *, seed: int, scale: float, users: dict[str, User], today: date | None = None) -> None:
        # Nothing is dated after today: a demo run early in a year stops its events at today.
        self.today = today or timezone.localdate()
        self.rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
        self.scale = scale
        self.cw = users[Role.CASEWORKER]
        self.dis = users[Role.IMMIGRATION_OFFICER]
        self.return_officer = users[Role.RETURN_OFFICER]
        self.counts = DemoCounts()
        # Identified persons and prepared returns per decision year: a third of each year returns.
        self._identified_in: dict[int, int] = {}
        self._returns_in: dict[int, int] = {}
        self.earlier: list[tuple[Person, str, str]] = []  # (person, given, family) for repeat victims

    def _date(self, year: int) -> date:
        """A day of `year` for an inquiry, leaving the later steps room to happen before today."""
        start = date(year, 1, 1)
        last = min(start + timedelta(days=299), self.today - timedelta(days=60))
        return start + timedelta(days=self.rng.randrange(0, max(1, (last - start).days + 1)))

    def _new_person(self, year: int) -> tuple[Person, str, str]:
        rng = self.rng
        nationality = _pick(rng, NATIONALITIES)
        gender = rng.choices(["female", "male", "trans", "unknown"], weights=[64, 33, 2, 1])[0]
        given, family = synthetic.synthetic_name(rng, nationality, "male" if gender == "male" else "female")
        age = max(14, int(rng.gauss(30, 8)))
        birth = date(year - age, rng.randint(1, 12), rng.randint(1, 28))
        person = people.person_create(
            actor=self.cw,
            identity=people.Identity(given_name=given, family_name=family, phones=[synthetic.synthetic_phone(rng)]),
            gender=gender,
            birth_date=birth if rng.random() < 0.8 else None,
            birth_year=None if rng.random() < 0.8 else birth.year,
            nationalities=[nationality] + (["ZZ"] if rng.random() < 0.02 else []),
            residence_status=rng.choices(["unlawful", "asylum_seeker", "lawful", "unknown"], [50, 20, 28, 2])[0],
        )
        self.counts.persons += 1
        return person, given, family

    def _person_for_case(self, year: int, received: date) -> Person:
        """Mostly new persons; some repeat victims registered again under a variant name, then
        recognised and merged by a caseworker as the duplicate detection suggests. A repeat victim
        comes back after the earlier passage ended (all their cases closed before `received`)."""
        if self.earlier and self.rng.random() < 0.04:
            original, given, family = self.rng.choice(self.earlier)
            still_open = Case.objects.filter(person=original).filter(
                Q(closed_on__isnull=True) | Q(closed_on__gte=received)
            )
            if Person.objects.filter(pk=original.pk).exists() and not still_open.exists():
                variant_given, variant_family = synthetic.name_variant(self.rng, given, family)
                again = people.person_create(
                    actor=self.cw,
                    identity=people.Identity(given_name=variant_given, family_name=variant_family),
                    gender=original.gender,
                    birth_year=original.birth_year,
                    nationalities=original.nationalities,
                    residence_status=original.residence_status,
                )
                self.counts.repeat_registrations += 1
                return people.person_merge(actor=self.cw, keep=original, duplicate=again)
        person, given, family = self._new_person(year)
        self.earlier.append((person, given, family))
        return person

    def year(self, year: int, progress: Callable[..., Any]) -> None:
        rng = self.rng
        n_inquiries = round(500 * self.scale)
        for _ in range(n_inquiries):
            received = self._date(year)
            sender = _pick(rng, SENDERS)
            sender_org = rng.choice(POLICE_DISTRICTS[:12]) if sender == ActorType.POLICE else ""
            sender_org = rng.choice(NGOS) if sender == ActorType.NGO else sender_org
            self.counts.inquiries += 1
            if rng.random() < 0.3:  # advice calls and inquiries about unknown persons
                services.inquiry_register(
                    actor=self.cw,
                    received_on=received,
                    channel=_channel(rng),
                    sender_type=sender,
                    sender_org=sender_org,
                )
            else:
                self._case(year, received, sender, sender_org)
            progress()
        demo_returns_for_year(self, year)
        demo_tasks(self, year)
        self.counts.inquiries += demo_referrals(year=year, today=self.today)
        self.counts.inquiries += demo_inquiry_queue(year=year, today=self.today, caseworker=self.cw)
        demo_tracks(self, year)
        self.counts.inquiries += demo_children(self, year)

    def _case(self, year: int, received: date, sender: str, sender_org: str) -> None:
        rng = self.rng
        person = self._person_for_case(year, received)
        inquiry = services.inquiry_register(
            actor=self.cw, received_on=received, channel=_channel(rng), sender_type=sender, sender_org=sender_org,
            persons=[person],
        )  # fmt: skip
        case = services.case_open(actor=self.cw, person=person, opened_on=received, inquiry=inquiry)
        if person.residence_status != "lawful":
            services.case_put_to_dis(actor=self.cw, case=case, on=received)
        interview = received + timedelta(days=rng.randint(1, 20))
        if interview > self.today:
            return  # still waiting for the first interview today
        if rng.random() < 0.05:  # contact lost before the first interview
            self._close(case, received + timedelta(days=rng.randint(20, 45)), YearEndStatus.DECLINED_OR_ABSENT)
            return
        identified_bias = rng.random() < 0.3
        indicators = {
            str(code): ("yes" if rng.random() < (0.6 if identified_bias else 0.03) else "no") for code in Indicator
        }
        assessment = services.assessment_record(
            actor=self.cw, case=case, interview_on=interview, inquiry=inquiry, referrer_type=sender,
            referrer_org=sender_org, indicators=indicators, interpreter_language="",
            recommendation=Recommendation.IDENTIFY if identified_bias else Recommendation.NOT_IDENTIFY,
        )  # fmt: skip
        self.counts.assessments += 1
        if not any(v == "yes" for v in indicators.values()):
            services.assessment_complete(
                actor=self.cw, assessment=assessment, outcome=AssessmentOutcome.CLOSED_NO_INDICATORS
            )
            return
        services.assessment_complete(actor=self.cw, assessment=assessment, outcome=AssessmentOutcome.PUT_TO_DECISION)
        self._decide(case, interview, identified_bias)

    def _decide(self, case: Case, interview: date, likely: bool) -> None:
        rng = self.rng
        decided = interview + timedelta(days=rng.randint(3, 40))
        if decided > self.today:
            return  # still awaiting the decision today
        competent = services.competent_authority(case.person.residence_status) or "cmm"
        actor = self.dis if competent == "dis" else self.cw
        primary = _pick(rng, EXPLOITATION)
        sector = rng.choice(list(Sector.values)) if primary == Exploitation.FORCED_LABOUR else ""
        crime = (
            rng.choice(["theft", "drugs", "cannabis_cultivation", "fraud", "begging", ""])
            if primary == "criminal"
            else ""
        )
        identified = rng.random() < (0.85 if likely else 0.2)
        services.decision_record(
            actor=actor, case=case, authority=competent, decided_on=decided, identified=identified,
            contact_actor_type=next((i.sender_type for i in case.inquiries.all()), ""),
            primary_exploitation=primary if identified else "", sector=sector, crime_type=crime,
            exploitation_place=rng.choice(["denmark", "denmark", "both", "abroad"]),
            secondary_exploitation=[Exploitation.CRIMINAL] if identified and rng.random() < 0.05 else [],
        )  # fmt: skip
        if not identified:
            case.refresh_from_db()
            self._close(case, decided + timedelta(days=rng.randint(14, 60)), YearEndStatus.OTHER)
            return
        self.counts.identified += 1
        case.refresh_from_db()
        self._support(case, decided)

    def _support(self, case: Case, decided: date) -> None:
        rng = self.rng
        granted_by = "dis" if case.put_to_dis_on else "cmm"
        actor = self.dis if granted_by == "dis" else self.cw
        period = services.reflection_grant(actor=actor, case=case, granted_by=granted_by, starts_on=decided)
        if rng.random() < 0.4:
            services.reflection_extend(
                actor=actor, period=period, until=decided + timedelta(days=rng.choice([60, 90, 120])),
                reason=rng.choice(["prepared_return", "testimony", "treatment"]),
            )  # fmt: skip
        for purpose in (ConsentPurpose.REFERRAL, ConsentPurpose.DISCLOSURE, ConsentPurpose.POLICE_REPORT):
            answer = ConsentAnswer.GIVEN if rng.random() < 0.8 else ConsentAnswer.REFUSED
            people.consent_record(
                actor=self.cw, person=case.person, purpose=purpose, answer=answer, answered_on=decided
            )
        if people.consent_in_force(case.person, ConsentPurpose.REFERRAL) == ConsentAnswer.GIVEN:
            services.stay_add(actor=self.cw, case=case, type="reden_crisis_centre", from_on=decided)
        services.offer_add(
            actor=self.cw, case=case, kind=rng.choice(["legal_aid", "health", "psychologist"]), given_on=decided
        )
        case_file_demo(actor=self.cw, case=case, on=decided)
        if rng.random() < 0.25:
            filed_by = "person_assisted" if rng.random() < 0.5 else "cmm"
            consented = people.consent_in_force(case.person, ConsentPurpose.POLICE_REPORT) == ConsentAnswer.GIVEN
            services.police_report_file(
                actor=self.cw, case=case, filed_on=min(self.today, decided + timedelta(days=rng.randint(0, 60))),
                filed_by=filed_by, anonymous=filed_by == "cmm" or not consented,
                legal_basis=rng.choice(["262a", "262a", "262b"]), police_district=rng.choice(POLICE_DISTRICTS[:12]),
            )  # fmt: skip
            self.counts.police_reports += 1
        demo_rights(self, case, decided)
        self._maybe_return(case, decided)

    def _close(self, case: Case, on: date, exit: str) -> None:
        """Close the case with its exit, unless that day is still to come (the case stays open)."""
        if on <= self.today:
            services.case_close(actor=self.cw, case=case, on=on, exit=exit)
            self.counts.exits[exit] = self.counts.exits.get(exit, 0) + 1

    def _maybe_return(self, case: Case, decided: date) -> None:
        """How the passage of an identified person ends (EXITS): a prepared return for about a
        third, the other exits as CMM's year-end statuses have them; the case is closed with it."""
        rng = self.rng
        year = decided.year
        self._identified_in[year] = self._identified_in.get(year, 0) + 1
        if self._returns_in.get(year, 0) * 3 < self._identified_in[year]:
            self._returns_in[year] = self._returns_in.get(year, 0) + 1
            self._return(case, decided)
            return
        exit = _pick(rng, OTHER_EXITS)
        case.refresh_from_db()
        self._close(case, decided + timedelta(days=rng.randint(30, 200)), exit)

    def _return(self, case: Case, decided: date) -> None:
        """A prepared return: consent to disclosure, the plan (recorded with "no rate on file" where
        none is), its approval and the departure, which closes the case."""
        rng = self.rng
        applied = decided + timedelta(days=rng.randint(10, 60))
        if applied + timedelta(days=7) > self.today:
            return  # the plan is still being prepared today
        case.refresh_from_db()
        # Consent, the plan with its content, approval, departure (which closes the case as a
        # prepared return, services.return_plan_depart) and the follow-ups after it.
        if demo_plan(self, case, applied):
            self.counts.exits[YearEndStatus.PREPARED_RETURN] = (
                self.counts.exits.get(YearEndStatus.PREPARED_RETURN, 0) + 1
            )


def _channel(rng: random.Random) -> str:
    return rng.choices(["hotline", "email", "other"], weights=[55, 35, 10])[0]
