"""The published history as registry data (docs/statistics.md#published-history).

Spor ships the published yearly figures it has collected (src/spor/stats/data/: identified
persons per year with breakdowns, § 262 a court statistics, each number with its sources).
`published_load` puts them into the registry's aggregate tables (`spor.interchange.models`), the
same tables an imported folder's `historical_identified.csv` / `court_statistics.csv` fill and
`spor export` writes. From then on they are registry data: the analyst sees and corrects them
in the web (`historical_update`, `court_update`, each an audit event with the values before and
after), and a report is made from the registry or from a folder alone, never with anything
merged in silently.
"""

from __future__ import annotations

import csv
from typing import Any

import polars as pl
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from spor.audit import services as audit
from spor.common.actor import Actor, service
from spor.interchange.format import COURT_STATISTICS, HISTORICAL_IDENTIFIED
from spor.interchange.models import CourtStatistic, HistoricalIdentified
from spor.organisations.permissions import require
from spor.stats.extract import DATA

HISTORICAL_COLUMNS = [c.name for c in HISTORICAL_IDENTIFIED.columns]
COURT_COLUMNS = [c.name for c in COURT_STATISTICS.columns]
#: The measures of a year besides the year itself, in the format's order.
HISTORICAL_MEASURES = [c for c in HISTORICAL_COLUMNS if c != "year"]
COURT_MEASURES = ["charges", "indictments", "convictions"]


def shipped_historical() -> pl.DataFrame:
    """The published yearly figures Spor ships, one row per year as in `historical_identified.csv`,
    plus `sources` (the ids of every number of the year, joined by ";").

    data/historical_identified.csv holds one published number per line with its sources (ids of
    data/sources.csv); every measure there is a column of the format (1.1).
    """
    long = pl.read_csv(DATA / "historical_identified.csv", schema_overrides={"value": pl.Int64, "year": pl.Int64})
    long = long.filter(pl.col("measure").is_in(HISTORICAL_COLUMNS))
    wide = long.pivot("measure", index="year", values="value")
    missing = [c for c in HISTORICAL_COLUMNS if c not in wide.columns]
    wide = wide.with_columns(pl.lit(None, dtype=pl.Int64).alias(c) for c in missing)
    sources = (
        long.select("year", pl.col("source").str.split(";"))
        .explode("source")
        .group_by("year")
        .agg(pl.col("source").unique().sort().str.join(";").alias("sources"))
    )
    return wide.select(HISTORICAL_COLUMNS).join(sources, on="year", how="left").sort("year")


def shipped_court() -> pl.DataFrame:
    """Rigsadvokaten's § 262 a statistics as published (data/court_statistics.csv), with `sources`."""
    frame = pl.read_csv(DATA / "court_statistics.csv", infer_schema=False)
    frame = frame.select(*COURT_COLUMNS, pl.col("source").alias("sources"))
    return frame.with_columns(pl.col(c).cast(pl.Int64) for c in COURT_COLUMNS if c != "unit").sort("year", "unit")


def sources() -> dict[str, dict[str, str]]:
    """The source list: id -> {"title", "location", "kind"}."""
    with (DATA / "sources.csv").open(encoding="utf-8") as handle:
        return {row["id"]: {k: v for k, v in row.items() if k != "id"} for row in csv.DictReader(handle)}


@service
def published_load(*, actor: Actor | None) -> dict[str, int]:
    """Load the shipped published figures for every year (and unit) the registry has none for.

    Idempotent, and never overwrites: a year already in the registry (imported from a folder or
    corrected by the analyst) keeps its figures. Returns the rows added per table; one audit
    event names the counts.
    """
    have = set(HistoricalIdentified.objects.values_list("year", flat=True))
    historical = [
        HistoricalIdentified(**row) for row in shipped_historical().iter_rows(named=True) if row["year"] not in have
    ]
    HistoricalIdentified.objects.bulk_create(historical)
    have_court = set(CourtStatistic.objects.values_list("year", "unit"))
    court = [
        CourtStatistic(**row)
        for row in shipped_court().iter_rows(named=True)
        if (row["year"], row["unit"]) not in have_court
    ]
    CourtStatistic.objects.bulk_create(court)
    counts = {"historical_identified": len(historical), "court_statistics": len(court)}
    if historical or court:
        audit.record(actor=actor, event="published.loaded", extra=counts)
    return counts


def _check(values: dict[str, Any], measures: list[str]) -> dict[str, int | None]:
    clean: dict[str, int | None] = {}
    for name in measures:
        value = values.get(name)
        if value is None or value == "":
            clean[name] = None
        elif isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            clean[name] = value
        else:
            raise ValidationError({name: _("Skal være et helt tal, mindst 0.")})
    return clean


def _update(
    actor: Actor, row: Any, values: dict[str, Any], measures: list[str], event: str, key: dict[str, Any]
) -> Any:
    require(actor, "releases.edit_published")
    clean = _check(values, measures)
    if "total" in measures and clean.get("total") is None:
        raise ValidationError({"total": _("Årets samlede antal skal udfyldes.")})
    new_sources = str(values.get("sources", "") or "").strip()
    known = sources()
    unknown = [s for s in new_sources.split(";") if s and s not in known]
    if unknown:
        raise ValidationError({"sources": _("Ukendt kilde: %(ids)s.") % {"ids": ", ".join(unknown)}})
    before = {name: getattr(row, name) for name in [*measures, "sources"]} if row.pk else {}
    for name, value in clean.items():
        setattr(row, name, value)
    row.sources = new_sources
    row.full_clean()
    row.save()
    after = {name: getattr(row, name) for name in [*measures, "sources"]}
    audit.record(actor=actor, event=event, subject=row, extra={**key, "before": before, "after": after})
    return row


@service
def historical_update(*, actor: Actor, year: int, values: dict[str, Any]) -> HistoricalIdentified:
    """Correct (or add) the published figures of a year; the audit event holds before and after."""
    row = HistoricalIdentified.objects.select_for_update().filter(year=year).first() or HistoricalIdentified(year=year)
    return _update(actor, row, values, HISTORICAL_MEASURES, "published.historical_changed", {"year": year})


@service
def court_update(*, actor: Actor, year: int, unit: str, values: dict[str, Any]) -> CourtStatistic:
    """Correct (or add) a year's court statistics in one unit; the audit event holds before and after."""
    row = CourtStatistic.objects.select_for_update().filter(year=year, unit=unit).first() or CourtStatistic(
        year=year, unit=unit
    )
    return _update(actor, row, values, COURT_MEASURES, "published.court_changed", {"year": year, "unit": unit})


def published_rows(*, actor: Actor) -> tuple[list[HistoricalIdentified], list[CourtStatistic]]:
    """The published figures in the registry, by year (and unit)."""
    require(actor, "releases.view")
    return list(HistoricalIdentified.objects.order_by("year")), list(CourtStatistic.objects.order_by("year", "unit"))


def historical_get(*, actor: Actor, year: int) -> HistoricalIdentified | None:
    require(actor, "releases.view")
    return HistoricalIdentified.objects.filter(year=year).first()
