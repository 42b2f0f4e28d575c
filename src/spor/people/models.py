"""Persons: the pseudonymous statistical record and the encrypted identity (docs/architecture.md#personal-data).

A Person row is what statistics may see: the pseudonymous `key` (the interchange `person_id`),
gender, birth year, nationalities and residence status. Everything identifying (names, aliases,
birth date, contact details, document numbers, notes) lives encrypted in `identity_ct` and
`birth_date_ct`; name and phone search go through `PersonToken`, a blind index of keyed hashes.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from spor.common.actor import history_user
from spor.common.models import Coded
from spor.vocabulary import Gender, ResidenceStatus


def new_person_key() -> str:
    """A pseudonymous id of the same kind as imported ones: opaque, never derived from identity."""
    return "P-" + secrets.token_hex(5).upper()


class Person(Coded):
    key = models.CharField(_("person-id"), max_length=64, unique=True, default=new_person_key)
    gender = models.CharField(_("køn"), max_length=16, choices=Gender.choices, default=Gender.UNKNOWN)
    birth_year = models.PositiveSmallIntegerField(_("fødselsår"), null=True, blank=True)
    # An estimated age and the day of the estimate, for a person without a known birth date or year
    # (docs/definitions.md#children); as coarse as the birth year, so plain like it.
    estimated_age = models.PositiveSmallIntegerField(_("anslået alder"), null=True, blank=True)
    age_estimated_on = models.DateField(_("alder anslået den"), null=True, blank=True)
    nationalities = models.JSONField(_("nationaliteter"), default=list, blank=True)  # first = primary
    residence_status = models.CharField(
        _("opholdsgrundlag"), max_length=16, choices=ResidenceStatus.choices, default=ResidenceStatus.UNKNOWN
    )
    identity_ct = models.TextField(blank=True, default="")
    birth_date_ct = models.TextField(blank=True, default="")
    # A keyed hash of the birth date (names.birth_date_token), so the duplicate check compares dates
    # in SQL without decrypting (docs/architecture.md#blind-index); "" when no date is known.
    birth_date_token = models.CharField(max_length=34, blank=True, default="", db_index=True)
    version = models.PositiveIntegerField(default=1)
    erased_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    history = HistoricalRecords(
        excluded_fields=["identity_ct", "birth_date_ct", "birth_date_token"], get_user=history_user
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")

    def __str__(self) -> str:
        return self.key

    @property
    def primary_nationality(self) -> str:
        return self.nationalities[0] if self.nationalities else "ZZ"


class PersonToken(models.Model):
    """One keyed hash of a name or phone token of a person (the blind index)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="tokens")
    token = models.CharField(max_length=40, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "token"], name="person_token_unique")]


class DuplicateLink(models.Model):
    """A caseworker's answer to a suggested duplicate: the same person (merged) or not."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    other_key = models.CharField(max_length=64)
    same = models.BooleanField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)


class Child(models.Model):
    """A child of the person (count and ages; docs/definitions.md#support); no names.

    Recorded from the person page and the API (`child_add`, `child_remove`); a return plan names
    the children who travel with the person, and its in-kind budget counts them.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="children")
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    # The public name of the record (a return plan names the children who travel by it; docs/api.md).
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)


class ConsentPurpose(models.TextChoices):
    REFERRAL = "referral", _("henvisning til tilbud")
    DISCLOSURE = "disclosure", _("videregivelse til andre organisationer")
    POLICE_REPORT = "police_report", _("politianmeldelse i eget navn")
    RESEARCH = "research", _("deling til forskning og mørketalsestimation")


class ConsentAnswer(models.TextChoices):
    GIVEN = "given", _("givet")
    REFUSED = "refused", _("afslået")
    WITHDRAWN = "withdrawn", _("trukket tilbage")


class Consent(models.Model):
    """One answer of the person about one purpose; the latest per purpose is in force.

    No row for a purpose means "unknown", which is not a "no" (docs/definitions.md#support): services that need
    consent treat unknown as missing and say so.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=32, choices=ConsentPurpose.choices)
    answer = models.CharField(max_length=16, choices=ConsentAnswer.choices)
    answered_on = models.DateField()
    language = models.CharField(max_length=16, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["answered_on", "id"]
