"""A dark-figure run from the analyst's page, kept like a release (docs/estimation.md#the-analysts-page).

A run keeps who started it and when, its inputs (the capture table itself, and the year, lists and
population it was counted from, or the uploaded file's name), its settings, the result as the
JSON of `spor estimate --json` with the warnings as keys (so they can be shown in either
language), and the report (HTML and PDF). A capture table holds counts of histories only, never a
person: nothing here is personal data.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from spor.common.models import Coded


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("I kø")
    RUNNING = "running", _("Kører")
    DONE = "done", _("Færdig")
    FAILED = "failed", _("Fejlet")


class EstimateRun(Coded):
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    stage = models.CharField(max_length=32, blank=True)  # what it is doing now (a key, shown translated)
    inputs = models.JSONField()  # {"kind": "registry"|"upload", "table": CSV, year, lists, population | filename}
    settings = models.JSONField()  # {"method", "resamples", "sensitivity_resamples", "seed"}
    result = models.JSONField(null=True, blank=True)
    notes = models.JSONField(default=list, blank=True)  # the warnings as [{"key", "params"}]
    error = models.TextField(blank=True)
    report_html = models.TextField(blank=True)
    report_pdf = models.BinaryField(blank=True, default=b"")
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"estimate run {self.code}"
