"""`spor screening analyse [--ads FILE.jsonl]`: the analysis of the stored ads (docs/screening-analysis.md#pipeline).

Writes the Parquet results that the outreach pages read (``spor.screening.results``). Prints
counts only, never ad content.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from spor.screening.commands.networks import load_ads
from spor.screening.table import AdFormatError

HELP = "Analyser annoncerne: netværk og scorer / analyse the ads: networks and scores."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ads", type=Path, help="analyse this ad file instead of the stored ads")
    parser.add_argument("--out", type=Path, help="result folder (default: VAR_DIR/screening/analysis)")


def run(options: dict[str, Any], command: BaseCommand) -> None:
    from spor.screening import pipeline

    try:
        ads = load_ads(options)
    except (AdFormatError, OSError) as exc:
        raise CommandError(str(exc)) from None
    started = time.perf_counter()
    analysis = pipeline.analyse(ads, options.get("out"))
    cut = analysis.networks.cut.height
    command.stdout.write(
        f"{ads.height} annoncer/ads, {analysis.summaries.height} netværk/networks, "
        f"{cut} generiske kendetegn skåret fra/generic identifiers cut, {time.perf_counter() - started:.1f} s"
    )
