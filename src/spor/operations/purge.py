"""The retention purge over every app: one operator command, one target per kind of data.

What is due for erasure is each app's own rule (`spor.people.purge` for identities after the
cases closed, `spor.screening.purge` for collected ads); this module runs them and says, in counts
only, what they did (docs/operations.md).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.utils import timezone

from spor.people.purge import purge_identities
from spor.screening.purge import screening_purge


def identities_purge(*, dry_run: bool) -> str:
    """Erase the identities due under SPOR_ERASURE_AFTER_DAYS; a counts-only summary line."""
    count = purge_identities(today=timezone.localdate(), dry_run=dry_run)
    verb = "would erase" if dry_run else "erased"
    return f"{verb} the identity of {count} persons"


def screening_ads_purge(*, dry_run: bool) -> str:
    """Delete the ads and images past SPOR_SCREENING_RETENTION_DAYS; a counts-only summary line."""
    counts = screening_purge(dry_run=dry_run)
    days = settings.SCREENING_RETENTION_DAYS
    verb = "Ville slette / would delete" if dry_run else "Slettet / deleted"
    return (
        f"{verb} (sidst set for mere end {days} dage siden / last seen more than {days} days ago): "
        f"annoncer/ads {counts.ads}, versioner/versions {counts.versions}, rå sider/raw pages {counts.raw_pages}, "
        f"billeder/images {counts.images}, crawls {counts.crawls}"
    )


#: The purge targets in the order `all` runs them, with their one-line help.
TARGETS: dict[str, tuple[Callable[..., str], str]] = {
    "identities": (
        identities_purge,
        "slet identiteter efter opbevaringsfristen / erase identities past retention (SPOR_ERASURE_AFTER_DAYS)",
    ),
    "screening": (
        screening_ads_purge,
        "slet annoncer efter opbevaringsperioden / delete ads past retention (SPOR_SCREENING_RETENTION_DAYS)",
    ),
}


def purge(*, target: str, dry_run: bool) -> list[str]:
    """Run the purge of `target` ("all" runs every target); one counts-only line per target."""
    names = list(TARGETS) if target == "all" else [target]
    return [TARGETS[name][0](dry_run=dry_run) for name in names]
