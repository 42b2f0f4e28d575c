"""Time series 2007-Y: published aggregates where they exist, case data elsewhere (docs/definitions.md#time-series).

The series rule: a year listed in the published aggregates (`Tables.historical`: what Spor ships
plus the folder's `historical_identified.csv`) takes the published figure, because that is what
was published; every other year with case data is computed from it. A breakdown (by gender, by
exploitation group) comes from the aggregate only where its columns add up to the total (an
empty cell then counts as zero); otherwise that year has no breakdown rather than a wrong one.
Years with neither are left out of the series and named in a data-quality warning.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from spor.stats.extract import Tables
from spor.stats.figures import GENDERS, GROUPS, HISTORICAL_GENDERS, HISTORICAL_GROUPS, positives


def case_years(t: Tables) -> set[int]:
    """Years in which the case data has any inquiry, assessment or decision."""
    years: set[int] = set()
    for frame, column in (
        (t.inquiries, "received_on"),
        (t.assessments, "first_interview_on"),
        (t.decisions, "decided_on"),
    ):
        years.update(int(y) for y in frame.get_column(column).dt.year().unique().drop_nulls().to_list())
    return years


def _case_identified(t: Tables, year: int) -> pl.DataFrame:
    """One row per (person, year of a positive decision) up to `year`, with gender and group.

    The earliest decision of the year gives the group. Most persons have one positive decision a
    year, so only the (person, year) pairs with several are sorted.
    """
    dated = (
        positives(t)
        .select("person_id", "decided_on", "decision_id", "primary_exploitation", "gender", "year")
        .filter(pl.col("year") <= year)
    )
    several = pl.struct("person_id", "year").is_duplicated()
    first = pl.concat(
        [
            dated.filter(~several),
            dated.filter(several).sort("decided_on", "decision_id").unique(["person_id", "year"], keep="first"),
        ]
    )
    primary = pl.col("primary_exploitation").fill_null("undetermined")
    return first.select(
        "year",
        pl.col("gender").fill_null("unknown"),
        pl.when(primary.str.starts_with("sexual")).then(pl.lit("sexual")).otherwise(primary).alias("group"),
    )


def _grid(frame: pl.DataFrame, column: str, codes: list[str]) -> dict[int, dict[str, int]]:
    grid: dict[int, dict[str, int]] = {}
    for year, code, n in frame.group_by("year", column).len().iter_rows():
        grid.setdefault(int(year), dict.fromkeys(codes, 0))[code] = int(n)
    return grid


def _published_breakdown(row: dict[str, Any], columns: tuple[str, ...], codes: list[str]) -> dict[str, int] | None:
    given = {c: row.get(c) for c in columns}
    if all(n is None for n in given.values()) or sum(n or 0 for n in given.values()) != row["total"]:
        return None
    return {code: int(given.get(code) or 0) for code in codes}


def series(t: Tables, year: int) -> tuple[dict[str, Any], list[int]]:
    """The `series` section of report.json, and the years left out for want of any figure."""
    published = {int(r["year"]): r for r in t.historical.filter(pl.col("year") <= year).iter_rows(named=True)}
    with_data = {y for y in case_years(t) if y <= year}
    case = _case_identified(t, year)
    case_totals = dict(case.group_by("year").len().iter_rows())
    by_gender, by_group = _grid(case, "gender", GENDERS), _grid(case, "group", GROUPS)
    years = sorted(set(published) | with_data)
    missing = [y for y in range(years[0], year + 1) if y not in years] if years else []
    identified: dict[str, int] = {}
    gender_series: dict[str, dict[str, int]] = {}
    group_series: dict[str, dict[str, int]] = {}
    for y in years:
        if y in published:
            identified[str(y)] = int(published[y]["total"])
            gender = _published_breakdown(published[y], HISTORICAL_GENDERS, GENDERS)
            group = _published_breakdown(published[y], HISTORICAL_GROUPS, GROUPS)
        else:
            identified[str(y)] = int(case_totals.get(y, 0))
            gender = by_gender.get(y, dict.fromkeys(GENDERS, 0))
            group = by_group.get(y, dict.fromkeys(GROUPS, 0))
        if gender is not None:
            gender_series[str(y)] = gender
        if group is not None:
            group_series[str(y)] = group
    return {
        "identified": identified,
        "identified_cumulative": sum(identified.values()),
        "identified_by_exploitation": group_series,
        "identified_by_gender": gender_series,
        "inquiries": _per_year(t.inquiries, "received_on", None, year),
        "assessed": _per_year(t.assessments, "first_interview_on", "person_id", year),
    }, missing


def _per_year(frame: pl.DataFrame, column: str, distinct: str | None, year: int) -> dict[str, int]:
    dated = frame.with_columns(pl.col(column).dt.year().alias("year")).filter(pl.col("year") <= year)
    if dated.height == 0:
        return {}
    if distinct:
        dated = dated.unique(["year", distinct])
    found = dict(dated.group_by("year").len().iter_rows())
    first = min(found)
    return {str(y): int(found.get(y, 0)) for y in range(first, year + 1)}
