"""Networks: connected components of the linked ads, split where they are really several (issue 6 §3).

``find_networks(features)`` links the ads (``spor.screening.link``), cuts generic identifiers,
takes connected components, and splits components larger than ``SPLIT_MIN`` ads with Louvain
community detection (Blondel et al. 2008, ``networkx.community.louvain_communities``) when the
split is clear (modularity at least ``SPLIT_MODULARITY``): two networks glued by one stray link
split, one dense network does not. A network is a component of at least two ads; an ad linked to
nothing belongs to no network.

Network ids are stable: a network is named after its earliest ad (first seen, then site and ad
id), so re-running the analysis, or adding ads incrementally, keeps the names of networks that
still exist; when two networks merge, the older name survives.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import networkx as nx
import numpy as np
import polars as pl

from spor.screening import link

SPLIT_MIN = 40
SPLIT_MODULARITY = 0.3


@dataclass
class Networks:
    """The result of linking: per-ad network ids, the kept and the cut identifier groups."""

    assignments: pl.DataFrame  # row, network_id (null = no network)
    groups: pl.DataFrame  # row, kind, group (kept)
    cut: pl.DataFrame  # kind, group, size, strangers, reason
    splits: int = 0
    extra: dict[str, float] = field(default_factory=dict)


def network_id(site: str, ad_id: str) -> str:
    """The stable id of a network whose earliest ad is ``site``/``ad_id`` (opaque, no ad text)."""
    return "N" + hashlib.sha1(f"{site}\x1f{ad_id}".encode(), usedforsecurity=False).hexdigest()[:10]


def _weighted_edges(groups: pl.DataFrame, rows: np.ndarray) -> list[tuple[int, int, float]]:
    """All-pairs edges within small groups, star edges within large ones, weighted by kind."""
    members = groups.filter(pl.col("row").is_in(rows.tolist()))
    weights: dict[tuple[int, int], float] = {}
    for (kind, _), part in members.group_by("kind", "group"):
        ids = sorted(part["row"].to_list())
        pairs = (
            [(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]]
            if len(ids) <= 25
            else [(ids[0], b) for b in ids[1:]]
        )
        for pair in pairs:
            weights[pair] = weights.get(pair, 0.0) + link.WEIGHTS[str(kind)]
    return [(a, b, w) for (a, b), w in weights.items()]


def split_large(labels: np.ndarray, groups: pl.DataFrame, *, seed: int = 0) -> tuple[np.ndarray, int]:
    """Split components of more than SPLIT_MIN ads by Louvain when the modularity is clear."""
    labels = labels.copy()
    next_label = int(labels.max()) + 1 if len(labels) else 0
    values, counts = np.unique(labels, return_counts=True)
    splits = 0
    for value in values[counts > SPLIT_MIN]:
        rows = np.flatnonzero(labels == value)
        graph = nx.Graph()
        graph.add_weighted_edges_from(_weighted_edges(groups, rows))
        parts = nx.community.louvain_communities(graph, weight="weight", seed=seed)
        if len(parts) < 2 or nx.community.modularity(graph, parts, weight="weight") < SPLIT_MODULARITY:
            continue
        for part in sorted(parts, key=min)[1:]:
            labels[list(part)] = next_label
            next_label += 1
        splits += 1
    return labels, splits


def name_networks(features: pl.DataFrame, labels: np.ndarray) -> pl.DataFrame:
    """(row, network_id): components of two or more ads get the id of their earliest ad."""
    frame = features.select("row", "site", "ad_id", "first_seen").with_columns(pl.Series("c", labels))
    sizes = frame.group_by("c").len("n")
    earliest = frame.sort("first_seen", "site", "ad_id").group_by("c", maintain_order=True).first()
    named = earliest.with_columns(
        pl.struct("site", "ad_id")
        .map_elements(lambda s: network_id(s["site"], s["ad_id"]), return_dtype=pl.String)
        .alias("network_id")
    ).join(sizes, on="c")
    named = named.with_columns(pl.when(pl.col("n") > 1).then(pl.col("network_id")).alias("network_id"))
    return frame.join(named.select("c", "network_id"), on="c", how="left").select("row", "network_id").sort("row")


def find_networks(features: pl.DataFrame, settings: link.LinkSettings | None = None) -> Networks:
    """Link, cut generic identifiers, take components, split large ones, name them."""
    groups = link.all_groups(features)
    cut = link.generic_groups(groups, features.height, settings)
    kept = link.prune_strangers(groups.join(cut, on=["kind", "group"], how="anti"), features.height)
    labels = link.components(features.height, link.star_edges(kept))
    labels, splits = split_large(labels, kept)
    return Networks(assignments=name_networks(features, labels), groups=kept, cut=cut, splits=splits)


def _route(cities: list[str | None]) -> list[str]:
    """Cities in posting order with repeats collapsed: the movement timeline."""
    route: list[str] = []
    for city in cities:
        if city and (not route or route[-1] != city):
            route.append(city)
    return route


def _burst(times: list[Any]) -> int:
    """The most ads posted within any 48 hours."""
    best, start = 0, 0
    for end, moment in enumerate(times):
        while moment - times[start] > timedelta(hours=48):
            start += 1
        best = max(best, end - start + 1)
    return best


def _group_stats(features: pl.DataFrame, result: Networks) -> pl.DataFrame:
    """Per network: the phone with most ads (ads, names, cities) and the widest picture/text group."""
    members = result.groups.join(result.assignments.drop_nulls(), on="row").join(
        features.select("row", "claimed_name", "claimed_age", "claimed_city"), on="row"
    )
    per_group = members.group_by("network_id", "kind", "group").agg(
        pl.len().alias("ads"),
        pl.col("claimed_name").drop_nulls().n_unique().alias("personas"),
        pl.struct("claimed_name", "claimed_age").n_unique().alias("name_ages"),
        pl.col("claimed_city").drop_nulls().n_unique().alias("cities"),
    )
    phones = per_group.filter(pl.col("kind") == "phone").sort("ads", "group", descending=[True, False])
    top_phone = (
        phones.group_by("network_id", maintain_order=True)
        .first()
        .select("network_id", pl.struct(pl.col("group").alias("phone"), "ads", "personas", "cities").alias("top_phone"))
    )
    widest = per_group.group_by("network_id").agg(
        pl.col("personas").filter(pl.col("kind") == "image").max().fill_null(0).alias("image_personas"),
        pl.col("name_ages").filter(pl.col("kind") == "text").max().fill_null(0).alias("template_personas"),
    )
    return widest.join(top_phone, on="network_id", how="left")


def summaries(features: pl.DataFrame, result: Networks, ad_scores: pl.DataFrame) -> pl.DataFrame:
    """One row per network: ads, personas, identifiers, cities and route, first/last seen, score, reasons.

    ``ad_scores`` is ``spor.screening.score.ad_scores(features)``.
    """
    from spor.screening import score

    ads = features.join(result.assignments.drop_nulls(), on="row").join(ad_scores, on="row").sort("seen_at")
    identifiers = result.groups.join(result.assignments.drop_nulls(), on="row")
    shared = (
        identifiers.filter(pl.col("kind").is_in(["phone", "handle", "email"]))
        .group_by("network_id")
        .agg(
            pl.col("group").filter(pl.col("kind") == "phone").unique().sort().alias("phones"),
            pl.col("group").filter(pl.col("kind") == "handle").unique().sort().alias("handles"),
            pl.col("group").filter(pl.col("kind") == "email").unique().sort().alias("emails"),
        )
    )
    grouped = ads.group_by("network_id").agg(
        pl.len().alias("ads"),
        pl.col("site").unique().sort().alias("sites"),
        pl.col("claimed_name").drop_nulls().unique().sort().alias("names"),
        pl.col("claimed_age").drop_nulls().unique().sort().alias("ages"),
        pl.col("claimed_nationality").drop_nulls().unique().sort().alias("nationalities"),
        pl.struct("claimed_name", "claimed_age", "claimed_nationality").n_unique().alias("personas"),
        pl.col("claimed_city").drop_nulls().unique().sort().alias("cities"),
        pl.col("claimed_city").alias("_cities"),
        pl.col("seen_at").alias("_times"),
        pl.col("first_seen").min(),
        pl.col("last_seen").max(),
        pl.col("ad_score").mean().alias("mean_ad_score"),
        pl.col("ad_reasons").explode().drop_nulls().alias("_indicators"),
    )
    grouped = grouped.join(shared, on="network_id", how="left").join(
        _group_stats(features, result), on="network_id", how="left"
    )
    rows = []
    for summary in grouped.iter_rows(named=True):
        summary["route"] = _route(summary.pop("_cities"))
        summary["burst"] = _burst(summary.pop("_times"))
        counted = Counter(summary.pop("_indicators"))
        reasons_by_code = {r.code: r for r in score.ad_reasons([code for code, _ in counted.most_common()])}
        summary["top_indicators_da"] = [r.da for r in reasons_by_code.values() if r.weight > 0]
        summary["top_indicators_en"] = [r.en for r in reasons_by_code.values() if r.weight > 0]
        for key in ("phones", "handles", "emails"):
            summary[key] = summary[key] or []
        summary["image_personas"] = summary["image_personas"] or 0
        summary["template_personas"] = summary["template_personas"] or 0
        value, reasons = score.network_score(summary)
        summary["score"] = value
        summary["reasons_da"] = [r.da for r in reasons]
        summary["reasons_en"] = [r.en for r in reasons]
        summary["reason_codes"] = [r.code for r in reasons]
        rows.append(summary)
    if not rows:
        return pl.DataFrame(schema={"network_id": pl.String, "score": pl.Float64})
    return pl.DataFrame(rows).sort("score", "ads", "network_id", descending=[True, True, False])
