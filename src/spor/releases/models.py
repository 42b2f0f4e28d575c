"""The yearly statistics as releases: draft -> review -> published (docs/statistics.md#releases).

A release holds what it was made from and what it made: the digest of the pseudonymous extract,
the narrative overrides, the revision note, report.json and each generated file with its
SHA-256. Nothing in it is personal (the extract is pseudonymous and the files are the public
publication), so the files are kept in the database beside their checksums: a release is one
row set, frozen in one transaction. Once frozen (state review or published) nothing of it
changes (`spor.releases.services` refuses, and `ReleaseFile.save` refuses too); a correction is a
new revision of the same year.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from spor.common.models import Coded

USER = settings.AUTH_USER_MODEL


class ReleaseState(models.TextChoices):
    DRAFT = "draft", _("kladde")
    REVIEW = "review", _("til godkendelse")
    PUBLISHED = "published", _("udgivet")


class JobState(models.TextChoices):
    IDLE = "", _("ikke dannet")
    RUNNING = "running", _("dannes")
    DONE = "done", _("dannet")
    FAILED = "failed", _("fejlet")


class Release(Coded):
    year = models.PositiveSmallIntegerField()
    revision = models.PositiveSmallIntegerField(default=1)
    state = models.CharField(max_length=16, choices=ReleaseState.choices, default=ReleaseState.DRAFT)
    #: Printed in the publication of a revised release (revision > 1).
    revision_note = models.TextField(blank=True, default="")
    #: sentence key -> text: the analyst's wording of single sentences of the narrative.
    overrides = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    # The generation of the files (a background job; the page polls its progress).
    job_state = models.CharField(max_length=16, choices=JobState.choices, default=JobState.IDLE, blank=True)
    job_step = models.CharField(max_length=32, blank=True, default="")
    job_done = models.PositiveSmallIntegerField(default=0)
    job_total = models.PositiveSmallIntegerField(default=0)
    job_error = models.TextField(blank=True, default="")
    generated_at = models.DateTimeField(null=True, blank=True)
    #: SHA-256 over the pseudonymous extract the files were made from.
    digest = models.CharField(max_length=64, blank=True, default="")
    report = models.JSONField(null=True, blank=True)
    frozen_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    frozen_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["year", "revision"]
        constraints = [models.UniqueConstraint(fields=["year", "revision"], name="release_year_revision")]

    def __str__(self) -> str:
        return f"{self.year} rev. {self.revision}"

    @property
    def frozen(self) -> bool:
        return self.frozen_at is not None


class ReleaseFile(models.Model):
    release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="files")
    #: The path inside the release ("report.pdf", "csv/identified.csv", "open_data/README.md").
    name = models.CharField(max_length=200)
    content = models.BinaryField()
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["release", "name"], name="release_file_name")]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and Release.objects.filter(pk=self.release_id, frozen_at__isnull=False).exists():
            raise ValueError("a frozen release never changes")
        super().save(*args, **kwargs)
