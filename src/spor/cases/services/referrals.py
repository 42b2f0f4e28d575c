"""Partner referrals: a police district, an NGO or an authority refers a person (docs/definitions.md#referrals).

A referral is an inquiry with the referring organisation as `referred_by` and a `Referral` row
with what the referrer knows. Without the person's consent it is an anonymous notification:
only coded, statistical fields are kept; names, contact details, whereabouts and the free text
are never stored, not even encrypted (docs/definitions.md#anonymous-notifications).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from spor import nationalities as nat
from spor.audit import services as audit
from spor.cases.models import (
    AgeBand,
    Inquiry,
    Referral,
    ReferralConsent,
    ReferralPlace,
    ReferralToken,
    ReferralUrgency,
    YesNoUnknown,
    new_id,
)
from spor.cases.services.inquiries import _validate_inquiry as validate_inquiry
from spor.common.actor import Actor, service
from spor.common.errors import IdempotencyMismatch
from spor.organisations.permissions import require
from spor.people import crypto, names
from spor.vocabulary import (
    ActorType,
    Channel,
    Exploitation,
    Gender,
    Indicator,
    check_code,
    check_not_future,
    unknown_codes,
)

#: Longest name, alias, language or phone a referral keeps; longest whereabouts text.
NAME_MAX, PLACE_MAX, LIST_MAX = 200, 500, 20
#: The fields kept only with consent, encrypted in `Referral.identity_ct`.
IDENTIFYING = ("given_name", "family_name", "aliases", "birth_date", "phones", "language", "whereabouts")


@dataclass
class ReferralDetails:
    """What the referrer knows about the person and what it observed (docs/definitions.md#referrals)."""

    consent: str = ReferralConsent.NOT_ASKED
    given_name: str = ""
    family_name: str = ""
    aliases: list[str] = field(default_factory=list)
    birth_date: date | None = None
    birth_year: int | None = None
    estimated_age: int | None = None
    gender: str = Gender.UNKNOWN
    nationalities: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    language: str = ""
    whereabouts: str = ""
    place: str = ReferralPlace.UNKNOWN
    exploitation: str = ""
    indicators: list[str] = field(default_factory=list)
    child: str = YesNoUnknown.UNKNOWN
    police_informed: str = YesNoUnknown.UNKNOWN
    urgency: str = ReferralUrgency.NORMAL

    @property
    def anonymous(self) -> bool:
        """Only the person's own yes lets a referral keep who the person is."""
        return self.consent != ReferralConsent.YES

    def identity(self) -> dict[str, Any]:
        """The identifying fields, empty ones left out (stored encrypted, and only with consent)."""
        data = {name: getattr(self, name) for name in IDENTIFYING}
        data["birth_date"] = self.birth_date.isoformat() if self.birth_date else None
        return {k: v for k, v in data.items() if v not in ("", [], None)}

    def as_request(self) -> dict[str, Any]:
        """The details as asked for, for the idempotency digest (defaults left out)."""
        default = asdict(ReferralDetails())
        return {k: v for k, v in asdict(self).items() if v != default[k]}


def _validate_details(details: ReferralDetails, received_on: date) -> None:
    errors: dict[str, list[str]] = {}
    check_code(
        ReferralConsent,
        details.consent,
        field="consent",
        message=_("Vælg om personen har givet samtykke."),
        errors=errors,
    )
    check_code(Gender, details.gender, field="gender", message=_("Ukendt køn."), errors=errors)
    check_code(ReferralPlace, details.place, field="place", message=_("Ukendt opholdssted."), errors=errors)
    check_code(
        Exploitation,
        details.exploitation,
        field="exploitation",
        blank=True,
        message=_("Ukendt udnyttelsesform."),
        errors=errors,
    )
    for name in ("child", "police_informed"):
        check_code(
            YesNoUnknown, getattr(details, name), field=name, message=_("Vælg ja, nej eller ved ikke."), errors=errors
        )
    check_code(ReferralUrgency, details.urgency, field="urgency", message=_("Ukendt hastegrad."), errors=errors)
    if bad := unknown_codes(Indicator, details.indicators):
        errors["indicators"] = [_("Ukendt indikator: %(codes)s") % {"codes": ", ".join(bad)}]
    if bad := [code for code in details.nationalities if not nat.is_valid(code)]:
        errors["nationalities"] = [_("Ukendt nationalitetskode: %(codes)s") % {"codes": ", ".join(bad)}]
    _validate_person(details, received_on, errors)
    if errors:
        raise ValidationError(errors)


def _validate_person(details: ReferralDetails, received_on: date, errors: dict[str, list[str]]) -> None:
    too_long = _("Højst %(max)d tegn.")
    for name in ("given_name", "family_name", "language"):
        if len(getattr(details, name)) > NAME_MAX:
            errors[name] = [too_long % {"max": NAME_MAX}]
    if len(details.whereabouts) > PLACE_MAX:
        errors["whereabouts"] = [too_long % {"max": PLACE_MAX}]
    for name in ("aliases", "phones"):
        values = getattr(details, name)
        if len(values) > LIST_MAX or any(len(v) > NAME_MAX for v in values):
            errors[name] = [_("Højst %(count)d, hver på højst %(max)d tegn.") % {"count": LIST_MAX, "max": NAME_MAX}]
    if bad := [phone for phone in details.phones if names.normalise_phone(phone) is None]:
        errors.setdefault("phones", []).append(
            _("Telefonnummeret kan ikke læses: %(phones)s") % {"phones": ", ".join(bad)}
        )
    if details.birth_date is not None:
        check_not_future(details.birth_date, field="birth_date", errors=errors)
        if details.birth_date.year < 1900:
            errors.setdefault("birth_date", []).append(_("Fødselsdatoen er ikke mulig."))
    if details.birth_year is not None and not 1900 <= details.birth_year <= received_on.year:
        errors["birth_year"] = [_("Fødselsåret er ikke muligt.")]
    if details.estimated_age is not None and not 0 <= details.estimated_age <= 120:
        errors["estimated_age"] = [_("Alderen skal ligge mellem 0 og 120 år.")]


def age_band(details: ReferralDetails, received_on: date) -> str:
    """The age band on the day received, from the birth date, else the birth year, else the estimate."""
    if details.birth_date is not None:
        born = details.birth_date
        age: int | None = received_on.year - born.year - ((received_on.month, received_on.day) < (born.month, born.day))
    elif details.birth_year is not None:
        age = received_on.year - details.birth_year
    else:
        age = details.estimated_age
    if age is None or age < 0:
        return AgeBand.UNKNOWN
    for band, below in ((AgeBand.UNDER_18, 18), (AgeBand.FROM_18, 25), (AgeBand.FROM_25, 35), (AgeBand.FROM_35, 50)):
        if age < below:
            return band
    return AgeBand.FROM_50


def _store(inquiry: Inquiry, details: ReferralDetails) -> Referral:
    """Write the Referral row; an anonymous one keeps the coded fields only."""
    anonymous = details.anonymous
    birth_year = details.birth_date.year if details.birth_date else details.birth_year
    referral = Referral.objects.create(
        inquiry=inquiry,
        consent=details.consent,
        anonymous=anonymous,
        identity_ct="" if anonymous else crypto.encrypt_json(details.identity()),
        gender=details.gender,
        birth_year=None if anonymous else birth_year,
        estimated_age=None if anonymous else details.estimated_age,
        age_band=age_band(details, inquiry.received_on),
        nationalities=list(dict.fromkeys(details.nationalities)),
        exploitation=details.exploitation,
        place=details.place,
        indicators=sorted(set(details.indicators)),
        child=details.child,
        police_informed=details.police_informed,
        urgency=details.urgency,
    )
    if not anonymous:
        key = settings.BLIND_INDEX_KEY.encode()
        tokens = names.blind_tokens(" ".join([details.given_name, details.family_name, *details.aliases]), key)
        for phone in details.phones:
            tokens |= names.phone_tokens(phone, key)
        ReferralToken.objects.bulk_create([ReferralToken(referral=referral, token=t) for t in sorted(tokens)])
    return referral


@service
def referral_submit(
    *,
    actor: Actor,
    sender_type: str,
    summary: str = "",
    idempotency_key: str = "",
    received_on: date | None = None,
    details: ReferralDetails | None = None,
) -> tuple[Inquiry, bool]:
    """A partner (police, NGO, authority) refers a person; returns (inquiry, created).

    The same `idempotency_key` from the same organisation returns the first inquiry instead of
    making a second: a retried request or a double click never creates two (docs/architecture.md#idempotent-creation).
    The key with a different request raises IdempotencyMismatch. `received_on` may lie at most
    SPOR_REFERRAL_BACKDATE_DAYS back. Without consent (`details.consent` other than yes) the
    referral is an anonymous notification and the summary is not kept either. Audit: inquiry.referred.
    """
    require(actor, "cases.refer")
    organisation = actor.organisation
    if organisation is None:  # every referrer belongs to an organisation; a user without one refers nothing
        raise PermissionDenied
    details = details or ReferralDetails()
    digest = _request_digest(sender_type=sender_type, summary=summary, received_on=received_on, details=details)
    if idempotency_key:
        existing = Inquiry.objects.filter(referred_by=organisation, idempotency_key=idempotency_key).first()
        if existing is not None:
            return _replayed(existing, digest), False
    received_on = received_on or timezone.localdate()
    _check_backdate(received_on)
    validate_inquiry(received_on=received_on, channel=Channel.OTHER, sender_type=sender_type)
    _validate_details(details, received_on)
    try:
        with transaction.atomic():
            inquiry = Inquiry.objects.create(
                external_id=new_id("I"),
                received_on=received_on,
                channel=Channel.OTHER,
                sender_type=sender_type,
                sender_org=organisation.name,
                referred_by=organisation,
                summary_ct="" if details.anonymous else crypto.encrypt_json(summary or None),
                idempotency_key=idempotency_key,
                idempotency_digest=digest if idempotency_key else "",
                created_by=actor,
            )
            _store(inquiry, details)
            extra = {"sender_type": sender_type, "anonymous": details.anonymous, "urgency": details.urgency}
            audit.record(actor=actor, event="inquiry.referred", subject=inquiry, extra=extra)
    except IntegrityError:
        # Two concurrent submissions with one key: the unique constraint let one through.
        existing = Inquiry.objects.get(referred_by=organisation, idempotency_key=idempotency_key)
        return _replayed(existing, digest), False
    return inquiry, True


def _check_backdate(received_on: date) -> None:
    """A referral dated further back than SPOR_REFERRAL_BACKDATE_DAYS would slip into closed periods."""
    days = settings.REFERRAL_BACKDATE_DAYS
    if received_on < timezone.localdate() - timedelta(days=days):
        message = _("En henvisning kan højst dateres %(days)d dage tilbage.") % {"days": days}
        raise ValidationError({"received_on": [message]})


def _request_digest(*, sender_type: str, summary: str, received_on: date | None, details: ReferralDetails) -> str:
    """A keyed hash of the referral as asked for (the body is personal, so never a plain hash).

    A referral without structured details hashes as before they existed, so keys stored then replay.
    """
    request: list[Any] = [sender_type, summary, received_on.isoformat() if received_on else None]
    if asked := details.as_request():
        request.append(asked)
    payload = json.dumps(request, sort_keys=True, default=str)
    return salted_hmac("spor.referral.idempotency", payload, algorithm="sha256").hexdigest()


def _replayed(existing: Inquiry, digest: str) -> Inquiry:
    # Inquiries keyed before the digest was stored have none; they replay as before.
    if existing.idempotency_digest and existing.idempotency_digest != digest:
        message = _("Nøglen er allerede brugt til en anden henvisning.")
        raise IdempotencyMismatch({"idempotency_key": [message]})
    return existing


@dataclass(frozen=True)
class ScreeningEvidence:
    """What an outreach worker refers from the screening tool: only what the ads themselves show.

    ``ads`` are (site, ad id) pairs, ``phones`` the numbers in blind form (most digits hidden),
    ``reasons`` the analysis's reasons in words. No name, age or text of an ad is kept.
    """

    network_id: str
    ads: list[tuple[str, str]]
    phones: list[str]
    reasons: list[str]
    note: str = ""

    def summary(self) -> str:
        lines = [_("Fra annoncescreeningen: netværk %(id)s") % {"id": self.network_id}]
        lines.append(_("Annoncer: %(ads)s") % {"ads": ", ".join(f"{site}/{ad}" for site, ad in self.ads)})
        if self.phones:
            lines.append(_("Telefonnumre (sløret): %(phones)s") % {"phones": ", ".join(self.phones)})
        lines += [_("Begrundelse: %(reason)s") % {"reason": reason} for reason in self.reasons]
        if self.note:
            lines.append(self.note)
        return "\n".join(lines)


@service
def screening_refer(*, actor: Actor, evidence: ScreeningEvidence, idempotency_key: str) -> tuple[Inquiry, bool]:
    """An outreach worker refers a network (or one ad) found by the screening tool to the centre.

    Creates an inquiry of the channel ``screening`` from the worker's organisation, with the
    evidence as its (encrypted) summary; returns (inquiry, created). The same ``idempotency_key``
    from the same organisation returns the first inquiry (a double click refers once).
    Audit: inquiry.referred, with codes only.
    """
    require(actor, "cases.refer_screening")
    organisation = actor.organisation
    if organisation is None:
        raise PermissionDenied
    existing = Inquiry.objects.filter(referred_by=organisation, idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing, False
    sender_type = ActorType.NGO if organisation.type == "ngo" else ActorType.OTHER
    with transaction.atomic():
        inquiry = Inquiry.objects.create(
            external_id=new_id("I"),
            received_on=timezone.localdate(),
            channel=Channel.SCREENING,
            sender_type=sender_type,
            sender_org=organisation.name,
            referred_by=organisation,
            summary_ct=crypto.encrypt_json(evidence.summary()),
            idempotency_key=idempotency_key,
            created_by=actor,
        )
        extra = {"channel": Channel.SCREENING, "ads": len(evidence.ads), "network": evidence.network_id}
        audit.record(actor=actor, event="inquiry.referred", subject=inquiry, extra=extra)
    return inquiry, True
