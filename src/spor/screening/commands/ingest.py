"""`spor screening ingest FILE.jsonl`: store ads collected elsewhere (docs/screening-collect.md#ingest)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from spor.screening.crawler.adfile import AdFileError, read_ads
from spor.screening.store import ads_save

HELP = "Indlæs annoncer fra en JSON Lines-fil / ingest ads from a JSON Lines file (all or nothing)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="the ad file (JSON Lines); image paths are relative to it")


def run(options: dict[str, Any], command: BaseCommand) -> None:
    """Read the whole file first; store nothing unless every line is valid.

    Every error is written as `file:line: field: message`, then the command fails.
    """
    try:
        records = read_ads(options["file"])
    except AdFileError as exc:
        for error in exc.errors:
            command.stderr.write(str(error))
        raise CommandError(f"Intet indlæst / nothing ingested: {len(exc.errors)} fejl/errors") from None
    counts = ads_save(records)
    command.stdout.write(f"Indlæst/ingested {len(records)} linjer/lines: {counts}")
