"""Linking ads: typed identifier groups, safeguards against giant components (docs/screening-analysis.md#pipeline).

Every piece of evidence that two ads belong together becomes an *identifier group*: the ads that
share a phone, an e-mail, a messenger handle, a picture (near-duplicate pHashes, one cluster) or a
text template (near-duplicate texts, one cluster). Edges of a kind carry a weight (``WEIGHTS``).

Some identifiers are shared by very many *unrelated* ads: a site's own phone number in its footer,
an agency's or hotel's number, stock photos, a popular text copied by strangers. They would glue
unrelated ads into one giant component. Two safeguards cut them (each cut group keeps its reason):

1. too common: a group with more than ``max(COMMON_MIN, COMMON_SHARE * ads)`` ads;
2. unrelated: a group of at least ``UNRELATED_MIN`` ads (``UNRELATED_MIN_WEAK`` for pictures and
   texts, which anyone can copy) whose members are, by all *other* evidence, mostly strangers: the members
    fall into more than ``UNRELATED_SHARE`` * size separate components
   of the graph built from the other kinds of evidence. A network's phone is shared by ads that
   also share its template and pictures; a hub's number is not. (The same idea as InfoShield's
   test that a template explains its ads, Lee et al., ICDE 2021, in a cheaper form.)

Everything is a function over polars tables: rows are ads by position (``row``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from spor.screening.features.images import near_duplicate_pairs
from spor.screening.features.text import TextIndex, text_index

KINDS = ("phone", "email", "handle", "image", "text")
WEIGHTS = {"phone": 1.0, "email": 1.0, "handle": 1.0, "image": 0.8, "text": 0.6}
COMMON_MIN = 60
COMMON_SHARE = 0.01
UNRELATED_MIN = 3
UNRELATED_MIN_WEAK = 2
UNRELATED_SHARE = 0.5
#: Identifiers a poster controls; pictures and texts can be copied from anyone ("weak").
STRONG = ("phone", "email", "handle")
WEAK = ("image", "text")

GROUP_SCHEMA = {"row": pl.Int64, "kind": pl.String, "group": pl.String}


@dataclass(frozen=True)
class LinkSettings:
    common_min: int = COMMON_MIN
    common_share: float = COMMON_SHARE
    unrelated_min: int = UNRELATED_MIN
    unrelated_min_weak: int = UNRELATED_MIN_WEAK
    unrelated_share: float = UNRELATED_SHARE


def exact_groups(features: pl.DataFrame) -> pl.DataFrame:
    """(row, kind, group) for phones, e-mails and handles: the identifier itself is the group."""
    parts = []
    for kind, column in (("phone", "phones_found"), ("email", "emails_found"), ("handle", "handles")):
        part = features.select("row", pl.col(column).alias("group")).explode("group").drop_nulls()
        parts.append(part.select("row", pl.lit(kind).alias("kind"), pl.col("group")))
    return pl.concat(parts).unique().cast(GROUP_SCHEMA)  # type: ignore[arg-type]


def _clusters(n: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    graph = coo_matrix((np.ones(len(i), dtype=np.int8), (i, j)), shape=(n, n))
    return connected_components(graph, directed=False)[1]


def _picture_table(features: pl.DataFrame) -> pl.DataFrame:
    pictures = features.select("row", pl.col("image_hashes").alias("hex")).explode("hex").drop_nulls()
    return pictures.with_columns(pl.col("hex").str.to_integer(base=16, dtype=pl.UInt64).alias("h"))


def image_groups(features: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(row, 'image', group) for ads whose pictures are near duplicates, and (h, group) per distinct hash.

    A picture group is named after the smallest hash in it (so the pages can show its thumbnail).
    """
    pictures = _picture_table(features)
    if pictures.is_empty():
        return pl.DataFrame(schema=GROUP_SCHEMA), pl.DataFrame(schema={"h": pl.UInt64, "group": pl.String})
    pairs = near_duplicate_pairs(pictures["hex"])
    labels = _clusters(pictures.height, pairs["i"].to_numpy(), pairs["j"].to_numpy())
    labelled = pictures.with_columns(pl.Series("c", labels))
    names = labelled.group_by("c").agg(pl.col("hex").min().alias("group"))
    labelled = labelled.join(names, on="c")
    hashes = labelled.select("h", "group").unique()
    grouped = labelled.select("row", pl.lit("image").alias("kind"), "group").unique()
    return _multi(grouped), hashes


def posters(features: pl.DataFrame) -> pl.DataFrame:
    """(row, poster): who wrote an ad, as far as we can tell: its rarest phone number, else itself."""
    phones = features.select("row", pl.col("phones_found").alias("p")).explode("p").drop_nulls()
    counts = phones.group_by("p").len("n")
    rarest = phones.join(counts, on="p").sort("n", "p").group_by("row").first().select("row", "p")
    frame = features.select("row").join(rarest, on="row", how="left")
    return frame.select("row", pl.coalesce("p", "r" + pl.col("row").cast(pl.String)).alias("poster"))


def text_groups(features: pl.DataFrame) -> tuple[pl.DataFrame, TextIndex]:
    """(row, 'text', group): ads whose texts are near duplicates (boilerplate left out) share a cluster."""
    index = text_index(features.select("row", "site", "text").join(posters(features), on="row"))
    pairs = index.pairs
    if pairs.is_empty():
        return pl.DataFrame(schema=GROUP_SCHEMA), index
    labels = _clusters(features.height, pairs["i"].to_numpy(), pairs["j"].to_numpy())
    rows = np.unique(np.concatenate([pairs["i"].to_numpy(), pairs["j"].to_numpy()]))
    names = ["t" + str(c) for c in labels[rows]]
    return pl.DataFrame({"row": rows, "kind": "text", "group": names}, schema=GROUP_SCHEMA), index


def _multi(groups: pl.DataFrame) -> pl.DataFrame:
    """Only groups that link at least two ads."""
    sizes = groups.group_by("kind", "group").agg(pl.col("row").n_unique().alias("n")).filter(pl.col("n") > 1)
    return groups.join(sizes.select("kind", "group"), on=["kind", "group"], how="semi").cast(GROUP_SCHEMA)  # type: ignore[arg-type]


@dataclass
class Links:
    """Every identifier group with at least two ads, and the indexes an incremental batch needs."""

    groups: pl.DataFrame  # row, kind, group
    hashes: pl.DataFrame  # h, group: every distinct picture hash and its picture group
    text: TextIndex


def all_groups(features: pl.DataFrame) -> Links:
    """Every identifier group with at least two ads: (row, kind, group), with the indexes."""
    images, hashes = image_groups(features)
    texts, index = text_groups(features)
    return Links(_multi(pl.concat([exact_groups(features), images, texts])), hashes, index)


def star_edges(groups: pl.DataFrame) -> pl.DataFrame:
    """Edges (i, j, kind) joining every member of a group to its first member: enough for components."""
    first = groups.group_by("kind", "group").agg(pl.col("row").min().alias("first"))
    joined = groups.join(first, on=["kind", "group"]).filter(pl.col("row") != pl.col("first"))
    return joined.select(pl.col("first").alias("i"), pl.col("row").alias("j"), "kind")


def components(n: int, edges: pl.DataFrame) -> np.ndarray:
    """Connected-component label of each of ``n`` rows under ``edges`` (i, j)."""
    return _clusters(n, edges["i"].to_numpy(), edges["j"].to_numpy())


def generic_groups(groups: pl.DataFrame, n_ads: int, settings: LinkSettings | None = None) -> pl.DataFrame:
    """Groups to cut: (kind, group, size, strangers, reason) with reason 'common' or 'unrelated'.

    Two passes: the second judges each group by the other evidence that survived the first.
    """
    settings = settings or LinkSettings()
    sizes = groups.group_by("kind", "group").agg(pl.col("row").n_unique().alias("size"))
    limit = max(settings.common_min, settings.common_share * n_ads)
    cut = sizes.filter(pl.col("size") > limit).with_columns(
        pl.lit(0, pl.UInt32).alias("strangers"), pl.lit("common").alias("reason")
    )
    for _ in range(2):
        kept = groups.join(cut, on=["kind", "group"], how="anti")
        verdicts = [cut.filter(pl.col("reason") == "common")]
        for kind in groups["kind"].unique().to_list():
            others = components(n_ads, star_edges(kept.filter(pl.col("kind") != kind)))
            members = groups.filter(pl.col("kind") == kind).with_columns(
                pl.Series("c", others[groups.filter(pl.col("kind") == kind)["row"].to_numpy()])
            )
            judged = members.group_by("kind", "group").agg(
                pl.col("row").n_unique().alias("size"), pl.col("c").n_unique().alias("strangers")
            )
            smallest = settings.unrelated_min if kind in STRONG else settings.unrelated_min_weak
            unrelated = judged.filter(
                (pl.col("size") >= smallest) & (pl.col("strangers") > settings.unrelated_share * pl.col("size"))
            ).with_columns(pl.lit("unrelated").alias("reason"))
            verdicts.append(unrelated.join(cut.filter(pl.col("reason") == "common"), on=["kind", "group"], how="anti"))
        cut = pl.concat(
            [v.select("kind", "group", "size", pl.col("strangers").cast(pl.UInt32), "reason") for v in verdicts]
        )
    return cut


def prune_strangers(groups: pl.DataFrame, n_ads: int) -> pl.DataFrame:
    """Drop an ad from a picture or text group when nothing else ties it to any other member.

    A stock photo or copied text shared by a network and one unrelated poster would otherwise pull
    the stranger into the network. Picture and text groups still join *different* parts of a
    network (two personas each with their own phone), which is what they are for.
    """
    kept = [groups.filter(~pl.col("kind").is_in(WEAK))]
    for kind in WEAK:
        members = groups.filter(pl.col("kind") == kind)
        if members.is_empty():
            continue
        others = components(n_ads, star_edges(groups.filter(pl.col("kind") != kind)))
        members = members.with_columns(pl.Series("c", others[members["row"].to_numpy()]))
        tied = members.filter(pl.len().over("group", "c") > 1).drop("c")
        kept.append(_multi(tied))
    return pl.concat(kept)
