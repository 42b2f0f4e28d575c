"""`spor screening fixture-site`: serve a generated classifieds site on 127.0.0.1 (demo, tests)."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from spor.screening.fixture_site import corpus_for, serve_fixture_site, write_truth

HELP = "Server et genereret annoncesite på 127.0.0.1 / serve a generated ad site (natlys, rodlygte)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seed", type=int, default=1, help="generator seed (same seed, same site)")
    parser.add_argument("--ads", type=int, default=400, help="number of ads over both sites")
    parser.add_argument("--port", type=int, default=8765, help="port on 127.0.0.1 (0 picks a free one)")
    parser.add_argument("--truth", type=Path, help="write the ground truth CSV (site,ad_id,network_id) here")
    parser.add_argument("--hooks", action="store_true", help="add the test pages (a 500 and a slow page)")


def run(options: dict[str, Any], command: BaseCommand) -> None:
    stdout = command.stdout
    corpus = corpus_for(seed=options["seed"], n_ads=options["ads"])
    if options.get("truth"):
        write_truth(corpus, options["truth"])
        stdout.write(f"Facit skrevet / ground truth written: {options['truth']}")
    server, base_url = serve_fixture_site(corpus, options["port"], hooks=options["hooks"])
    stdout.write(f"{len(corpus.ads)} annoncer på / ads at {base_url}/natlys/ og/and {base_url}/rodlygte/")
    stdout.write("Stop med / stop with Ctrl-C")
    stdout.flush()
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.shutdown()
