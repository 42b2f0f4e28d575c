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
from dataclasses import dataclass, field

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
    kept = groups.join(cut, on=["kind", "group"], how="anti")
    labels = link.components(features.height, link.star_edges(kept))
    labels, splits = split_large(labels, kept)
    return Networks(assignments=name_networks(features, labels), groups=kept, cut=cut, splits=splits)
