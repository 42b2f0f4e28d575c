"""`spor screening purge [--dry-run]`: delete ads and images past the retention period."""

from __future__ import annotations

import argparse
from typing import Any

from django.conf import settings

from spor.screening.purge import screening_purge

HELP = "Slet annoncer efter opbevaringsperioden / delete ads past retention (SPOR_SCREENING_RETENTION_DAYS)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dry-run", action="store_true", help="count only, delete nothing")


def run(options: dict[str, Any], stdout: Any) -> int:
    counts = screening_purge(dry_run=options["dry_run"])
    verb = "Ville slette / would delete" if options["dry_run"] else "Slettet / deleted"
    stdout.write(
        f"{verb} (sidst set for mere end {settings.SCREENING_RETENTION_DAYS} dage siden / last seen more than "
        f"{settings.SCREENING_RETENTION_DAYS} days ago): annoncer/ads {counts.ads}, versioner/versions "
        f"{counts.versions}, rå sider/raw pages {counts.raw_pages}, billeder/images {counts.images}, "
        f"crawls {counts.crawls}"
    )
    return 0
