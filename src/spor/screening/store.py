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
from django.utils import timezone

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


#: Ads looked up, or rows written, per SQL statement.
CHUNK = 500


@transaction.atomic
def ads_save(records: Iterable[AdIn]) -> SaveCounts:
    """Store observations of ads, all or nothing; return how many ads were new, changed, unchanged.

    Records are applied in time order. An observation whose content equals the version in force
    at its time only moves the ad's first/last seen; any other content adds a version (with its
    raw page and images). An ad seen again after it was marked removed is no longer removed.

    Set-based: the ads and versions concerned are read a chunk of ads per statement, the decisions
    are taken in memory, and the rows written with bulk inserts and updates, so the number of SQL
    statements grows with the number of chunks, not of ads (docs/screening-analysis.md#scale).
    """
    ordered = sorted(records, key=lambda r: r.seen_at)
    counts = SaveCounts()
    if not ordered:
        return counts
    sites = {slug: Site.objects.get_or_create(slug=slug)[0] for slug in sorted({r.site for r in ordered})}
    ads, versions = _ads_known(sites, {(r.site, r.ad_id) for r in ordered})
    created: set[tuple[str, str]] = set()
    touched: set[tuple[str, str]] = set()
    new_versions: list[tuple[tuple[str, str], AdIn, str]] = []
    for record in ordered:
        key = (record.site, record.ad_id)
        ad = ads.get(key)
        if ad is None:
            ad = Ad(site=sites[record.site], ad_id=record.ad_id, url=record.url)
            ad.first_seen = ad.last_seen = record.seen_at
            ads[key] = ad
            created.add(key)
        fingerprint = record.fingerprint()
        known = versions.setdefault(key, [])
        in_force = max((v for v in known if v[0] <= record.seen_at), default=None, key=lambda v: v[0])
        if in_force is not None and in_force[1] == fingerprint:
            counts.unchanged += 1
        else:
            known.append((record.seen_at, fingerprint))
            new_versions.append((key, record, fingerprint))
            if len(known) == 1 and key in created:  # the first version of an ad this call created
                counts.new += 1
            else:
                counts.changed += 1
        ad.first_seen = min(ad.first_seen, record.seen_at)
        if record.seen_at >= ad.last_seen:
            ad.last_seen, ad.url = record.seen_at, record.url or ad.url
        if ad.removed and ad.removed_at is not None and record.seen_at > ad.removed_at:
            ad.removed, ad.removed_at = False, None
        touched.add(key)
    _ads_write(ads, created, touched)
    _versions_write(ads, new_versions)
    return counts


def _ads_known(
    sites: dict[str, Site], keys: set[tuple[str, str]]
) -> tuple[dict[tuple[str, str], Ad], dict[tuple[str, str], list[tuple[datetime, str]]]]:
    """The stored ads among ``keys`` and the (seen_at, fingerprint) of each one's versions."""
    ads: dict[tuple[str, str], Ad] = {}
    versions: dict[tuple[str, str], list[tuple[datetime, str]]] = {}
    for slug, site in sites.items():
        wanted = sorted(ad_id for s, ad_id in keys if s == slug)
        for start in range(0, len(wanted), CHUNK):
            for ad in Ad.objects.filter(site=site, ad_id__in=wanted[start : start + CHUNK]):
                ads[(slug, ad.ad_id)] = ad
    by_id = {ad.id: key for key, ad in ads.items()}
    ids = sorted(by_id)
    for start in range(0, len(ids), CHUNK):
        rows = AdVersion.objects.filter(ad_id__in=ids[start : start + CHUNK]).values_list(
            "ad_id", "seen_at", "fingerprint"
        )
        for ad_id, seen_at, fingerprint in rows:
            versions.setdefault(by_id[ad_id], []).append((seen_at, fingerprint))
    return ads, versions


def _ads_write(ads: dict[tuple[str, str], Ad], created: set[tuple[str, str]], touched: set[tuple[str, str]]) -> None:
    # PostgreSQL and SQLite (3.35+) return the new rows' ids from a bulk insert
    Ad.objects.bulk_create([ads[key] for key in sorted(created)], batch_size=CHUNK)
    moment = timezone.now()
    changed = [ads[key] for key in sorted(touched - created)]
    for ad in changed:
        ad.updated_at = moment
    fields = ["first_seen", "last_seen", "url", "removed", "removed_at", "updated_at"]
    Ad.objects.bulk_update(changed, fields, batch_size=CHUNK)


def _versions_write(ads: dict[tuple[str, str], Ad], new: list[tuple[tuple[str, str], AdIn, str]]) -> None:
    rows = [
        AdVersion(
            ad=ads[key],
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
        for key, record, fingerprint in new
    ]
    AdVersion.objects.bulk_create(rows, batch_size=CHUNK)
    RawPage.objects.bulk_create(
        [
            RawPage(version=version, content_gzip=gzip.compress(record.raw_html, mtime=0))
            for version, (_, record, _) in zip(rows, new, strict=True)
            if record.raw_html is not None
        ],
        batch_size=CHUNK,
    )
    images = _images_store([(image, record.seen_at) for _, record, _ in new for image in record.images])
    AdVersionImage.objects.bulk_create(
        [
            AdVersionImage(version=version, image=images[image.sha256], position=position)
            for version, (_, record, _) in zip(rows, new, strict=True)
            for position, image in enumerate(record.images)
        ],
        batch_size=CHUNK,
    )


def _images_store(seen: list[tuple[ImageIn, datetime]]) -> dict[str, Image]:
    """The Image row of each distinct image (by sha256), created or with last_seen moved on."""
    latest: dict[str, tuple[ImageIn, datetime]] = {}
    for image_in, seen_at in seen:
        key = image_in.sha256
        if key not in latest:
            latest[key] = (image_in, seen_at)
        elif seen_at > latest[key][1]:
            latest[key] = (latest[key][0], seen_at)
    found: dict[str, Image] = {}
    keys = sorted(latest)
    for start in range(0, len(keys), CHUNK):
        for image in Image.objects.filter(sha256__in=keys[start : start + CHUNK]):
            found[image.sha256] = image
    moment = timezone.now()
    later = []
    for key, image in found.items():
        if latest[key][1] > image.last_seen:
            image.last_seen, image.updated_at = latest[key][1], moment
            later.append(image)
    Image.objects.bulk_update(later, ["last_seen", "updated_at"], batch_size=CHUNK)
    fresh = [
        Image(
            sha256=key,
            phash=image_in.phash,
            dhash=image_in.dhash,
            data=image_in.data,
            content_type=image_in.content_type,
            last_seen=seen_at,
        )
        for key, (image_in, seen_at) in sorted(latest.items())
        if key not in found
    ]
    Image.objects.bulk_create(fresh, batch_size=CHUNK)
    found.update({image.sha256: image for image in fresh})
    return found


def ads_mark_removed(*, crawl: Crawl) -> int:
    """Mark the site's ads that a finished crawl did not see as removed; return how many.

    Their last_seen stays what it was: the last time the ad was actually on the site.
    """
    gone = Ad.objects.filter(site=crawl.site, removed=False, last_seen__lt=crawl.started_at)
    return gone.update(removed=True, removed_at=crawl.finished_at or crawl.started_at)


def ads_frame(*, since: datetime | None = None) -> pl.DataFrame:
    """The ad table (one row per ad, its latest version) for the analysis stages.

    `since` keeps only ads seen at or after that time (an incremental batch). Read as tuples in
    ad order (no model objects), a chunk of versions' pictures per statement.
    """
    latest = AdVersion.objects.filter(ad=OuterRef("ad")).order_by("-seen_at", "-id").values("id")[:1]
    versions = AdVersion.objects.filter(id=Subquery(latest)).order_by("ad_id")
    if since is not None:
        versions = versions.filter(ad__last_seen__gte=since)
    fields = ["id", "ad__site__slug", "ad__ad_id", "url", "ad__url", "seen_at", "ad__first_seen", "ad__last_seen"]
    fields += ["title", "text", "city", "age", "name", "nationality", "price", "phones", "emails"]
    rows = list(versions.values_list(*fields, named=True).iterator(chunk_size=5000))
    ids = [row.id for row in rows]
    hashes: dict[int, list[str]] = {}
    for start in range(0, len(ids), CHUNK):
        part = AdVersionImage.objects.filter(version_id__in=ids[start : start + CHUNK])
        for version_id, phash in part.order_by("version_id", "position").values_list("version_id", "image__phash"):
            hashes.setdefault(version_id, []).append(phash)
    table = [
        (
            row.ad__site__slug,
            row.ad__ad_id,
            row.url or row.ad__url,
            row.seen_at,
            row.ad__first_seen,
            row.ad__last_seen,
            row.title,
            row.text,
            row.city or None,
            row.age,
            row.name or None,
            row.nationality or None,
            row.price or None,
            hashes.get(row.id, []),
            row.phones,
            row.emails,
        )
        for row in rows
    ]
    return pl.DataFrame(table, schema=AD_TABLE_SCHEMA, orient="row")


def ad_keys() -> pl.DataFrame:
    """(site, ad_id) of every stored ad."""
    rows = Ad.objects.order_by("site__slug", "ad_id").values_list("site__slug", "ad_id")
    return pl.DataFrame(
        list(rows.iterator(chunk_size=20_000)), schema={"site": pl.String, "ad_id": pl.String}, orient="row"
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
