"""Writes for persons: create, update with version check, merge duplicates, consent, erasure
(docs/architecture.md#personal-data). Key rotation over every app is an operator task:
`spor.operations.keys`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from spor import nationalities as nat
from spor.audit import services as audit
from spor.common.actor import Actor, service
from spor.common.update import model_update
from spor.common.versioning import check_version
from spor.organisations.permissions import require
from spor.people import crypto, names
from spor.people.models import Consent, ConsentAnswer, ConsentPurpose, DuplicateLink, Person, PersonToken
from spor.people.purge import person_erase_data
from spor.people.reindex import person_tokens
from spor.vocabulary import Gender, ResidenceStatus, check_code


@dataclass
class Identity:
    """The identifying part of a person, only ever stored encrypted."""

    given_name: str = ""
    family_name: str = ""
    aliases: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    notes: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v not in ("", [], None)}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Identity:
        return cls(**(data or {}))

    def name_text(self) -> str:
        return " ".join([self.given_name, self.family_name, *self.aliases])


def _key() -> bytes:
    return settings.BLIND_INDEX_KEY.encode()


def _validate(
    *,
    gender: str,
    nationalities: list[str],
    residence_status: str,
    birth_year: int | None,
    estimated_age: int | None = None,
    age_estimated_on: date | None = None,
) -> None:
    errors: dict[str, list[str]] = {}
    _validate_estimate(estimated_age, age_estimated_on, errors)
    check_code(Gender, gender, field="gender", message=_("Ukendt køn."), errors=errors)
    bad = [code for code in nationalities if not nat.is_valid(code)]
    if bad:
        errors["nationalities"] = [_("Ukendt nationalitetskode: %(codes)s") % {"codes": ", ".join(bad)}]
    check_code(
        ResidenceStatus, residence_status, field="residence_status", message=_("Ukendt opholdsgrundlag."), errors=errors
    )
    if birth_year is not None and not (1900 <= birth_year <= timezone.localdate().year):
        errors["birth_year"] = [_("Fødselsåret er ikke muligt.")]
    if errors:
        raise ValidationError(errors)


def _validate_estimate(age: int | None, on: date | None, errors: dict[str, list[str]]) -> None:
    """An estimated age is 0-120 and comes with the day it was estimated, not in the future."""
    if age is not None and not 0 <= age <= 120:
        errors["estimated_age"] = [_("Alderen skal ligge mellem 0 og 120 år.")]
    if (age is None) != (on is None):
        errors["age_estimated_on"] = [_("En anslået alder skal have datoen for skønnet.")]
    elif on is not None and on > timezone.localdate():
        errors["age_estimated_on"] = [_("Datoen ligger i fremtiden.")]


_CONTROL = {chr(c) for c in range(32)} - {"\n", "\t"} | {"\x7f"}
IDENTITY_LIMITS = {"given_name": 100, "family_name": 100, "aliases": 200, "phones": 40, "emails": 254, "documents": 100}


def _validate_identity(identity: Identity) -> None:
    """Names and numbers within limits and without control characters; phones must be numbers."""
    errors: dict[str, list[str]] = {}
    for name, limit in IDENTITY_LIMITS.items():
        value = getattr(identity, name)
        values = value if isinstance(value, list) else [value]
        if len(values) > 20:
            errors[name] = [_("Højst 20 værdier.")]
        elif any(len(v) > limit for v in values):
            errors[name] = [_("Højst %(n)d tegn.") % {"n": limit}]
        elif any(set(v) & _CONTROL for v in values):
            errors[name] = [_("Indeholder tegn, der ikke kan bruges.")]
    bad = [phone for phone in identity.phones if names.normalise_phone(phone) is None]
    if bad and "phones" not in errors:
        errors["phones"] = [_("Ikke et gyldigt telefonnummer: %(numbers)s") % {"numbers": ", ".join(bad)}]
    if errors:
        raise ValidationError(errors)


def _write_tokens(person: Person, identity: Identity) -> None:
    PersonToken.objects.filter(person=person).delete()
    tokens = person_tokens(identity.as_dict(), _key())
    PersonToken.objects.bulk_create([PersonToken(person=person, token=t) for t in sorted(tokens)])


@service
def person_create(
    *,
    actor: Actor,
    identity: Identity,
    gender: str = Gender.UNKNOWN,
    birth_date: date | None = None,
    birth_year: int | None = None,
    nationalities: list[str] | None = None,
    residence_status: str = ResidenceStatus.UNKNOWN,
    key: str | None = None,
    estimated_age: int | None = None,
    age_estimated_on: date | None = None,
) -> Person:
    """Register a person. Centre staff only. Audit: person.created (codes only)."""
    require(actor, "cases.register_inquiry")
    return person_insert(
        actor=actor,
        identity=identity,
        gender=gender,
        birth_date=birth_date,
        birth_year=birth_year,
        nationalities=nationalities,
        residence_status=residence_status,
        key=key,
        estimated_age=estimated_age,
        age_estimated_on=age_estimated_on,
    )


def person_insert(
    *,
    actor: Actor,
    identity: Identity,
    gender: str = Gender.UNKNOWN,
    birth_date: date | None = None,
    birth_year: int | None = None,
    nationalities: list[str] | None = None,
    residence_status: str = ResidenceStatus.UNKNOWN,
    key: str | None = None,
    estimated_age: int | None = None,
    age_estimated_on: date | None = None,
) -> Person:
    """Validate and write a person, for a service that has checked its own authority first (the
    Immigration Service's own case, `spor.cases.services.tracks.dis_case_open`). Audit: person.created."""
    nationalities = nationalities or []
    if birth_date is not None:
        birth_year = birth_date.year
    if estimated_age is not None and age_estimated_on is None:
        age_estimated_on = timezone.localdate()
    _validate(
        gender=gender,
        nationalities=nationalities,
        residence_status=residence_status,
        birth_year=birth_year,
        estimated_age=estimated_age,
        age_estimated_on=age_estimated_on,
    )
    person = Person(
        gender=gender,
        birth_year=birth_year,
        estimated_age=estimated_age,
        age_estimated_on=age_estimated_on,
        nationalities=nationalities,
        residence_status=residence_status,
        identity_ct=crypto.encrypt_json(identity.as_dict()),
        birth_date_ct=crypto.encrypt_json(birth_date.isoformat() if birth_date else None),
        birth_date_token=names.birth_date_token(birth_date, _key()),
        created_by=actor,
    )
    if key:
        person.key = key
    _validate_identity(identity)
    person.save()
    _write_tokens(person, identity)
    audit.record(actor=actor, event="person.created", subject=person)
    return person


PERSON_FIELDS = ["gender", "birth_year", "nationalities", "residence_status", "estimated_age", "age_estimated_on"]


@service
def person_update(
    *,
    actor: Actor,
    person: Person,
    version: int,
    identity: Identity | None = None,
    birth_date: date | None = None,
    **fields: Any,
) -> Person:
    """Change a person's record; refused with Conflict if someone saved since `version` was read.

    Centre staff only. Audit: person.updated with the names of the fields whose values changed
    (identity parts by name: given_name, aliases, phones...; never a value), the change history of
    the person page (docs/web.md#identity-correction).
    """
    require(actor, "people.change_identity", person)
    person = Person.objects.select_for_update().get(pk=person.pk)
    check_version(person, version, PERSON_FIELDS)
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise ValidationError({name: [_("Feltet kan ikke ændres her.")] for name in sorted(unknown)})
    data = dict(fields)
    if data.get("estimated_age") is not None and "age_estimated_on" not in data:
        data["age_estimated_on"] = timezone.localdate()  # an estimate is made today unless dated
    if birth_date is not None:
        data["birth_year"] = birth_date.year
        data["birth_date_ct"] = crypto.encrypt_json(birth_date.isoformat())
        data["birth_date_token"] = names.birth_date_token(birth_date, _key())
    _validate(
        gender=data.get("gender", person.gender),
        nationalities=data.get("nationalities", person.nationalities),
        residence_status=data.get("residence_status", person.residence_status),
        birth_year=data.get("birth_year", person.birth_year),
        estimated_age=data.get("estimated_age", person.estimated_age),
        age_estimated_on=data.get("age_estimated_on", person.age_estimated_on),
    )
    changed = {name for name, value in fields.items() if getattr(person, name) != value}
    if birth_date is not None and crypto.decrypt_json(person.birth_date_ct) != birth_date.isoformat():
        changed.add("birth_date")
    if identity is not None:
        _validate_identity(identity)
        before = Identity.from_dict(crypto.decrypt_json(person.identity_ct, {})).as_dict()
        after = identity.as_dict()
        changed |= {name for name in set(before) | set(after) if before.get(name) != after.get(name)}
        data["identity_ct"] = crypto.encrypt_json(after)
        _write_tokens(person, identity)
    model_update(instance=person, fields=list(data), data=data)
    audit.record(actor=actor, event="person.updated", subject=person, extra={"fields": sorted(changed)})
    return person


@service
def person_merge(*, actor: Actor, keep: Person, duplicate: Person) -> Person:
    """Confirm that `duplicate` is the same person as `keep`: one person, several passages.

    Moves cases, inquiries, consents, statuses and children to `keep`, joins the nationalities and
    blind-index tokens, and deletes the duplicate's record. Managers and caseworkers of the centre.
    Audit: person.merged (both keys).
    """
    require(actor, "people.change_identity", keep)
    require(actor, "people.change_identity", duplicate)
    if keep.pk == duplicate.pk:
        raise ValidationError({"duplicate": [_("En person kan ikke slås sammen med sig selv.")]})
    duplicate.cases.update(person=keep)
    for inquiry in duplicate.inquiries.all():
        inquiry.persons.remove(duplicate)
        inquiry.persons.add(keep)
    duplicate.consents.update(person=keep)
    duplicate.statuses.update(person=keep)
    duplicate.children.update(person=keep)
    joined = {
        "nationalities": keep.nationalities + [c for c in duplicate.nationalities if c not in keep.nationalities],
        "gender": duplicate.gender if keep.gender == Gender.UNKNOWN else keep.gender,
        "birth_year": keep.birth_year or duplicate.birth_year,
    }
    existing = set(keep.tokens.values_list("token", flat=True))
    PersonToken.objects.bulk_create(
        [PersonToken(person=keep, token=t.token) for t in duplicate.tokens.all() if t.token not in existing]
    )
    DuplicateLink.objects.create(person=keep, other_key=duplicate.key, same=True, decided_by=actor)
    model_update(instance=keep, fields=list(joined), data=joined)
    audit.record(actor=actor, event="person.merged", subject=keep, extra={"merged": duplicate.key})
    duplicate.delete()
    return keep


@service
def consent_record(
    *, actor: Actor, person: Person, purpose: str, answer: str, answered_on: date, language: str = ""
) -> Consent:
    """Record the person's answer for one purpose. Centre staff. Audit: consent.recorded."""
    require(actor, "people.change_identity", person)
    errors: dict[str, list[str]] = {}
    check_code(ConsentPurpose, purpose, field="purpose", message=_("Ukendt formål."), errors=errors)
    check_code(ConsentAnswer, answer, field="answer", message=_("Ukendt svar."), errors=errors)
    if errors:
        raise ValidationError(errors)
    consent = Consent.objects.create(
        person=person, purpose=purpose, answer=answer, answered_on=answered_on, language=language, recorded_by=actor
    )
    audit.record(actor=actor, event="consent.recorded", subject=person, extra={"purpose": purpose, "answer": answer})
    return consent


def consent_in_force(person: Person, purpose: str) -> str | None:
    """The latest answer for `purpose`, or None when the person was never asked (unknown)."""
    latest = person.consents.filter(purpose=purpose).order_by("-answered_on", "-id").first()
    return latest.answer if latest else None


def consent_require(*, actor: Actor, person: Person, purpose: str, override_reason: str = "") -> None:
    """Refuse a disclosure without consent in force, unless a manager records an override.

    Unknown (never asked) and refused/withdrawn are both refusals here, with different messages.
    Audit: consent.overridden when a manager overrides.
    """
    answer = consent_in_force(person, purpose)
    if answer == ConsentAnswer.GIVEN:
        return
    if override_reason:
        require(actor, "cases.manage")
        audit.record(actor=actor, event="consent.overridden", subject=person, extra={"purpose": purpose})
        return
    message = (
        _("Personens samtykke til dette formål er ikke registreret.")
        if answer is None
        else _("Personen har ikke givet samtykke til dette formål.")
    )
    raise ValidationError({"consent": [message]})


@service
def person_erase(*, actor: Actor, person: Person) -> Person:
    """Erase the identifying data of a person; the pseudonymous statistical record stays (docs/architecture.md#erasure).

    Every encrypted field of the person and of their cases, inquiries and other records, history
    rows included, is emptied (`spor.people.purge.person_erase_data`). Managers only. Audit: person.erased.
    """
    require(actor, "cases.manage")
    person_erase_data(person)
    audit.record(actor=actor, event="person.erased", subject=person)
    return person


@service
def child_add(*, actor: Actor, person: Person, birth_year: int | None) -> Any:
    """Record a child of the person (count and ages only, no names; docs/definitions.md#support).

    Centre staff. Children matter for the reintegration budget (per-child rate) and the children's
    special measures. Audit: person.child_added.
    """
    from spor.people.models import Child

    require(actor, "people.change_identity", person)
    if birth_year is not None and not (1900 <= birth_year <= timezone.localdate().year):
        raise ValidationError({"birth_year": [_("Fødselsåret er ikke muligt.")]})
    child = Child.objects.create(person=person, birth_year=birth_year)
    audit.record(actor=actor, event="person.child_added", subject=person, extra={"child": str(child.code)})
    return child


@service
def child_remove(*, actor: Actor, child: Any) -> None:
    """Remove a child recorded by mistake. Centre staff.

    Refused while a return plan names the child as travelling: the plan's budget counted it
    (docs/definitions.md#reintegration-content). Audit: person.child_removed.
    """
    require(actor, "people.change_identity", child.person)
    if child.return_plans.exists():
        raise ValidationError({"child": [_("Barnet rejser med en hjemrejseplan og kan ikke fjernes.")]})
    person = child.person
    code = str(child.code)
    child.delete()
    audit.record(actor=actor, event="person.child_removed", subject=person, extra={"child": code})
