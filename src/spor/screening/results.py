"""Reading the analysis results for the outreach pages (docs/screening-collect.md#outreach-pages).

The pipeline (``spor.screening.pipeline``) writes Parquet files; these functions read them and
return plain dataclasses with the reasons already in words (Danish in ``reasons``, English in
``reasons_en``). No Django models: the pages add follow-up marks and images from the store.
Every function returns an empty answer (or None) when no analysis has run yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import polars as pl

from spor.screening.features import identifiers as ident
from spor.screening.pipeline import analysis_dir

KIND_LABELS = {"phone": "telefon", "handle": "profil", "email": "e-mail", "image": "billede", "text": "tekstskabelon"}


@dataclass(frozen=True)
class NetworkSummary:
    network_id: str
    score: float
    n_ads: int
    personas: int
    names: list[str]
    ages: list[int]
    nationalities: list[str]
    phones: list[str]
    handles: list[str]
    cities: list[str]
    route: list[str]
    sites: list[str]
    first_seen: datetime
    last_seen: datetime
    reasons: list[str]
    reasons_en: list[str]


@dataclass(frozen=True)
class AdResult:
    site: str
    ad_id: str
    url: str
    title: str
    text: str
    seen_at: datetime
    first_seen: datetime
    last_seen: datetime
    city: str | None
    name: str | None
    age: int | None
    nationality: str | None
    network_id: str | None
    ad_score: float
    indicators: list[str]
    indicator_phrases: list[str]
    image_hashes: list[str]


@dataclass(frozen=True)
class SharedIdentifier:
    kind: str
    label: str  # Danish name of the kind
    value: str
    ads: list[str]  # "site:ad_id"


@dataclass(frozen=True)
class NetworkDetail(NetworkSummary):
    ads: list[AdResult] = field(default_factory=list)
    identifiers: list[SharedIdentifier] = field(default_factory=list)
    timeline: list[dict[str, Any]] = field(default_factory=list)


def _read(name: str, folder: Path | None = None) -> pl.DataFrame | None:
    path = (folder or analysis_dir()) / name
    return pl.read_parquet(path) if path.exists() else None


def _summary(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "network_id": row["network_id"], "score": row["score"], "n_ads": row["ads"], "personas": row["personas"],
        "names": row["names"] or [], "ages": row["ages"] or [], "nationalities": row["nationalities"] or [],
        "phones": row["phones"] or [], "handles": row["handles"] or [], "cities": row["cities"] or [],
        "route": row["route"] or [], "sites": row["sites"] or [], "first_seen": row["first_seen"],
        "last_seen": row["last_seen"], "reasons": row["reasons_da"] or [], "reasons_en": row["reasons_en"] or [],
    }  # fmt: skip


def networks_ranked(limit: int | None = None, folder: Path | None = None) -> list[NetworkSummary]:
    """Networks, highest score first."""
    frame = _read("networks.parquet", folder)
    if frame is None or frame.is_empty():
        return []
    rows = frame.head(limit) if limit else frame
    return [NetworkSummary(**_summary(row)) for row in rows.iter_rows(named=True)]


def _ad(row: dict[str, Any]) -> AdResult:
    return AdResult(
        site=row["site"], ad_id=row["ad_id"], url=row["url"], title=row["title"] or "", text=row["text"] or "",
        seen_at=row["seen_at"], first_seen=row["first_seen"], last_seen=row["last_seen"], city=row["claimed_city"],
        name=row["claimed_name"], age=row["claimed_age"], nationality=row["claimed_nationality"],
        network_id=row["network_id"], ad_score=row["ad_score"], indicators=row["indicators"] or [],
        indicator_phrases=row["highlights"] or [], image_hashes=row["image_hashes"] or [],
    )  # fmt: skip


def network_detail(network_id: str, folder: Path | None = None) -> NetworkDetail | None:
    """One network: summary, its ads (oldest first), the identifiers they share, the city timeline."""
    networks = _read("networks.parquet", folder)
    if networks is None or networks.is_empty():
        return None
    found = networks.filter(pl.col("network_id") == network_id)
    if found.is_empty():
        return None
    ads = _read("ads.parquet", folder)
    links = _read("links.parquet", folder)
    assert ads is not None and links is not None
    members = ads.filter(pl.col("network_id") == network_id).sort("seen_at")
    shared = (
        links.filter(pl.col("network_id") == network_id)
        .group_by("kind", "group")
        .agg((pl.col("site") + ":" + pl.col("ad_id")).sort().alias("ads"))
    )
    identifiers = [
        SharedIdentifier(kind, KIND_LABELS.get(kind, kind), group if kind != "text" else KIND_LABELS["text"], keys)
        for kind, group, keys in shared.sort("kind", "group").iter_rows()
    ]
    timeline = (
        members.with_columns(pl.col("seen_at").dt.date().alias("date"))
        .group_by("date", "claimed_city")
        .len("ads")
        .sort("date")
        .rename({"claimed_city": "city"})
        .to_dicts()
    )
    return NetworkDetail(
        **_summary(found.row(0, named=True)),
        ads=[_ad(row) for row in members.iter_rows(named=True)],
        identifiers=identifiers,
        timeline=timeline,
    )


@dataclass(frozen=True)
class IdentifierHit:
    kind: str
    value: str
    network_id: str | None
    site: str
    ad_id: str
    title: str
    city: str | None


def _query_values(text: str) -> tuple[list[str], str]:
    """Phone numbers in the query (E.164, obfuscations undone) and the bare handle/e-mail text."""
    bare = text.strip().lower().lstrip("@")
    return ident.phones(text), bare.split(":", 1)[-1]


def find_by_identifier(text: str, folder: Path | None = None) -> list[IdentifierHit]:
    """Ads with this phone number (in any writing), messenger handle or e-mail address."""
    ads = _read("ads.parquet", folder)
    if ads is None or not text.strip():
        return []
    numbers, bare = _query_values(text)
    conditions = [pl.col("handles").list.eval(pl.element().str.split(":").list.last() == bare).list.any()]
    conditions.append(pl.col("emails_found").list.contains(bare))
    if numbers:
        conditions.append(pl.col("phones_found").list.eval(pl.element().is_in(numbers)).list.any())
    hits = ads.filter(pl.any_horizontal(conditions)).sort("network_id", "seen_at", nulls_last=True)
    out = []
    for row in hits.iter_rows(named=True):
        phones = [p for p in row["phones_found"] or [] if p in numbers]
        kind, value = ("phone", phones[0]) if phones else ("handle", bare)
        out.append(
            IdentifierHit(
                kind, value, row["network_id"], row["site"], row["ad_id"], row["title"] or "", row["claimed_city"]
            )
        )
    return out


def weekly_trends(folder: Path | None = None) -> list[dict[str, Any]]:
    """Ads first seen per ISO week, by site, by city and by claimed nationality."""
    ads = _read("ads.parquet", folder)
    if ads is None or ads.is_empty():
        return []
    weekly = ads.with_columns(pl.col("first_seen").dt.strftime("%G-W%V").alias("week"))
    parts = []
    for dimension, column in (("site", "site"), ("by", "claimed_city"), ("nationalitet", "claimed_nationality")):
        counted = weekly.group_by("week", column).len("ads").rename({column: "value"})
        parts.append(counted.with_columns(pl.lit(dimension).alias("dimension"), pl.col("value").fill_null("ukendt")))
    table = pl.concat([p.select("week", "dimension", "value", "ads") for p in parts])
    return table.sort("week", "dimension", "ads", descending=[False, False, True]).to_dicts()
