"""What the screening tool collects: sites, ads, every version of an ad, images, crawl failures.

Ads are personal data (docs/screening-collect.md#retention): they are kept at most
`SCREENING_RETENTION_DAYS` after they were last seen (`spor purge screening`), and nothing here is
linked to the case registry.
The analysis results (networks, scores) are files written by the analysis stages, not models;
the only analysis-side facts kept here are the outreach worker's follow-up mark on a network and
that a network was referred to the centre.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from spor.common.crypto import encrypted_text
from spor.common.models import Coded, TimeStamped


class Site(TimeStamped):
    """A classifieds site, named by the short slug used in the ad format (`natlys`, `rodlygte`)."""

    slug = models.SlugField(_("kode"), max_length=40, unique=True)

    def __str__(self) -> str:
        return self.slug


class Ad(Coded):
    """One ad on one site, across all the versions seen of it."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="ads")
    ad_id = models.CharField(_("annonce-id"), max_length=200)
    url = models.URLField(max_length=1000, blank=True)
    first_seen = models.DateTimeField(_("først set"))
    last_seen = models.DateTimeField(_("sidst set"), db_index=True)
    removed = models.BooleanField(_("fjernet fra siden"), default=False)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site", "ad_id"], name="screening_ad_unique_per_site")]

    def __str__(self) -> str:
        return f"{self.site_id}:{self.ad_id}"


class AdVersion(TimeStamped):
    """The parsed fields of an ad as first seen at `seen_at`; a new row only when a field changed.

    `fingerprint` is a SHA-256 of the parsed fields and image hashes: content equal to the version
    in force at that time (a second crawl, the same file ingested twice) adds no row.
    """

    ad = models.ForeignKey(Ad, on_delete=models.CASCADE, related_name="versions")
    seen_at = models.DateTimeField()
    fingerprint = models.CharField(max_length=64, db_index=True)
    url = models.URLField(max_length=1000, blank=True)
    title = models.TextField(blank=True)
    text = models.TextField(blank=True)
    city = models.CharField(max_length=200, blank=True)
    age = models.PositiveSmallIntegerField(null=True, blank=True)
    name = models.CharField(max_length=200, blank=True)
    nationality = models.CharField(max_length=200, blank=True)
    price = models.CharField(max_length=200, blank=True)
    posted = models.CharField(max_length=100, blank=True)
    # Claimed texts are "" when the ad does not state them (read back as null in the ad table).
    # Identifiers the source (or the crawler's selectors) extracted; null when none was given.
    phones = models.JSONField(null=True, blank=True)
    emails = models.JSONField(null=True, blank=True)
    handles = models.JSONField(null=True, blank=True)
    images: models.ManyToManyField[Image, AdVersionImage] = models.ManyToManyField(
        "Image", through="AdVersionImage", related_name="versions"
    )

    class Meta:
        ordering = ["seen_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["ad", "seen_at"], name="screening_version_unique_time"),
        ]


class RawPage(models.Model):
    """The page a version was parsed from, gzip-compressed; absent for ingested ads."""

    version = models.OneToOneField(AdVersion, on_delete=models.CASCADE, related_name="raw_page")
    content_gzip = models.BinaryField()
    content_type = models.CharField(max_length=100, default="text/html")


class Image(TimeStamped):
    """An image by its perceptual hashes; `data` holds the stored copy when we have the bytes.

    `sha256` is of the bytes when known, else of the pHash: one row per distinct image.
    """

    sha256 = models.CharField(max_length=64, unique=True)
    phash = models.CharField(max_length=16, db_index=True)
    dhash = models.CharField(max_length=16, blank=True)
    data = models.BinaryField(null=True, blank=True)
    content_type = models.CharField(max_length=50, blank=True)
    last_seen = models.DateTimeField(db_index=True)


class AdVersionImage(models.Model):
    version = models.ForeignKey(AdVersion, on_delete=models.CASCADE)
    image = models.ForeignKey(Image, on_delete=models.CASCADE)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="screening_version_image_position"),
        ]


class Crawl(Coded):
    """One crawl of one site, possibly over several processes (an interrupted crawl resumed)."""

    class Status(models.TextChoices):
        RUNNING = "running", _("i gang")
        INTERRUPTED = "interrupted", _("afbrudt")
        FINISHED = "finished", _("afsluttet")

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="crawls")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING)
    jobdir = models.CharField(max_length=500)
    ads_new = models.PositiveIntegerField(default=0)
    ads_changed = models.PositiveIntegerField(default=0)
    ads_unchanged = models.PositiveIntegerField(default=0)
    ads_removed = models.PositiveIntegerField(default=0)


class CrawlFailure(TimeStamped):
    """A URL the crawler could not fetch or parse; the crawl went on without it."""

    crawl = models.ForeignKey(Crawl, on_delete=models.CASCADE, related_name="failures")
    url = models.URLField(max_length=1000)
    status = models.PositiveSmallIntegerField(null=True, blank=True)  # HTTP status, null for network errors
    reason = models.CharField(max_length=500)


class FollowUp(Coded):
    """An outreach worker's mark that a network was followed up, with a note.

    Keyed by the analysis' network id (stable across incremental runs), not by a foreign key:
    networks live in the analysis result files.
    """

    network_id = models.CharField(max_length=100, db_index=True)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The note may name people: encrypted like the registry's free text (docs/architecture.md#encryption-at-rest).
    note_ct = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-created_at"]

    note = encrypted_text("note_ct")


class NetworkReferral(Coded):
    """That a network (or one of its ads) was referred to the centre, and the inquiry's id.

    The inquiry itself lives in the case registry, which the screening tool never imports: the web
    layer creates it (``spor.web.screening_referral``) and records its id here as a plain code.
    """

    network_id = models.CharField(max_length=100, db_index=True)
    # (site, ad id) when one ad was referred; empty when the whole network was.
    site = models.CharField(max_length=40, blank=True, default="")
    ad_id = models.CharField(max_length=200, blank=True, default="")
    inquiry_code = models.CharField(max_length=64)
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at"]
