"""The report object: every figure of one year gathered as report.json (docs/definitions.md#report-json).

`build_report(tables, year)` returns a plain dict in the `spor-report/1` shape; renderers only
format it. Besides the normative keys it carries `warnings`, the data-quality warnings of the
issue (persons without gender or age, decisions without exploitation, statuses missing at year
end, returns of persons never identified, records dated after the report date, years without
any figure), each `{"code", "count", "da", "en"}`, so that nothing is silently dropped.
docs/definitions.md#report-json allows keys to be added.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from spor.stats import figures as f
from spor.stats.extract import Tables
from spor.stats.series import series

SPEC = "spor-report/1"


def build_report(t: Tables, year: int, *, report_date: dt.date | None = None) -> dict[str, Any]:
    """All figures of `year`, in the order of docs/definitions.md#report-json, plus data-quality warnings."""
    people = f.cohort(t, year)
    cohort_ids = people.get_column("person_id")
    time_series, missing_years = series(t, year)
    previous = time_series["identified"].get(str(year - 1))
    report: dict[str, Any] = {
        "spec": SPEC,
        "year": year,
        "inquiries": f.inquiries(t, year, cohort_ids),
        "assessed": f.assessed(t, year),
        "identified": f.identified(t, year, people, previous),
        "returns": f.returns(t, year, people),
        "status_end_of_year": f.status_end_of_year(t, year, people),
        "police_reports": f.police_reports(t, year, people),
        "series": time_series,
        "court": f.court(t, year),
    }
    report["warnings"] = warnings(t, year, people, report, missing_years, report_date or dt.date.today())
    return report


def _warn(code: str, count: int, da: str, en: str) -> dict[str, Any]:
    return {"code": code, "count": count, "da": da, "en": en}


def warnings(
    t: Tables, year: int, people: pl.DataFrame, report: dict[str, Any], missing: list[int], today: dt.date
) -> list[dict[str, Any]]:
    """The data-quality warnings of the year; each names what is missing and how often."""
    out = [_warn("folder", 1, w, w) for w in t.warnings]
    checks = [
        ("gender_unknown", people.filter(pl.col("gender") == "unknown").height,
         "personer uden køn (talt som ukendt)", "persons without gender (counted as unknown)"),
        ("age_unknown", report["identified"]["age"]["unknown"],
         "personer uden fødselsdato eller fødselsår", "persons without birth date or birth year"),
        ("exploitation_missing", _without_exploitation(t, people),
         "afgørelser uden udnyttelsesform (talt som uafklaret)", "decisions without exploitation (as undetermined)"),
        ("status_missing", report["status_end_of_year"]["unknown"],
         "personer uden status ved årets udgang", "persons without a status at year end"),
        ("return_not_identified", _returns_never_identified(t, year),
         "hjemrejser for personer, der aldrig er vurderet udsat", "returns of persons never identified"),
        ("dated_after_report", _dated_after(t, today),
         f"registreringer dateret efter rapportdatoen {today.isoformat()}",
         f"records dated after the report date {today.isoformat()}"),
        ("authority_unknown", report["identified"]["by_authority"].get("unknown", 0),
         "afgørelser uden myndighed", "decisions without an authority"),
    ]  # fmt: skip
    out += [_warn(code, n, f"{n} {da}", f"{n} {en}") for code, n, da, en in checks if n]
    if missing:
        years = ", ".join(str(y) for y in missing)
        out.append(
            _warn(
                "series_gap",
                len(missing),
                f"ingen tal for {years} i tidsserien",
                f"no figure for {years} in the series",
            )
        )
    return out


def _without_exploitation(t: Tables, people: pl.DataFrame) -> int:
    empty = t.decisions.filter(pl.col("primary_exploitation").is_null())
    return empty.join(people.select("decision_id"), on="decision_id", how="semi").height


def _returns_never_identified(t: Tables, year: int) -> int:
    departed = t.returns.filter(pl.col("departed_on").dt.year() == year)
    return (
        departed.join(f.positives(t).select("person_id"), on="person_id", how="anti").get_column("person_id").n_unique()
    )


def _dated_after(t: Tables, today: dt.date) -> int:
    dated = (
        (t.inquiries, "received_on"),
        (t.assessments, "first_interview_on"),
        (t.decisions, "decided_on"),
        (t.returns, "departed_on"),
        (t.police_reports, "filed_on"),
        (t.statuses, "as_of"),
    )
    return sum(frame.filter(pl.col(column) > today).height for frame, column in dated)
