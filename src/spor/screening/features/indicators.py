"""Ad indicators from the data file ``spor/screening/indicators/indicators.toml``.

See docs/screening-analysis.md#indicators-and-their-evidence.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polars as pl

INDICATOR_FILE = Path(__file__).resolve().parent.parent / "indicators" / "indicators.toml"
COMPUTED = ("obscured_phone", "stated_ethnicity")


@dataclass(frozen=True)
class Indicator:
    id: str
    category: str
    language: str
    pattern: str
    weight: float
    label_da: str
    label_en: str
    source: str


@cache
def load(path: Path = INDICATOR_FILE) -> tuple[Indicator, ...]:
    """The indicators of the data file; a bad entry raises ValueError naming it."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    out = []
    for number, entry in enumerate(data.get("indicator", []), start=1):
        try:
            out.append(Indicator(**{k: entry[k] for k in Indicator.__dataclass_fields__}))
        except KeyError as exc:
            raise ValueError(f"{path}: indicator {number}: missing {exc.args[0]}") from exc
    return tuple(out)


def by_id() -> dict[str, Indicator]:
    return {indicator.id: indicator for indicator in load()}


def matches(normalised_text: pl.Expr) -> pl.Expr:
    """A list column of the ids of the text-pattern indicators that match."""
    hits = [
        pl.when(normalised_text.str.contains(indicator.pattern)).then(pl.lit(indicator.id))
        for indicator in load()
        if indicator.pattern
    ]
    return pl.concat_list(hits).list.drop_nulls() if hits else pl.lit([], pl.List(pl.String))
