"""Linking ads: typed identifier groups, hubs judged by evidence (docs/screening-analysis.md#pipeline).

Every piece of evidence that two ads belong together becomes an *identifier group*: the ads that
share a phone, an e-mail, a messenger handle, a number that is not a valid phone number but the
same string in every ad, a picture (near-duplicate pHashes, one cluster) or a text template
(near-duplicate texts, one cluster). Edges of a kind carry a weight (``WEIGHTS``).

Some identifiers are shared by *unrelated* posters: a site's own phone number in its footer, an
agency's or hotel's number, stock photos, a popular text copied by strangers. They would glue
unrelated ads into one giant component. Whether a group is such a *hub* is judged by what its
members show, never by how large it is (``judge``):

- the members are split into *posters* by every *other* piece of evidence that ties two members
  directly (another shared identifier of any kind): the connected components of the group's
  members under those ties alone (the induced subgraph, so nothing outside the group can glue two
  members together). A tying identifier counts only when
  most of its ads lie inside the group judged (``CONTAINED``): a site's number in every ad does
  not make a popular text's copiers one poster, and two hubs cannot vouch for each other (once
  the phones and other contacts are judged, a kept contact ties pictures and texts wherever it is);
- a group is a hub when its members show independent posters (``judge``): at least
  ``HUB_POSTERS`` one-ad posters tied to no other member, making up ``HUB_SHARE`` of its ads, or
  more than ``MANY_POSTERS`` posters besides the largest. A network's phone or template is used
  by its few personas with many ads each (ten personas tied to each other only by the template
  are still one network); a hub by many strangers with an ad or two each. A network of 500 ads
  sharing one phone, one picture set and one template is one poster (one component) and stays
  whole; a site's number is shared by thousands of posters and is cut. (The idea of InfoShield's
  test that a template explains its ads, Lee et al., ICDE 2021.)
- phones, e-mails, handles and numbers are judged first, then pictures and texts; each judgement
  is repeated with the hubs found so far removed, until nothing more is cut. A member of a picture
  or text group counts as an independent poster only when it shows a contact of its own that is
  not a hub: the ads of a text-only network (no phone, new pictures in every ad) are no evidence
  against their template, the strangers copying a popular text each show their own phone;
- in a picture or text group that is not a hub, a member tied to no other member (a single
  stranger copying a network's photo) is dropped from the group; the group itself stays. Here the
  same claimed name and age also ties two members (a persona of the network), never in the hub
  test, where common names would make strangers look alike.

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

KINDS = ("phone", "email", "handle", "number", "image", "text")
WEIGHTS = {"phone": 1.0, "email": 1.0, "handle": 1.0, "number": 1.0, "image": 0.8, "text": 0.6}
#: A group is a hub when at least this many one-ad posters use it ...
HUB_POSTERS = 3
#: ... and they are at least this share of its ads; or when more than MANY_POSTERS posters besides
#: the largest hold this share (more personas than one controller runs unlinked).
HUB_SHARE = 0.25
MANY_POSTERS = 25
#: A tie between two members counts only when at least this share of the tying group lies inside
#: the group judged: a broad group (a site's number) vouches for nothing inside a narrow one.
CONTAINED = 0.5
#: Rounds of judging at most (each round removes the hubs found; it stops when none is new).
HUB_ROUNDS = 8
#: Identifiers a poster controls; pictures and texts can be copied from anyone ("weak").
STRONG = ("phone", "email", "handle", "number")
WEAK = ("image", "text")

GROUP_SCHEMA = {"row": pl.Int64, "kind": pl.String, "group": pl.String}


@dataclass(frozen=True)
class LinkSettings:
    hub_posters: int = HUB_POSTERS
    hub_share: float = HUB_SHARE


#: A run of digits with single separators, 8 to 15 digits long once the separators are gone.
_DIGIT_RUN = r"\+?\d(?:[ .\-/]?\d){7,16}"


def other_numbers(features: pl.DataFrame) -> pl.DataFrame:
    """(row, 'number', group): digit strings of 8-15 digits in the text that are not a phone found.

    A foreign number the phone library does not know, or an invalid one, is still the same string
    in every ad of its poster, so it links like a phone. Numbers that are the digits of a valid
    phone found in the same ad (its national or international form) are left to the phones.
    """
    digits = (
        features.select("row", (pl.col("title").fill_null("") + " " + pl.col("text").fill_null("")).alias("t"))
        .select("row", pl.col("t").str.extract_all(_DIGIT_RUN).alias("group"))
        .explode("group")
        .drop_nulls()
        .with_columns(pl.col("group").str.replace_all(r"\D", ""))
        .filter(pl.col("group").str.len_chars().is_between(8, 15))
    )
    known = features.select("row", pl.col("phones_found").alias("p")).explode("p").drop_nulls()
    known = pl.concat(
        [
            known.select("row", pl.col("p").str.replace_all(r"\D", "").alias("group")),
            known.select("row", pl.col("p").str.replace(r"^\+45", "").alias("group")),
            known.select("row", ("00" + pl.col("p").str.replace_all(r"\D", "")).alias("group")),
        ]
    )
    found = digits.join(known, on=["row", "group"], how="anti")
    # a valid phone written inside a longer run (two numbers side by side) is not a new number
    found = found.join(known.rename({"group": "p"}), on="row", how="left").filter(
        pl.col("p").is_null() | ~pl.col("group").str.contains(pl.col("p"), literal=True)
    )
    return found.select("row", pl.lit("number").alias("kind"), "group").unique().cast(GROUP_SCHEMA)  # type: ignore[arg-type]


def exact_groups(features: pl.DataFrame) -> pl.DataFrame:
    """(row, kind, group) for phones, e-mails, handles and other numbers: the identifier is the group."""
    parts = []
    for kind, column in (("phone", "phones_found"), ("email", "emails_found"), ("handle", "handles")):
        part = features.select("row", pl.col(column).alias("group")).explode("group").drop_nulls()
        parts.append(part.select("row", pl.lit(kind).alias("kind"), pl.col("group")))
    if "text" in features.columns and "title" in features.columns:
        parts.append(other_numbers(features))
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
    """(row, poster): who wrote an ad, as far as we can tell: its rarest phone number.

    Ads without a number count as one unknown poster together: they are no evidence of another
    poster (a network that gives no number writes its template into many ads).
    """
    phones = features.select("row", pl.col("phones_found").alias("p")).explode("p").drop_nulls()
    counts = phones.group_by("p").len("n")
    rarest = phones.join(counts, on="p").sort("n", "p").group_by("row").first().select("row", "p")
    frame = features.select("row").join(rarest, on="row", how="left")
    return frame.select("row", pl.coalesce("p", pl.lit("?")).alias("poster"))


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


def persona_ties(features: pl.DataFrame) -> pl.DataFrame:
    """(row, kind 'persona', group): ads that claim the same name and age. Corroboration only: two
    members of a group with the same persona are one poster; personas never link ads by themselves."""
    frame = features.select("row", "claimed_name", "claimed_age").drop_nulls()
    group = pl.col("claimed_name").str.to_lowercase() + "|" + pl.col("claimed_age").cast(pl.String)
    return frame.select("row", pl.lit("persona").alias("kind"), group.alias("group")).cast(GROUP_SCHEMA)  # type: ignore[arg-type]


def posters_within(groups: pl.DataFrame, ties: pl.DataFrame, trusted: tuple[str, ...] = ()) -> pl.DataFrame:
    """(kind, group, row, poster): each member's poster within its group.

    The posters of a group are the connected components of its members under the *other* ties
    (``ties``: every kept identifier group and the persona ties) between two members directly.
    ``poster`` is the smallest row of the member's component (deterministic). A tie of a kind not
    in ``trusted`` counts only when the tying group lies mostly inside the group (``CONTAINED``).
    """
    members = groups.select("row", "kind", "group").sort("kind", "group", "row").with_row_index("m")
    members = members.with_columns(pl.col("m").cast(pl.Int64))
    other = ties.select("row", pl.col("kind").alias("tkind"), pl.col("group").alias("tgroup"))
    joined = members.join(other, on="row").filter(
        (pl.col("tkind") != pl.col("kind")) | (pl.col("tgroup") != pl.col("group"))
    )
    # a tie counts only when most of the tying group lies inside the group judged (or it is a persona)
    breadth = other.group_by("tkind", "tgroup").agg(pl.col("row").n_unique().alias("breadth"))
    first = (
        joined.group_by("kind", "group", "tkind", "tgroup")
        .agg(pl.col("m").min().alias("first"), pl.len().alias("inside"))
        .join(breadth, on=["tkind", "tgroup"])
        .filter(pl.col("tkind").is_in(trusted) | (pl.col("inside") >= CONTAINED * pl.col("breadth")))
    )
    edges = joined.join(first, on=["kind", "group", "tkind", "tgroup"]).filter(pl.col("m") != pl.col("first"))
    labels = _clusters(members.height, edges["first"].to_numpy(), edges["m"].to_numpy())
    members = members.with_columns(pl.Series("c", labels, dtype=pl.Int64))
    named = members.group_by("c").agg(pl.col("row").min().alias("poster"))
    return members.join(named, on="c").select("kind", "group", "row", "poster")


def judge(
    within: pl.DataFrame, settings: LinkSettings | None = None, contact: pl.DataFrame | None = None
) -> pl.DataFrame:
    """(kind, group, size, posters, singles, largest, hub) per group from ``posters_within``.

    A hub shows independent posters: either at least ``hub_posters`` one-ad posters (members tied to
    no other member) that make up ``hub_share`` of its ads, or more than ``MANY_POSTERS`` posters
    outside the largest holding ``hub_share`` of its ads. A network's template or phone is used by
    its few personas, each with many ads; a hub by many strangers with one ad each.

    ``contact`` (rows): when given, only posters with a contact of their own (a phone, e-mail,
    handle or number that is not a hub) count as independent: an ad of a text-only network has
    no contact of its own and is no evidence against its template.
    """
    settings = settings or LinkSettings()
    if contact is not None:
        within = within.with_columns(pl.col("row").is_in(contact["row"].implode()).alias("own"))
    else:
        within = within.with_columns(pl.lit(True).alias("own"))
    per_poster = within.group_by("kind", "group", "poster").agg(pl.len().alias("n"), pl.col("own").any())
    judged = per_poster.group_by("kind", "group").agg(
        pl.col("n").sum().alias("size"),
        pl.col("own").sum().alias("posters"),
        ((pl.col("n") == 1) & pl.col("own")).sum().alias("singles"),
        pl.col("n").max().alias("largest"),
    )
    share = settings.hub_share * pl.col("size")
    strangers = (pl.col("singles") >= settings.hub_posters) & (pl.col("singles") >= share)
    many = (pl.col("posters") > MANY_POSTERS) & (pl.col("size") - pl.col("largest") >= share)
    return judged.with_columns((strangers | many).alias("hub")).sort("kind", "group")


def hubs(
    groups: pl.DataFrame, identifiers: pl.DataFrame | None = None, settings: LinkSettings | None = None
) -> pl.DataFrame:
    """The hubs among ``groups``: (kind, group, size, strangers, reason 'hub').

    Phones, e-mails, handles and numbers are judged first, then pictures and texts, each in rounds:
    a round removes the hubs found so far from the evidence, until one finds no new hub
    (``HUB_ROUNDS`` at most). ``identifiers`` (row, kind, group) are every ad's own phones, e-mails,
    handles and numbers, shared or not: a member of a picture or text group counts as an
    independent poster only with a contact that is not a hub (``judge``). ``strangers`` is the
    number of posters seen.
    """
    cut = pl.DataFrame(schema={"kind": pl.String, "group": pl.String, "size": pl.UInt32, "strangers": pl.UInt32})
    for kinds in (STRONG, WEAK):
        for _ in range(HUB_ROUNDS):
            kept = groups.join(cut, on=["kind", "group"], how="anti")
            judged = kept.filter(pl.col("kind").is_in(kinds))
            contact = None
            if kinds == WEAK and identifiers is not None:
                contact = identifiers.join(cut, on=["kind", "group"], how="anti").select("row").unique()
            trusted = STRONG if kinds == WEAK else ()  # strong hubs are cut by now
            verdict = judge(posters_within(judged, kept, trusted), settings, contact).filter(pl.col("hub"))
            if verdict.is_empty():
                break
            new = verdict.select(
                "kind", "group", pl.col("size").cast(pl.UInt32), pl.col("posters").cast(pl.UInt32).alias("strangers")
            )
            cut = pl.concat([cut, new])
    return cut.with_columns(pl.lit("hub").alias("reason")).sort("kind", "group")


def prune_strangers(groups: pl.DataFrame, ties: pl.DataFrame, contact: pl.DataFrame | None = None) -> pl.DataFrame:
    """Drop an ad from a picture or text group when nothing ties it directly to another member.

    A stock photo or copied text shared by a network and one unrelated poster would otherwise pull
    the stranger into the network. Picture and text groups still join *different* parts of a
    network (two personas each with their own phone), which is what they are for: a member stays
    when it shares a poster with at least one other member, or when it shows neither a contact of
    its own (``contact``: rows with a phone, e-mail, handle or number that is not a hub) nor any
    other link, since then nothing says it is someone else (the ads of a text-only network).
    """
    weak = groups.filter(pl.col("kind").is_in(WEAK))
    if weak.is_empty():
        return groups
    within = posters_within(weak, pl.concat([groups, ties]), (*STRONG, "persona"))
    stays = pl.len().over("kind", "group", "poster") > 1
    if contact is not None:  # an ad with no contact and no other link: nothing says it is someone else
        linked = groups.group_by("row").len().filter(pl.col("len") > 1).select("row")
        unknown = ~pl.col("row").is_in(contact["row"].implode()) & ~pl.col("row").is_in(linked["row"].implode())
        stays = stays | unknown
    tied = within.filter(stays).select("row", "kind", "group")
    return pl.concat([groups.filter(~pl.col("kind").is_in(WEAK)), _multi(tied.cast(GROUP_SCHEMA))])  # type: ignore[arg-type]
