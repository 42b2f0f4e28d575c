"""`spor screening evaluate --ads FILE.jsonl --truth FILE.csv [--json]` (docs/screening-analysis.md#evaluation).

Reads the ads (without storing them: an evaluation must not mix test ads into the store),
analyses them, and prints the metrics of the networks found against the ground truth, with the
two baselines from the same run.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from spor.screening.evaluate import METRIC_KEYS, TruthFormatError, evaluate, read_truth, wins
from spor.screening.table import AdFormatError, read_jsonl

HELP = "Evaluer netværk mod facit / evaluate the networks against ground truth."

_LABELS = {
    "pairwise_precision": "parvis præcision / pairwise precision",
    "pairwise_recall": "parvis genfinding / pairwise recall",
    "pairwise_f1": "parvis F1 / pairwise F1",
    "bcubed_precision": "B-cubed præcision / precision",
    "bcubed_recall": "B-cubed genfinding / recall",
    "ari": "justeret Rand-indeks / adjusted Rand index",
    "precision_at_10": "præcision@10 af rangordningen / precision@10 of the ranking",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ads", type=Path, required=True, help="the ad file (JSON Lines)")
    parser.add_argument("--truth", type=Path, required=True, help="ground truth CSV: site,ad_id,network_id")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(options: dict[str, Any], command: BaseCommand) -> None:
    try:
        ads = read_jsonl(options["ads"])
        truth = read_truth(options["truth"])
    except (AdFormatError, TruthFormatError, OSError) as exc:
        raise CommandError(str(exc)) from None
    result = evaluate(ads, truth)
    stdout = command.stdout
    if options["json"]:
        stdout.write(json.dumps(result, ensure_ascii=False, sort_keys=False))
        return
    stdout.write(f"{result['ads']} annoncer/ads, {result['networks_planted']} plantede/planted, "
                 f"{result['networks_found']} fundne netværk/networks found")  # fmt: skip
    width = max(len(label) for label in _LABELS.values())
    stdout.write(f"{'':{width}}  {'spor':>7}  {'minhash':>7}  {'phone':>7}")
    for key in METRIC_KEYS:
        base = [result["baselines"][b].get(key) for b in ("minhash_lsh_text", "phone_only")]
        cells = "  ".join(f"{v:7.3f}" if v is not None else f"{'-':>7}" for v in base)
        stdout.write(f"{_LABELS[key]:{width}}  {result[key]:7.3f}  {cells}")
    recall = result["per_network_recall"]
    stdout.write("genfinding pr. netværk / per-network recall: " + ", ".join(f"{k} {v:.2f}" for k, v in recall.items()))
    for line in wins(result):
        stdout.write(line)
