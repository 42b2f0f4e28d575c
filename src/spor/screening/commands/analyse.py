"""`spor screening analyse [--ads FILE.jsonl] [--since TIME] [--engine dask --scheduler ADDRESS]`.

The analysis of the stored ads (docs/screening-analysis.md#pipeline): writes the Parquet results
that the outreach pages read (``spor.screening.results``) and keeps the feature table for the next
run (docs/screening-analysis.md#scale). ``--since`` reads from the store only the ads seen since
then and takes the others from the feature table: the result equals a full run. Prints counts
only, never ad content.
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from spor.screening.commands.networks import load_ads
from spor.screening.table import AdFormatError

HELP = "Analyser annoncerne: netværk og scorer / analyse the ads: networks and scores."


def _moment(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 time: {value!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from spor.screening.pipeline import ENGINES

    parser.add_argument("--ads", type=Path, help="analyse this ad file instead of the stored ads")
    parser.add_argument("--out", type=Path, help="result folder (default: VAR_DIR/screening/analysis)")
    parser.add_argument(
        "--since", type=_moment, help="only the ads seen since this time are new (ISO 8601); the rest are known"
    )
    parser.add_argument("--engine", choices=ENGINES, default="local", help="where the feature stage runs")
    parser.add_argument("--scheduler", help="Dask scheduler address (default: a local cluster for the run)")


def run(options: dict[str, Any], command: BaseCommand) -> None:
    from spor.screening import pipeline
    from spor.screening.store import ad_keys, ads_frame

    if options.get("scheduler") and options.get("engine") != "dask":
        raise CommandError("--scheduler: only with --engine dask")
    if options.get("since") and options.get("ads"):
        raise CommandError("--since: reads the stored ads; not with --ads")
    engine, scheduler = options.get("engine") or "local", options.get("scheduler")
    started = time.perf_counter()
    try:
        if options.get("since"):
            batch = ads_frame(since=options["since"])
            analysis = pipeline.analyse_batch(
                batch, options.get("out"), stored=ad_keys(), engine=engine, scheduler=scheduler
            )
            count = f"{batch.height} nye eller ændrede/new or changed of {analysis.features.height}"
        else:
            ads = load_ads(options)
            cache = None if options.get("ads") else pipeline.features_cache()
            analysis = pipeline.analyse(ads, options.get("out"), cache=cache, engine=engine, scheduler=scheduler)
            count = str(ads.height)
    except (AdFormatError, OSError, ValueError) as exc:
        raise CommandError(str(exc)) from None
    cut = analysis.networks.cut.height
    command.stdout.write(
        f"{count} annoncer/ads, {analysis.summaries.height} netværk/networks, "
        f"{cut} generiske kendetegn skåret fra/generic identifiers cut, {time.perf_counter() - started:.1f} s"
    )
