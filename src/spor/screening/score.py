"""Risk scores per ad and per network, each with the reasons that make it up (docs/screening-analysis.md#pipeline).

No black box: a score is a sum of weighted signals from two data files (``indicators.toml`` for ad
indicators, ``network_weights.toml`` for network signals), and every signal that counted is listed
as a reason in words an outreach worker understands, Danish first, English second:
"samme telefonnummer i 14 annoncer under 6 navne i 4 byer på 3 uger".
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl

from spor.screening.features import indicators

WEIGHTS_FILE = Path(__file__).resolve().parent / "indicators" / "network_weights.toml"


@cache
def network_weights(path: Path = WEIGHTS_FILE) -> dict[str, dict[str, float]]:
    return dict(tomllib.loads(path.read_text(encoding="utf-8"))["signal"])


@dataclass(frozen=True)
class Reason:
    """One signal that counted: its weight and its explanation in Danish and English."""

    code: str
    weight: float
    da: str
    en: str


def ad_scores(features: pl.DataFrame) -> pl.DataFrame:
    """(row, ad_score, ad_reasons): the sum of the weights of the ad's indicators, and their ids."""
    weights = {indicator.id: indicator.weight for indicator in indicators.load()}
    score = (
        pl.col("indicators")
        .list.eval(pl.element().replace_strict(weights, default=0.0, return_dtype=pl.Float64))
        .list.sum()
    )
    return features.select("row", score.alias("ad_score"), pl.col("indicators").alias("ad_reasons"))


def ad_reasons(ids: list[str]) -> list[Reason]:
    """The indicator ids of an ad as reasons (one per category)."""
    known = indicators.by_id()
    seen: set[str] = set()
    out = []
    for code in ids:
        indicator = known.get(code)
        if indicator and indicator.category not in seen:
            seen.add(indicator.category)
            out.append(Reason(code, indicator.weight, indicator.label_da, indicator.label_en))
    return out


def _weeks(first: datetime, last: datetime) -> str:
    days = max(1, (last - first).days + 1)
    return f"{days} dage" if days < 14 else f"{round(days / 7)} uger"


def _weeks_en(first: datetime, last: datetime) -> str:
    days = max(1, (last - first).days + 1)
    return f"{days} days" if days < 14 else f"{round(days / 7)} weeks"


def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def network_reasons(summary: dict[str, Any]) -> list[Reason]:
    """The network signals that apply to one network summary (see ``networks_summary``)."""
    w = network_weights()
    n, names, cities = summary["ads"], len(summary["names"]), len(summary["cities"])
    when_da, when_en = (
        _weeks(summary["first_seen"], summary["last_seen"]),
        _weeks_en(summary["first_seen"], summary["last_seen"]),
    )
    out = []
    phone = summary.get("top_phone")
    if phone and phone["personas"] >= w["shared_phone"]["min_personas"]:
        out.append(Reason(
            "shared_phone", w["shared_phone"]["weight"],
            f"samme telefonnummer i {phone['ads']} annoncer under {phone['personas']} navne"
            f" i {_n(phone['cities'], 'by', 'byer')} på {when_da}",
            f"same phone in {phone['ads']} ads under {phone['personas']} names"
            f" in {_n(phone['cities'], 'city', 'cities')} in {when_en}",
        ))  # fmt: skip
    if names >= w["names"]["min"]:
        out.append(
            Reason(
                "names",
                w["names"]["weight"],
                f"{names} forskellige navne i {n} annoncer",
                f"{names} different names in {n} ads",
            )
        )
    if summary["image_personas"] >= w["shared_images"]["min_personas"]:
        k = summary["image_personas"]
        out.append(
            Reason(
                "shared_images",
                w["shared_images"]["weight"],
                f"de samme billeder under {k} navne",
                f"the same pictures under {k} names",
            )
        )
    if summary["template_personas"] >= w["template"]["min_personas"]:
        k = summary["template_personas"]
        out.append(
            Reason(
                "template",
                w["template"]["weight"],
                f"samme tekstskabelon under {k} navne/aldre",
                f"one text template under {k} names/ages",
            )
        )
    if cities >= w["cities"]["min"]:
        route = " → ".join(summary["route"][:6])
        out.append(
            Reason(
                "cities",
                w["cities"]["weight"],
                f"rundtur i {cities} byer ({route}) på {when_da}",
                f"circuit of {cities} cities ({route}) in {when_en}",
            )
        )
    if summary["burst"] >= w["burst"]["min_ads"]:
        k = summary["burst"]
        out.append(
            Reason("burst", w["burst"]["weight"], f"{k} annoncer inden for 48 timer", f"{k} ads within 48 hours")
        )
    if n > 2:
        out.append(
            Reason(
                "size", w["size"]["weight"] * math.log2(n / 2), f"{n} annoncer i netværket", f"{n} ads in the network"
            )
        )
    return out


def network_score(summary: dict[str, Any]) -> tuple[float, list[Reason]]:
    """The network's score: its signals plus the mean ad-indicator score, and the reasons."""
    reasons = network_reasons(summary)
    mean_ad = summary["mean_ad_score"]
    if mean_ad:
        top = ", ".join(summary["top_indicators_da"][:3])
        top_en = ", ".join(summary["top_indicators_en"][:3])
        reasons.append(
            Reason("ad_indicators", mean_ad, f"annoncernes indikatorer: {top}", f"the ads' indicators: {top_en}")
        )
    return round(sum(r.weight for r in reasons), 2), reasons
