"""Storing collected ads, whether crawled or ingested, and reading them back as the ad table.

One door for writes: the crawler and `spor screening ingest` both hand `AdIn` records to
`ads_save`, so "new", "changed" and "unchanged" mean the same thing for both. A version row is
added only when an ad's content differs from the version in force at that time, which makes
saving the same records twice a no-op (idempotent ingest, resumed crawls without duplicates).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

import polars as pl
from django.db import transaction
from django.db.models import OuterRef, Subquery

from spor.audit import services as audit
from spor.common import crypto
from spor.common.actor import Actor
from spor.screening.models import Ad, AdVersion, AdVersionImage, Crawl, FollowUp, Image, RawPage, Site
from spor.screening.table import AD_TABLE_SCHEMA


@dataclass(frozen=True)
class ImageIn:
    """An image of an ad: its bytes when we have them, else only its perceptual hash."""

    phash: str
    dhash: str = ""
    data: bytes | None = None
    content_type: str = ""

    @classmethod
    def from_bytes(cls, data: bytes, content_type: str = "image/jpeg") -> ImageIn:
        from spor.screening.features.images import dhash_hex, phash_hex

        return cls(phash=phash_hex(data), dhash=dhash_hex(data), data=data, content_type=content_type)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data if self.data is not None else f"phash:{self.phash}".encode()).hexdigest()


@dataclass(frozen=True)
class AdIn:
    """One observation of one ad: the ad format (docs/screening-collect.md#ingest) plus what a crawl adds."""

    site: str
    ad_id: str
    url: str
    seen_at: datetime
    title: str = ""
    text: str = ""
    city: str | None = None
    age: int | None = None
    name: str | None = None
    nationality: str | None = None
    price: str | None = None
    posted: str | None = None
    phones: list[str] | None = None
    emails: list[str] | None = None
    handles: list[str] | None = None
    images: list[ImageIn] = field(default_factory=list)
    raw_html: bytes | None = None

    def fingerprint(self) -> str:
        content = [
            self.url,
            self.title,
            self.text,
            self.city,
            self.age,
            self.name,
            self.nationality,
            self.price,
            self.posted,
            self.phones,
            self.emails,
            self.handles,
            [image.phash for image in self.images],
        ]
        return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).hexdigest()


@dataclass
class SaveCounts:
    new: int = 0
    changed: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"nye/new {self.new}, ændrede/changed {self.changed}, uændrede/unchanged {self.unchanged}"


@transaction.atomic
def ads_save(records: Iterable[AdIn]) -> SaveCounts:
    """Store observations of ads, all or nothing; return how many ads were new, changed, unchanged.

    Records are applied in time order. An observation whose content equals the version in force
    at its time only moves the ad's first/last seen; any other content adds a version (with its
    raw page and images). An ad seen again after it was marked removed is no longer removed.
    """
    counts = SaveCounts()
    sites: dict[str, Site] = {}
    for record in sorted(records, key=lambda r: r.seen_at):
        site = sites.get(record.site) or Site.objects.get_or_create(slug=record.site)[0]
        sites[record.site] = site
        outcome = _ad_observe(site, record)
        setattr(counts, outcome, getattr(counts, outcome) + 1)
    return counts


def _ad_observe(site: Site, record: AdIn) -> str:
    ad, created = Ad.objects.get_or_create(
        site=site,
        ad_id=record.ad_id,
        defaults={"url": record.url, "first_seen": record.seen_at, "last_seen": record.seen_at},
    )
    fingerprint = record.fingerprint()
    in_force = ad.versions.filter(seen_at__lte=record.seen_at).order_by("-seen_at").first()
    if in_force is not None and in_force.fingerprint == fingerprint:
        outcome = "unchanged"
    else:
        _version_create(ad, record, fingerprint)
        outcome = "new" if created else "changed"
    ad.first_seen = min(ad.first_seen, record.seen_at)
    if record.seen_at >= ad.last_seen:
        ad.last_seen, ad.url = record.seen_at, record.url or ad.url
    if ad.removed and ad.removed_at is not None and record.seen_at > ad.removed_at:
        ad.removed, ad.removed_at = False, None
    ad.save(update_fields=["first_seen", "last_seen", "url", "removed", "removed_at", "updated_at"])
    return outcome


def _version_create(ad: Ad, record: AdIn, fingerprint: str) -> AdVersion:
    version = AdVersion.objects.create(
        ad=ad,
        seen_at=record.seen_at,
        fingerprint=fingerprint,
        url=record.url,
        title=record.title,
        text=record.text,
        city=record.city or "",
        age=record.age,
        name=record.name or "",
        nationality=record.nationality or "",
        price=record.price or "",
        posted=record.posted or "",
        phones=record.phones,
        emails=record.emails,
        handles=record.handles,
    )
    if record.raw_html is not None:
        RawPage.objects.create(version=version, content_gzip=gzip.compress(record.raw_html, mtime=0))
    for position, image_in in enumerate(record.images):
        image = _image_store(image_in, record.seen_at)
        AdVersionImage.objects.create(version=version, image=image, position=position)
    return version


def _image_store(image_in: ImageIn, seen_at: datetime) -> Image:
    image, created = Image.objects.get_or_create(
        sha256=image_in.sha256,
        defaults={
            "phash": image_in.phash,
            "dhash": image_in.dhash,
            "data": image_in.data,
            "content_type": image_in.content_type,
            "last_seen": seen_at,
        },
    )
    if not created and seen_at > image.last_seen:
        image.last_seen = seen_at
        image.save(update_fields=["last_seen", "updated_at"])
    return image


def ads_mark_removed(*, crawl: Crawl) -> int:
    """Mark the site's ads that a finished crawl did not see as removed; return how many.

    Their last_seen stays what it was: the last time the ad was actually on the site.
    """
    gone = Ad.objects.filter(site=crawl.site, removed=False, last_seen__lt=crawl.started_at)
    return gone.update(removed=True, removed_at=crawl.finished_at or crawl.started_at)


def ads_frame(*, since: datetime | None = None) -> pl.DataFrame:
    """The ad table (one row per ad, its latest version) for the analysis stages.

    `since` keeps only ads seen at or after that time (an incremental batch).
    """
    latest = AdVersion.objects.filter(ad=OuterRef("ad")).order_by("-seen_at", "-id").values("id")[:1]
    versions = AdVersion.objects.filter(id=Subquery(latest)).select_related("ad__site").order_by("ad_id")
    if since is not None:
        versions = versions.filter(ad__last_seen__gte=since)
    hashes: dict[int, list[str]] = {}
    links = AdVersionImage.objects.filter(version__in=versions).order_by("version_id", "position")
    for version_id, phash in links.values_list("version_id", "image__phash"):
        hashes.setdefault(version_id, []).append(phash)
    rows = [_frame_row(version, hashes.get(version.id, [])) for version in versions.iterator(chunk_size=2000)]
    return pl.DataFrame(rows, schema=AD_TABLE_SCHEMA, orient="row")


def _frame_row(version: AdVersion, image_hashes: list[str]) -> tuple[object, ...]:
    ad = version.ad
    return (
        ad.site.slug,
        ad.ad_id,
        version.url or ad.url,
        version.seen_at,
        ad.first_seen,
        ad.last_seen,
        version.title,
        version.text,
        version.city or None,
        version.age,
        version.name or None,
        version.nationality or None,
        version.price or None,
        image_hashes,
        version.phones,
        version.emails,
    )


@transaction.atomic
def follow_up_mark(*, actor: Actor, network_id: str, note: str) -> FollowUp:
    """Mark a network followed up, with the outreach worker's note.

    Callers (the outreach pages) have checked the role. Audit: screening.network_followed_up,
    with the network id only (the note may name people and stays out of the audit trail).
    """
    follow_up = FollowUp.objects.create(
        network_id=network_id, marked_by=actor, note_ct=crypto.encrypt_json(note.strip() or None)
    )
    audit.record(actor=actor, event="screening.network_followed_up", subject=follow_up, extra={"network": network_id})
    return follow_up


def follow_ups_for(network_ids: Iterable[str]) -> dict[str, list[FollowUp]]:
    """The follow-up marks of the given networks, newest first."""
    marks: dict[str, list[FollowUp]] = {}
    for mark in FollowUp.objects.filter(network_id__in=list(network_ids)).select_related("marked_by"):
        marks.setdefault(mark.network_id, []).append(mark)
    return marks


def image_copy(phash: str) -> Image | None:
    """The stored copy of an image by its pHash (the analysis' handle on images), if we hold one."""
    return Image.objects.filter(phash=phash).exclude(data=None).order_by("-last_seen").first()


def ads_latest(keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], AdVersion]:
    """The latest stored version of each (site, ad_id), for pages that show the ads' text."""
    wanted = set(keys)
    if not wanted:
        return {}
    latest = AdVersion.objects.filter(ad=OuterRef("ad")).order_by("-seen_at", "-id").values("id")[:1]
    versions = AdVersion.objects.filter(id=Subquery(latest), ad__ad_id__in={ad_id for _, ad_id in wanted})
    found = {}
    for version in versions.select_related("ad__site"):
        key = (version.ad.site.slug, version.ad.ad_id)
        if key in wanted:
            found[key] = version
    return found
