"""Networks: connected components of the ads linked by evidence (docs/screening-analysis.md#pipeline).

``find_networks(features)`` links the ads (``spor.screening.link``), cuts the hubs (identifiers
shared by independent posters, judged by evidence, never by size), drops strangers from picture
and text groups, and takes connected components. A network is a component of at least two ads; an
ad linked to nothing belongs to no network. No component is split for being large: a network of
500 ads held together by one phone, one picture set and one template is one network.

Deterministic: the ads are put in a canonical order (site, ad id) before any order-sensitive step,
so the same ads give byte-identical networks, ids and group names whatever the order of the input.

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

import numpy as np
import polars as pl

from spor.screening import link
from spor.screening.features.images import NEAR_DISTANCE


@dataclass
class Networks:
    """The result of linking: per-ad network ids, the kept and the cut identifier groups."""

    assignments: pl.DataFrame  # row, network_id (null = no network)
    groups: pl.DataFrame  # row, kind, group (kept)
    cut: pl.DataFrame  # kind, group, size, strangers, reason
    labels: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    links: link.Links | None = None  # the indexes an incremental batch compares new ads with
    keys: pl.DataFrame = field(default_factory=pl.DataFrame)  # row, site, ad_id, first_seen


def network_id(site: str, ad_id: str) -> str:
    """The stable id of a network whose earliest ad is ``site``/``ad_id`` (opaque, no ad text)."""
    return "N" + hashlib.sha1(f"{site}\x1f{ad_id}".encode(), usedforsecurity=False).hexdigest()[:10]


def name_networks(features: pl.DataFrame, labels: np.ndarray) -> pl.DataFrame:
    """(row, network_id): components of two or more ads get the id of their earliest ad."""
    frame = features.select("row", "site", "ad_id", "first_seen").with_columns(pl.Series("c", labels))
    several = frame.group_by("c").len("n").filter(pl.col("n") > 1).select("c")
    members = frame.join(several, on="c", how="semi")
    earliest = members.sort("first_seen", "site", "ad_id").group_by("c", maintain_order=True).first()
    ids = [network_id(site, ad_id) for site, ad_id in zip(earliest["site"], earliest["ad_id"], strict=True)]
    named = earliest.select("c").with_columns(pl.Series("network_id", ids, dtype=pl.String))
    return frame.join(named, on="c", how="left").select("row", "network_id").sort("row")


def _canonical(features: pl.DataFrame) -> tuple[pl.DataFrame, np.ndarray | None]:
    """The features in (site, ad_id) order, rows renumbered, and the original row of each canonical
    row (None when the input was in that order already)."""
    order = features.select("row", "site", "ad_id").with_row_index("pos").sort("site", "ad_id")
    position = order["pos"].to_numpy()
    rows = features["row"].to_numpy()
    if np.array_equal(position, np.arange(features.height)) and np.array_equal(rows, np.arange(features.height)):
        return features, None
    canonical = features[position].with_columns(pl.Series("row", np.arange(features.height), dtype=pl.Int64))
    return canonical, rows[position]


def _back(frame: pl.DataFrame, original: np.ndarray, *columns: str) -> pl.DataFrame:
    """``frame`` with its row columns mapped from canonical back to original rows."""
    return frame.with_columns(
        pl.Series(c, original[frame[c].to_numpy()] if frame.height else [], dtype=pl.Int64) for c in columns
    )


def find_networks(features: pl.DataFrame, settings: link.LinkSettings | None = None) -> Networks:
    """Link, cut hubs, drop strangers, take components, name them (same output for any input order)."""
    canonical, original = _canonical(features)
    result = _find(canonical, settings)
    if original is None:
        return result
    labels = np.empty_like(result.labels)
    labels[original] = result.labels
    links = result.links
    assert links is not None
    links.groups = _back(links.groups, original, "row")
    links.text.pairs = _back(links.text.pairs, original, "i", "j")
    links.text.shingles = _back(links.text.shingles, original, "row")
    links.text.bands = _back(links.text.bands, original, "row")
    return Networks(
        assignments=_back(result.assignments, original, "row").sort("row"),
        groups=_back(result.groups, original, "row"),
        cut=result.cut,
        labels=labels,
        links=links,
        keys=_back(result.keys, original, "row").sort("row"),
    )


def _find(features: pl.DataFrame, settings: link.LinkSettings | None) -> Networks:
    links = link.all_groups(features)
    ties = link.persona_ties(features)
    identifiers = link.exact_groups(features)
    cut = link.hubs(links.groups, identifiers, settings)
    contact = identifiers.join(cut, on=["kind", "group"], how="anti").select("row").unique()
    kept = link.prune_strangers(links.groups.join(cut, on=["kind", "group"], how="anti"), ties, contact)
    kept = kept.sort("kind", "group", "row")
    labels = link.components(features.height, link.star_edges(kept))
    result = Networks(assignments=name_networks(features, labels), groups=kept, cut=cut)
    result.labels, result.links = labels, links
    result.keys = features.select("row", "site", "ad_id", "first_seen", "claimed_name", "claimed_age")
    return result


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
        # In time order (route and burst read them so), whatever the order of the ads.
        pl.col("claimed_city").sort_by("seen_at", "site", "ad_id").alias("_cities"),
        pl.col("seen_at").sort().alias("_times"),
        pl.col("first_seen").min(),
        pl.col("last_seen").max(),
        pl.col("ad_score").sort().mean().alias("mean_ad_score"),  # sorted: the same sum in any order
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


# -- incremental batches: new ads join existing networks without recomputing ---------------------------


def _new_picture_links(index: link.Links, new: pl.DataFrame) -> pl.DataFrame:
    """(row, 'image', group) for new ads: near duplicates of known pictures, or of each other."""
    pictures = link._picture_table(new)
    if pictures.is_empty():
        return pl.DataFrame(schema=link.GROUP_SCHEMA)
    known = index.hashes
    found = []
    width = 16  # 4 chunks of 16 bits: exact matches on a chunk, then the Hamming distance
    for c in range(4):
        mask = (1 << width) - 1
        key = (pl.col("h") // (1 << (c * width))) % (mask + 1)
        left = pictures.select("row", "h", key.alias("k"))
        right = known.select(pl.col("h").alias("h_old"), "group", key.alias("k"))
        found.append(left.join(right, on="k").select("row", "h", "h_old", "group"))
    candidates = pl.concat(found).unique()
    if candidates.height:
        distance = candidates["h"].to_numpy() ^ candidates["h_old"].to_numpy()
        candidates = candidates.filter(pl.Series(_bitcount(distance) <= NEAR_DISTANCE))
    matched = candidates.select("row", pl.lit("image").alias("kind"), "group")
    # pictures new to the index: group among themselves
    fresh, hashes = link.image_groups(new)
    index.hashes = pl.concat([known, hashes.join(known, on="h", how="anti")])
    return pl.concat([matched.cast(link.GROUP_SCHEMA), fresh])  # type: ignore[arg-type]


def _bitcount(values: np.ndarray) -> np.ndarray:
    return np.bitwise_count(values.astype(np.uint64))


def _new_text_links(index: link.Links, old_groups: pl.DataFrame, new: pl.DataFrame) -> pl.DataFrame:
    """(row, 'text', group) for new ads whose text is a near duplicate of an old or another new ad."""
    from spor.screening.features import text

    frame = new.select("row", "site", "text").join(link.posters(new), on="row")
    shingles = text.comparable_shingles(frame, index.text.boilerplate, index.text.stock)
    if shingles.is_empty():
        return pl.DataFrame(schema=link.GROUP_SCHEMA)
    bands = text.band_keys(text.signatures(shingles))
    both = pl.concat([index.text.bands, bands])
    touched = both.join(bands.select("band", "k").unique(), on=["band", "k"], how="semi")
    pairs = text.candidate_pairs(touched)
    pairs = pairs.filter(pl.col("j") >= new["row"].min())  # at least one new ad in the pair
    checked = text.jaccard(pairs, pl.concat([index.text.shingles, shingles])).filter(
        pl.col("jaccard") >= text.MIN_JACCARD
    )
    index.text.shingles = pl.concat([index.text.shingles, shingles])
    index.text.bands = both
    old_text = old_groups.filter(pl.col("kind") == "text").select(pl.col("row").alias("i"), "group")
    # each pair joins the old ad's text group, or founds a group named after its first ad
    named = checked.join(old_text, on="i", how="left").with_columns(
        pl.coalesce("group", "t" + pl.col("i").cast(pl.String) + "n").alias("group")
    )
    members = pl.concat(
        [named.select(pl.col("i").alias("row"), "group"), named.select(pl.col("j").alias("row"), "group")]
    )
    return members.unique().select("row", pl.lit("text").alias("kind"), "group").cast(link.GROUP_SCHEMA)  # type: ignore[arg-type]


def add_batch(result: Networks, new_features: pl.DataFrame, settings: link.LinkSettings | None = None) -> Networks:
    """Join a batch of new ads (features with ``row`` numbered after the old ones) to the networks.

    Without recomputing the old ads: the new ads' identifiers are looked up in the existing
    groups, pictures in the picture index (multi-index hashing against the known hashes), texts in
    the LSH bands. The hubs of the last full run stay cut; the groups the batch touches are judged
    again by the same evidence rule (``link.judge``), and a new ad joins a picture or text group
    only when something else ties it to another member. Networks only grow or merge here (the
    older name survives); a full run re-judges everything. Returns a new ``Networks``.
    """
    assert result.links is not None, "add_batch needs the result of find_networks"
    old_n = result.keys.height
    n = old_n + new_features.height
    fresh = pl.concat([
        link.exact_groups(new_features),
        _new_picture_links(result.links, new_features),
        _new_text_links(result.links, result.groups, new_features),
    ]).join(result.cut, on=["kind", "group"], how="anti")  # fmt: skip
    everything = pl.concat([result.links.groups, fresh]).unique()
    evidence = pl.concat([result.groups, fresh]).unique()
    touched = evidence.join(fresh.select("kind", "group").unique(), on=["kind", "group"], how="semi")
    keys = pl.concat([result.keys, new_features.select(result.keys.columns)])
    ties = link.persona_ties(keys)
    verdict = link.judge(link.posters_within(touched, evidence), settings).filter(pl.col("hub"))
    hubs = verdict.select(
        "kind",
        "group",
        pl.col("size").cast(pl.UInt32),
        pl.col("posters").cast(pl.UInt32).alias("strangers"),
        pl.lit("hub").alias("reason"),
    )
    cut = pl.concat([result.cut, hubs]).sort("kind", "group") if hubs.height else result.cut
    within = link.posters_within(
        touched.join(hubs, on=["kind", "group"], how="anti"), pl.concat([evidence, ties]), (*link.STRONG, "persona")
    )
    weak = pl.col("kind").is_in(link.WEAK)
    stays = ~weak | (pl.col("row") < old_n) | (pl.len().over("kind", "group", "poster") > 1)
    joined = link._multi(within.filter(stays).select("row", "kind", "group").cast(link.GROUP_SCHEMA))  # type: ignore[arg-type]
    labels = _merge_labels(result.labels, old_n, n, joined)
    groups = pl.concat([result.groups.join(hubs, on=["kind", "group"], how="anti"), joined]).unique()
    result.links.groups = everything
    return Networks(
        assignments=name_networks(keys, labels),
        groups=groups.sort("kind", "group", "row"),
        cut=cut,
        labels=labels,
        links=result.links,
        keys=keys,
    )


def _merge_labels(old: np.ndarray, old_n: int, n: int, groups: pl.DataFrame) -> np.ndarray:
    """Component labels after adding the new rows and the touched groups' star edges."""
    labels = np.concatenate([old, np.arange(old_n, n, dtype=old.dtype) + (int(old.max()) + 1 if len(old) else 0)])
    edges = link.star_edges(groups)
    if edges.is_empty():
        return labels
    a, b = labels[edges["i"].to_numpy()], labels[edges["j"].to_numpy()]
    nodes, inverse = np.unique(np.concatenate([a, b]), return_inverse=True)
    merged = link._clusters(len(nodes), inverse[: len(a)], inverse[len(a) :])
    # every node takes the smallest old label of its merged component
    smallest = pl.DataFrame({"node": nodes, "c": merged}).group_by("c").agg(pl.col("node").min().alias("to"))
    mapping = pl.DataFrame({"node": nodes, "c": merged}).join(smallest, on="c")
    lookup = dict(zip(mapping["node"].to_list(), mapping["to"].to_list(), strict=True))
    affected = np.isin(labels, nodes)
    labels[affected] = [lookup[x] for x in labels[affected].tolist()]
    return labels
