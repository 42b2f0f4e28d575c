"""Evaluation against ground truth, with baselines in the same run (docs/screening-analysis.md#evaluation).

Metrics over all ads, each unlinked ad its own singleton cluster:

- pairwise precision/recall/F1 of same-network pairs;
- B-cubed precision/recall (Bagga and Baldwin 1998; Amigó et al. 2009): per ad, the share of its
  predicted cluster that is truly with it, and of its true cluster that was found with it;
- adjusted Rand index (Hubert and Arabie 1985);
- per-network recall: for each planted network, the share of its ads in the predicted network that
  holds most of them;
- precision@10 of the network ranking: the share of the ten highest-scored predicted networks
  whose ads mostly belong to one planted network.

Baselines: plain MinHash-LSH text clustering (``datasketch.MinHashLSH`` on word 2-shingles of the
raw text, threshold 0.5, no boilerplate removal, no safeguards) and phone-number-only linking (the
same obfuscation-aware phone extraction; ads sharing a number linked, only the numbers in more than
``NAIVE_COMMON_SHARE`` of the ads, i.e. the sites' own, left out: the cut a practitioner would
reach for first, and the one the method itself no longer uses).
"""

from __future__ import annotations

import csv
import itertools
from collections import Counter
from dataclasses import dataclass
from math import comb
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from spor.screening import link

METRIC_KEYS = (
    "pairwise_precision",
    "pairwise_recall",
    "pairwise_f1",
    "bcubed_precision",
    "bcubed_recall",
    "ari",
    "precision_at_10",
)


#: The phone-only baseline leaves out numbers in more than this share of the ads.
NAIVE_COMMON_SHARE = 0.01


class TruthFormatError(ValueError):
    """A bad line of a ground-truth file; the message names file and line."""


def read_truth(path: Path | str) -> dict[tuple[str, str], str | None]:
    """``site,ad_id,network_id`` rows (empty network_id = independent ad)."""
    path = Path(path)
    truth: dict[tuple[str, str], str | None] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or not {"site", "ad_id", "network_id"} <= set(reader.fieldnames):
            raise TruthFormatError(f"{path}:1: header must be site,ad_id,network_id")
        for number, row in enumerate(reader, start=2):
            if not row.get("site") or not row.get("ad_id"):
                raise TruthFormatError(f"{path}:{number}: site and ad_id are required")
            truth[(row["site"], row["ad_id"])] = row.get("network_id") or None
    return truth


def _clusters(labels: list[str | None]) -> np.ndarray:
    """Integer cluster ids; every None its own singleton."""
    ids: dict[str, int] = {}
    out = np.empty(len(labels), dtype=np.int64)
    for i, label in enumerate(labels):
        out[i] = ids.setdefault(label, len(ids)) if label is not None else -(i + 1)
    return out


@dataclass(frozen=True)
class Scores:
    pairwise_precision: float
    pairwise_recall: float
    pairwise_f1: float
    bcubed_precision: float
    bcubed_recall: float
    ari: float

    def as_dict(self) -> dict[str, float]:
        return {key: round(getattr(self, key), 4) for key in METRIC_KEYS if hasattr(self, key)}


def clustering_scores(predicted: list[str | None], truth: list[str | None]) -> Scores:
    """All pairwise, B-cubed and ARI scores of a predicted against a true clustering of the same ads."""
    p, t = _clusters(predicted), _clusters(truth)
    n = len(p)
    joint = Counter(zip(p.tolist(), t.tolist(), strict=True))
    p_sizes, t_sizes = Counter(p.tolist()), Counter(t.tolist())
    together = sum(comb(v, 2) for v in joint.values())
    predicted_pairs = sum(comb(v, 2) for v in p_sizes.values())
    true_pairs = sum(comb(v, 2) for v in t_sizes.values())
    precision = together / predicted_pairs if predicted_pairs else 1.0
    recall = together / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    b_precision = sum(v * v / p_sizes[a] for (a, _), v in joint.items()) / n if n else 1.0
    b_recall = sum(v * v / t_sizes[b] for (_, b), v in joint.items()) / n if n else 1.0
    expected = predicted_pairs * true_pairs / comb(n, 2) if n > 1 else 0.0
    maximum = (predicted_pairs + true_pairs) / 2
    ari = (together - expected) / (maximum - expected) if maximum != expected else 1.0
    return Scores(precision, recall, f1, b_precision, b_recall, ari)


def per_network_recall(predicted: list[str | None], truth: list[str | None]) -> dict[str, float]:
    """For each planted network: the share of its ads in the one predicted network holding most of them."""
    members: dict[str, list[str | None]] = {}
    for guess, actual in zip(predicted, truth, strict=True):
        if actual is not None:
            members.setdefault(actual, []).append(guess)
    out = {}
    for network, guesses in sorted(members.items()):
        found = Counter(g for g in guesses if g is not None)
        out[network] = (found.most_common(1)[0][1] / len(guesses)) if found else 0.0
    return out


def precision_at(ranking: list[str], predicted: list[str | None], truth: list[str | None], k: int = 10) -> float:
    """The share of the top ``k`` ranked networks whose ads mostly belong to one planted network."""
    members: dict[str, list[str | None]] = {}
    for guess, actual in zip(predicted, truth, strict=True):
        if guess is not None:
            members.setdefault(guess, []).append(actual)
    top = [network for network in ranking if network in members][:k]
    if not top:
        return 0.0
    good = 0
    for network in top:
        label, count = Counter(members[network]).most_common(1)[0]
        good += label is not None and count * 2 > len(members[network])
    return good / len(top)


# -- baselines -------------------------------------------------------------------------------------


def _labels_from_pairs(n: int, i: np.ndarray, j: np.ndarray) -> list[str | None]:
    labels = link._clusters(n, i, j)
    sizes = Counter(labels.tolist())
    return [f"c{label}" if sizes[label] > 1 else None for label in labels.tolist()]


def baseline_minhash(features: pl.DataFrame, *, threshold: float = 0.5, num_perm: int = 128) -> list[str | None]:
    """Plain MinHash-LSH text clustering with datasketch: raw text, word 2-shingles, no safeguards."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    hashes = []
    for row, text in enumerate(features["text"].fill_null("").to_list()):
        words = text.lower().split()
        shingles = {f"{a} {b}".encode() for a, b in itertools.pairwise(words)} or {b""}
        minhash = MinHash(num_perm=num_perm, seed=1)
        minhash.update_batch(list(shingles))
        lsh.insert(row, minhash)
        hashes.append(minhash)
    pairs = [(i, j) for i, minhash in enumerate(hashes) for j in lsh.query(minhash) if i < j]
    i, j = (
        (np.array(side, dtype=np.int64) for side in zip(*pairs, strict=True))
        if pairs
        else (np.array([], dtype=np.int64),) * 2
    )
    return _labels_from_pairs(features.height, i, j)


def baseline_phone(features: pl.DataFrame) -> list[str | None]:
    """Phone-number-only linking: ads sharing an extracted number, the sites' own numbers left out."""
    groups = link.exact_groups(features).filter(pl.col("kind") == "phone")
    sizes = groups.group_by("group").len("n").filter(pl.col("n") <= max(2, NAIVE_COMMON_SHARE * features.height))
    edges = link.star_edges(groups.join(sizes, on="group", how="semi"))
    return _labels_from_pairs(features.height, edges["i"].to_numpy(), edges["j"].to_numpy())


# -- one evaluation run ----------------------------------------------------------------------------


def evaluate(ads: pl.DataFrame, truth: dict[tuple[str, str], str | None]) -> dict[str, Any]:
    """Analyse ``ads`` and score the networks and both baselines against ``truth``.

    Returns the seven metrics at the top level (``METRIC_KEYS``), ``per_network_recall``, and
    ``baselines`` (the same clustering metrics for each baseline). Ads missing from the truth
    count as independents.
    """
    from spor.screening import pipeline

    analysis = pipeline.run(ads)
    keys = list(zip(analysis.features["site"].to_list(), analysis.features["ad_id"].to_list(), strict=True))
    actual = [truth.get(key) for key in keys]
    predicted = analysis.networks.assignments.sort("row")["network_id"].to_list()
    ranking = analysis.summaries["network_id"].to_list() if analysis.summaries.height else []
    out: dict[str, Any] = clustering_scores(predicted, actual).as_dict()
    out["precision_at_10"] = round(precision_at(ranking, predicted, actual, 10), 4)
    out["per_network_recall"] = {k: round(v, 4) for k, v in per_network_recall(predicted, actual).items()}
    out["baselines"] = {
        "minhash_lsh_text": clustering_scores(baseline_minhash(analysis.features), actual).as_dict(),
        "phone_only": clustering_scores(baseline_phone(analysis.features), actual).as_dict(),
    }
    out["ads"] = len(keys)
    out["networks_found"] = len(ranking)
    out["networks_planted"] = len({a for a in actual if a})
    return out


def wins(result: dict[str, Any]) -> list[str]:
    """Where each baseline does better than the full method (metric by metric), in words."""
    lines = []
    for name, scores in result["baselines"].items():
        better = [key for key, value in scores.items() if value > result[key] + 1e-9]
        if better:
            lines.append(f"{name}: bedre/better on {', '.join(better)}")
        else:
            lines.append(f"{name}: ikke bedre på noget mål / better on no metric")
    return lines
