"""Time series 2007-Y: published aggregates where they exist, case data elsewhere (docs/definitions.md#time-series).

The series rule: a year listed in the published aggregates (`Tables.historical`: what Spor ships
plus the folder's `historical_identified.csv`) takes the published total, because that is what
was published; every other year with case data is computed from it. A breakdown (by gender, by
exploitation group, children) of a year is built code by code: the published figure where the
aggregate gives one (when the given columns add up to the total, an empty one counts as zero);
else the case data's, for a year without an aggregate or whose case data add up to the published
total; else that code is absent (None), never 0. A year whose breakdown has no code at all is
left out of that breakdown. Inquiries and assessed come from the case data for the years its
file has records of and from the aggregate's `inquiries` / `assessed` elsewhere; a year with
neither is absent.
Years without any identified figure are left out of the series and named in a warning.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from spor import vocabulary as v
from spor.stats.extract import Tables
from spor.stats.figures import GENDERS, GROUPS, HISTORICAL_GENDERS, HISTORICAL_GROUPS, positives, with_age


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
        .select("person_id", "decided_on", "decision_id", "primary_exploitation", "gender", "year", "age_at_decision")
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
    return with_age(t, first).select(
        "year",
        "age",
        pl.col("gender").fill_null("unknown"),
        primary.replace(v.EXPLOITATION_GROUPS).alias("group"),
    )


def _grid(frame: pl.DataFrame, column: str, codes: list[str]) -> dict[int, dict[str, int]]:
    grid: dict[int, dict[str, int]] = {}
    for year, code, n in frame.group_by("year", column).len().iter_rows():
        grid.setdefault(int(year), dict.fromkeys(codes, 0))[code] = int(n)
    return grid


def _breakdown(
    published: dict[str, Any] | None, columns: tuple[str, ...], codes: list[str], case: dict[str, int] | None
) -> dict[str, int | None] | None:
    """One year's breakdown by `codes` (module docstring); None when no code has a figure."""
    given = {c: published.get(c) for c in columns} if published else {}
    complete = published is not None and sum(n or 0 for n in given.values()) == published["total"]
    usable_case = case if published is None or (case and sum(case.values()) == published["total"]) else None
    out: dict[str, int | None] = {}
    for code in codes:
        if given.get(code) is not None:
            out[code] = int(given[code])  # type: ignore[arg-type]
        elif usable_case is not None:
            out[code] = usable_case.get(code, 0)
        elif complete and any(n is not None for n in given.values()):
            out[code] = 0
        else:
            out[code] = None
    if published is not None and published.get("other_or_undetermined") is not None and "other" in codes:
        out["other_or_undetermined"] = int(published["other_or_undetermined"])
    return out if any(n is not None for n in out.values()) else None


def series(t: Tables, year: int) -> tuple[dict[str, Any], list[int]]:
    """The `series` section of report.json, and the years left out for want of any figure."""
    published = {int(r["year"]): r for r in t.historical.filter(pl.col("year") <= year).iter_rows(named=True)}
    with_data = {y for y in case_years(t) if y <= year} if t.has("decisions") else set()
    case = _case_identified(t, year)
    case_totals = dict(case.group_by("year").len().iter_rows())
    by_gender, by_group = _grid(case, "gender", GENDERS), _grid(case, "group", GROUPS)
    children = dict(case.filter(pl.col("age") < 18).group_by("year").len().iter_rows())
    years = sorted(set(published) | with_data)
    missing = [y for y in range(years[0], year + 1) if y not in years] if years else []
    identified: dict[str, int] = {}
    gender_series: dict[str, dict[str, int | None]] = {}
    group_series: dict[str, dict[str, int | None]] = {}
    child_series: dict[str, int] = {}
    for y in years:
        row = published.get(y)
        cased = y in with_data
        identified[str(y)] = int(row["total"]) if row else int(case_totals.get(y, 0))
        empty_genders, empty_groups = dict.fromkeys(GENDERS, 0), dict.fromkeys(GROUPS, 0)
        gender = _breakdown(row, HISTORICAL_GENDERS, GENDERS, by_gender.get(y, empty_genders) if cased else None)
        group = _breakdown(row, HISTORICAL_GROUPS, GROUPS, by_group.get(y, empty_groups) if cased else None)
        if gender is not None:
            gender_series[str(y)] = gender
        if group is not None:
            group_series[str(y)] = group
        child = _children(row, children.get(y, 0) if cased else None, int(case_totals.get(y, 0)))
        if child is not None:
            child_series[str(y)] = child
    return {
        "identified": identified,
        "identified_cumulative": sum(identified.values()),
        "identified_by_exploitation": group_series,
        "identified_by_gender": gender_series,
        "inquiries": _per_year(t, "inquiries", "received_on", None, year, published),
        "assessed": _per_year(t, "assessments", "first_interview_on", "person_id", year, published),
        "identified_children": child_series,
    }, missing


def _children(row: dict[str, Any] | None, case: int | None, case_total: int) -> int | None:
    if row is not None and row.get("children") is not None:
        return int(row["children"])
    if case is not None and (row is None or case_total == row["total"]):
        return case
    return None


def _per_year(
    t: Tables, name: str, column: str, distinct: str | None, year: int, published: dict[int, dict[str, Any]]
) -> dict[str, int]:
    """Per year: the case data's count for the years the file has records of, the aggregate's
    figure elsewhere; a year with neither is absent (not 0: a centre that records its work
    records inquiries every year, so a year without any is a year without data)."""
    key = "inquiries" if name == "inquiries" else "assessed"
    out = {y: int(r[key]) for y, r in published.items() if r.get(key) is not None}
    if t.has(name):
        frame: pl.DataFrame = getattr(t, name)
        dated = frame.with_columns(pl.col(column).dt.year().alias("year")).filter(pl.col("year") <= year)
        if distinct:
            dated = dated.unique(["year", distinct])
        found = dict(dated.group_by("year").len().iter_rows())
        out |= {int(y): int(n) for y, n in found.items()}
    return {str(y): out[y] for y in sorted(out)}
