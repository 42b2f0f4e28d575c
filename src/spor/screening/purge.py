"""Retention of collected ads (docs/screening-collect.md#retention): ads are personal data, kept a limited time.

An ad last seen more than `settings.SCREENING_RETENTION_DAYS` days ago (default 180) is deleted
with every version, raw page and image link; an image goes when no remaining ad uses it and it
was itself last seen before the limit. Crawl folders on disk older than the limit go too.
"""

from __future__ import annotations

import shutil
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from spor.audit.services import record
from spor.common.actor import Actor
from spor.screening.models import Ad, AdVersion, Crawl, Image, RawPage


@dataclass(frozen=True)
class PurgeCounts:
    ads: int
    versions: int
    raw_pages: int
    images: int
    crawls: int


@transaction.atomic
def screening_purge(*, actor: Actor | None = None, now: datetime | None = None, dry_run: bool = False) -> PurgeCounts:
    """Delete what is past retention and return the counts; with dry_run count only.

    Audit: screening.purged (counts only). Side effect: deletes old crawl folders under VAR_DIR.
    """
    cutoff = (now or timezone.now()) - timedelta(days=settings.SCREENING_RETENTION_DAYS)
    ads = Ad.objects.filter(last_seen__lt=cutoff)
    versions = AdVersion.objects.filter(ad__in=ads)
    images = Image.objects.filter(last_seen__lt=cutoff).exclude(versions__ad__last_seen__gte=cutoff)
    crawls = Crawl.objects.filter(started_at__lt=cutoff)
    counts = PurgeCounts(
        ads=ads.count(),
        versions=versions.count(),
        raw_pages=RawPage.objects.filter(version__in=versions).count(),
        images=images.distinct().count(),
        crawls=crawls.count(),
    )
    if dry_run:
        return counts
    folders = [Path(jobdir).parent for jobdir in crawls.values_list("jobdir", flat=True)]
    ads.delete()  # cascades to versions, raw pages and image links
    Image.objects.filter(last_seen__lt=cutoff, versions=None).delete()
    crawls.delete()
    record(actor=actor, event="screening.purged", extra=asdict(counts))
    transaction.on_commit(lambda: _folders_delete(folders))
    transaction.on_commit(_features_prune)
    return counts


def _features_prune() -> None:
    """The analysis' feature table keeps only the ads still stored (docs/screening-analysis.md#scale)."""
    from spor.screening.pipeline import features_cache_prune
    from spor.screening.store import ad_keys

    features_cache_prune(ad_keys())


def _folders_delete(folders: list[Path]) -> None:
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
