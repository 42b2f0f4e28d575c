"""`spor screening networks --out FILE.csv [--ads FILE.jsonl]` (docs/screening-analysis.md#evaluation).

Writes ``site,ad_id,network_id`` for every ingested ad (empty network_id: no network), so anyone
can score the result with their own code. Reads the store, or ``--ads`` when given.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path
from typing import Any

import polars as pl
from django.core.management.base import BaseCommand, CommandError

from spor.common.cells import neutralise
from spor.screening.table import AdFormatError, read_jsonl

HELP = "Skriv netværk pr. annonce som CSV / write site,ad_id,network_id for every ad."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, required=True, help="the CSV file to write")
    parser.add_argument("--ads", type=Path, help="analyse this ad file instead of the stored ads")


def load_ads(options: dict[str, Any]) -> pl.DataFrame:
    if options.get("ads"):
        return read_jsonl(options["ads"])
    from spor.screening.store import ads_frame

    return ads_frame()


def run(options: dict[str, Any], command: BaseCommand) -> None:
    from spor.screening import pipeline

    try:
        ads = load_ads(options)
    except (AdFormatError, OSError) as exc:
        raise CommandError(str(exc)) from None
    analysis = pipeline.run(ads)
    table = analysis.features.select("row", "site", "ad_id").join(analysis.networks.assignments, on="row")
    with Path(options["out"]).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["site", "ad_id", "network_id"])
        for _, site, ad_id, network in table.sort("row").iter_rows():
            writer.writerow([neutralise(site), neutralise(ad_id), network or ""])
    found = table["network_id"].drop_nulls().n_unique()
    command.stdout.write(f"{table.height} annoncer/ads, {found} netværk/networks -> {options['out']}")
