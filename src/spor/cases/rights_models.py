"""The victim's rights on a case (docs/definitions.md#victims-rights).

Why no police report was filed, how a report went, the temporary residence permit of
udlændingelovens § 9 c, stk. 4, non-punishment (a criminal matter against the person for what
they were made to do, with its detentions) and compensation claims. Imported by
`spor.cases.models`; written only by `spor.cases.services.rights`. Free text is encrypted like the
rest of the case (`*_ct`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from spor.common.actor import history_user
from spor.common.crypto import encrypted_text
from spor.common.models import Coded
from spor.vocabulary import (
    CompensationRoute,
    CrimeType,
    NonPunishmentOutcome,
    NoReportReason,
    PoliceReportOutcome,
)

USER = settings.AUTH_USER_MODEL


class NoPoliceReport(Coded):
    """Why no report was filed on the case, as of a day; the latest is in force until a report is filed."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="no_report_reasons")
    reason = models.CharField(_("begrundelse"), max_length=24, choices=NoReportReason.choices)
    recorded_on = models.DateField(_("registreret"))
    note_ct = models.TextField(blank=True, default="")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    history = HistoricalRecords(get_user=history_user)

    note = encrypted_text("note_ct")

    class Meta:
        ordering = ["recorded_on", "id"]


class ReportOutcome(Coded):
    """One step of a report's course (charge, indictment, conviction, dropped); the latest is the outcome."""

    report = models.ForeignKey("cases.PoliceReport", on_delete=models.CASCADE, related_name="outcomes")
    outcome = models.CharField(_("udfald"), max_length=16, choices=PoliceReportOutcome.choices)
    on = models.DateField(_("dato"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["on", "id"]


class ResidencePermit(Coded):
    """A temporary residence permit under udlændingelovens § 9 c, stk. 4: the person's presence is
    required by the investigation or the trial; it lasts no longer than they do."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="residence_permits")
    applied_on = models.DateField(_("ansøgt"))
    decided_on = models.DateField(_("afgjort"), null=True, blank=True)
    granted = models.BooleanField(_("meddelt"), null=True, blank=True)
    valid_from = models.DateField(_("gyldig fra"), null=True, blank=True)
    valid_to = models.DateField(_("gyldig til og med"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        ordering = ["applied_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="residence_permit_valid_order",
            )
        ]


class NonPunishment(Coded):
    """The person was charged or detained for a crime committed as a consequence of being trafficked."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="non_punishments")
    crime_type = models.CharField(_("forhold"), max_length=24, choices=CrimeType.choices, blank=True)
    charged_on = models.DateField(_("sigtet"), null=True, blank=True)
    outcome = models.CharField(_("udfald"), max_length=24, choices=NonPunishmentOutcome.choices, blank=True)
    outcome_on = models.DateField(_("udfald den"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        ordering = ["created_at", "id"]

    @property
    def detained_days(self) -> int:
        """Days in detention, both ends counted; a detention still running is not counted yet."""
        return sum((d.to_on - d.from_on).days + 1 for d in self.detentions.all() if d.to_on)


class Detention(Coded):
    """A period of detention (frihedsberøvelse) in a non-punishment matter; `to_on` empty while it lasts."""

    matter = models.ForeignKey(NonPunishment, on_delete=models.CASCADE, related_name="detentions")
    from_on = models.DateField(_("fra"))
    to_on = models.DateField(_("til og med"), null=True, blank=True)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        ordering = ["from_on", "id"]


class CompensationClaim(Coded):
    """A claim for compensation, with the amount claimed and, once decided, awarded (DKK)."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="compensation_claims")
    route = models.CharField(_("hvor"), max_length=24, choices=CompensationRoute.choices)
    claimed_on = models.DateField(_("rejst"))
    claimed_dkk = models.PositiveIntegerField(_("krævet (kr.)"))
    decided_on = models.DateField(_("afgjort"), null=True, blank=True)
    awarded_dkk = models.PositiveIntegerField(_("tilkendt (kr.)"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        ordering = ["claimed_on", "id"]
