"""Quality of the screening networks at size, on two generators (docs/screening-analysis.md#evaluation).

    .venv/bin/python bench/screening_quality.py                       # 20,000 and 100,000 ads
    .venv/bin/python bench/screening_quality.py --sizes 20000 --seeds 3001 3002

For every generator (Spor's own ``spor.screening.generator`` and the independent one in
``bench/independent_corpus.py``), size and seed: generate the corpus (pictures as hashes), run the
analysis (features, links, hubs, networks, scores) and print pairwise precision, recall, F1, the
adjusted Rand index and precision@10 of the ranking, for the method and the baselines (phone-only
linking with the naive 1 % cut; plain MinHash-LSH text clustering up to ``--minhash-max`` ads).
The seeds 3001- (Spor) and 4001- (independent) were never used for tuning. Wall and CPU time of
the analysis are printed beside each row (the machine is shared).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import polars as pl


def table(records: list[dict[str, Any]]) -> pl.DataFrame:
    """The ad table of a list of JSON Lines records whose pictures are ``{"phash": ...}``."""
    from spor.screening.table import collapse_versions

    rows = []
    for ad in records:
        rows.append({
            "site": ad["site"], "ad_id": ad["ad_id"], "url": ad["url"],
            "seen_at": datetime.fromisoformat(ad["seen_at"]),
            "title": ad["title"], "text": ad["text"], "city": ad["city"], "age": ad["age"], "name": ad["name"],
            "nationality": ad["nationality"], "price": ad["price"],
            "image_hashes": [image["phash"] for image in ad["images"]], "phones": None, "emails": None,
        })  # fmt: skip
    return collapse_versions(rows)


def corpus(generator: str, seed: int, n_ads: int) -> tuple[pl.DataFrame, dict[tuple[str, str], str | None]]:
    if generator == "spor":
        from spor.screening.generator import generate_corpus

        made = generate_corpus(seed=seed, n_ads=n_ads, with_images=False)
        records, truth = made.ads, made.truth
    else:
        import independent_corpus

        records, truth = independent_corpus.generate(seed, n_ads)
    return table(records), {(s, a): n for s, a, n in truth}


def measure(ads: pl.DataFrame, truth: dict[tuple[str, str], str | None], minhash: bool) -> dict[str, Any]:
    from spor.screening import evaluate, networks, score
    from spor.screening.features.extract import ad_features

    wall, cpu = time.perf_counter(), time.process_time()
    features = ad_features(ads)
    found = networks.find_networks(features)
    summaries = networks.summaries(features, found, score.ad_scores(features))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    actual = [truth.get(key) for key in zip(features["site"], features["ad_id"], strict=True)]
    predicted = found.assignments.sort("row")["network_id"].to_list()
    ranking = summaries["network_id"].to_list() if summaries.height else []
    out: dict[str, Any] = {"spor": evaluate.clustering_scores(predicted, actual).as_dict()}
    out["spor"]["precision_at_10"] = evaluate.precision_at(ranking, predicted, actual, 10)
    out["phone_only"] = evaluate.clustering_scores(evaluate.baseline_phone(features), actual).as_dict()
    if minhash:
        out["minhash_lsh_text"] = evaluate.clustering_scores(evaluate.baseline_minhash(features), actual).as_dict()
    out["wall"], out["cpu"] = wall, cpu
    out["networks"] = (len(ranking), len({a for a in actual if a}))
    out["hubs"] = found.cut.height
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 100_000])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1], help="seed offsets: 3000+k (Spor), 4000+k")
    parser.add_argument("--generators", nargs="+", default=["spor", "independent"])
    parser.add_argument("--minhash-max", type=int, default=20_000)
    args = parser.parse_args()
    print(
        "| generator | ads | seed | method | precision | recall | F1 | ARI | P@10 | networks found/planted "
        "| analysis wall / CPU s |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for generator in args.generators:
        for size in args.sizes:
            for k in args.seeds:
                seed = (3000 if generator == "spor" else 4000) + k
                ads, truth = corpus(generator, seed, size)
                result = measure(ads, truth, size <= args.minhash_max)
                for method in ("spor", "phone_only", "minhash_lsh_text"):
                    if method not in result:
                        continue
                    m = result[method]
                    p10 = f"{m['precision_at_10']:.2f}" if "precision_at_10" in m else "–"
                    extra = (
                        f"{result['networks'][0]}/{result['networks'][1]} | {result['wall']:.1f} / {result['cpu']:.1f}"
                        if method == "spor"
                        else "– | –"
                    )
                    print(
                        f"| {generator} | {ads.height:,} | {seed} | {method} | {m['pairwise_precision']:.4f} | "
                        f"{m['pairwise_recall']:.4f} | {m['pairwise_f1']:.4f} | {m['ari']:.4f} | {p10} | {extra} |",
                        flush=True,
                    )


if __name__ == "__main__":
    main()
