"""Benchmark of the statistics engine (docs/statistics.md#benchmark).

Generates an interchange folder of N identified persons over 19 years (2007-2025) with their
inquiries, assessments, decisions, returns, statuses and police reports (plus persons assessed
and not identified), then times, for one year:
  1. reading and validating the folder (spor.interchange.reader),
  2. all figures of the year and report.json (spor.stats.report + the JSON renderer),
  3. a plain DuckDB SQL computation of the headline figures over the same CSV files (baseline),
and the same for a Danish-sized folder (about 100 identified a year).

    .venv/bin/python bench/stats.py            # 1,000,000 identified persons
    .venv/bin/python bench/stats.py --quick    # 50,000, under a minute
"""

# ruff: noqa: S608 (SQL over generated files in a temporary folder)
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spor.settings")

from spor import vocabulary as v
from spor.stats.extract import tables_from_folder
from spor.stats.render import render, render_json
from spor.stats.report import build_report

FIRST_YEAR, LAST_YEAR = 2007, 2025
NATIONALITIES = ["NG", "TH", "RO", "UA", "VN", "MA", "PL", "BR", "CN", "ES", "UG", "RU-CE", "LA", "MX", "MD", "ZZ"]


def _dates(rng: np.random.Generator, years: np.ndarray) -> np.ndarray:
    start = (years - 1970) * 365.25
    return (np.datetime64("1970-01-01") + (start + rng.integers(0, 365, len(years))).astype("timedelta64[D]")).clip(
        None, np.datetime64(f"{LAST_YEAR}-12-31")
    )


def _write(frame: pl.DataFrame, path: Path) -> None:
    """Empty text as null: polars then writes a bare empty cell, not a quoted one."""
    frame.with_columns(pl.col(pl.Utf8).replace("", None)).write_csv(path)


def generate(folder: Path, identified: int, seed: int = 5) -> None:
    """Write a synthetic interchange folder: `identified` identified persons and a tenth as many
    assessed and not identified, each with an inquiry, an assessment and a decision."""
    rng = np.random.default_rng(seed)
    n = identified + identified // 10
    ids = np.char.add("P", np.arange(n).astype(str))
    pick = lambda values, size: np.array(values)[rng.integers(0, len(values), size)]  # noqa: E731
    born = rng.integers(1950, 2006, n)
    persons = pl.DataFrame(
        {
            "person_id": ids,
            "gender": pick(["female", "female", "female", "male", "male", "trans", ""], n),
            "birth_year": np.where(rng.random(n) < 0.05, None, born).tolist(),
            "nationality": pick(NATIONALITIES, n),
            "residence_status": pick([str(c) for c in v.ResidenceStatus.values], n),
        }
    )
    _write(persons, folder / "persons.csv")
    year = rng.integers(FIRST_YEAR, LAST_YEAR + 1, n)
    interview = _dates(rng, year)
    senders = [str(c) for c in v.ActorType.values]
    pl.DataFrame(
        {
            "inquiry_id": np.char.add("I", np.arange(n).astype(str)),
            "received_on": interview - rng.integers(1, 30, n).astype("timedelta64[D]"),
            "channel": pick(["hotline", "email", "other"], n),
            "sender_type": pick(senders, n),
            "sender_org": pick(["", "Københavns Politi", "Reden International"], n),
            "person_id": ids,
        }
    ).with_columns(pl.col("received_on").dt.date()).pipe(_write, folder / "inquiries.csv")
    pl.DataFrame(
        {
            "assessment_id": np.char.add("A", np.arange(n).astype(str)),
            "person_id": ids,
            "inquiry_id": np.char.add("I", np.arange(n).astype(str)),
            "first_interview_on": interview,
            "assessed_by": pick(["cmm", "dis"], n),
            "referrer_type": pick(["police", "police", "dis", "ngo", "self", "other"], n),
            "referrer_org": pick(["Københavns Politi", "Nordsjællands Politi", "Fyns Politi"], n),
        }
    ).with_columns(pl.col("first_interview_on").dt.date()).pipe(_write, folder / "assessments.csv")
    positive = np.arange(n) < identified
    decided = interview + rng.integers(5, 60, n).astype("timedelta64[D]")
    decided = np.minimum(decided, np.datetime64(f"{LAST_YEAR}-12-31"))
    exploitation = pick([str(c) for c in v.Exploitation.values], n)
    pl.DataFrame(
        {
            "decision_id": np.char.add("D", np.arange(n).astype(str)),
            "person_id": ids,
            "decided_on": decided,
            "authority": pick(["cmm", "dis", "court"], n),
            "identified": np.where(positive, "yes", "no"),
            "contact_actor_type": pick(senders, n),
            "contact_actor_org": pick(["", "Københavns Politi"], n),
            "primary_exploitation": exploitation,
            "secondary_exploitation": pick(["", "", "criminal", "forced_labour;criminal"], n),
            "sector": np.where(exploitation == "forced_labour", pick([str(c) for c in v.Sector.values], n), ""),
            "crime_type": np.where(exploitation == "criminal", pick([str(c) for c in v.CrimeType.values], n), ""),
            "exploitation_place": pick(["denmark", "abroad", "both", "unknown"], n),
        }
    ).with_columns(pl.col("decided_on").dt.date()).pipe(_write, folder / "decisions.csv")
    back = np.flatnonzero(positive & (rng.random(n) < 0.35))
    pl.DataFrame(
        {
            "person_id": ids[back],
            "departed_on": np.minimum(decided[back] + 40, np.datetime64(f"{LAST_YEAR}-12-31")),
            "destination": persons.get_column("nationality").to_numpy()[back],
            "in_kind_dkk": rng.integers(0, 40000, len(back)),
            "cash_dkk": rng.integers(0, 20000, len(back)),
            "children": rng.integers(0, 3, len(back)),
        }
    ).with_columns(pl.col("departed_on").dt.date()).pipe(_write, folder / "returns.csv")
    who = np.flatnonzero(positive)
    pl.DataFrame(
        {
            "person_id": ids[who],
            "as_of": decided[who] + 30,
            "status": pick([str(c) for c in v.YearEndStatus.values], len(who)),
        }
    ).with_columns(pl.col("as_of").dt.date()).pipe(_write, folder / "statuses.csv")
    filed = np.flatnonzero(positive & (rng.random(n) < 0.3))
    pl.DataFrame(
        {
            "person_id": ids[filed],
            "filed_on": decided[filed] + 10,
            "filed_by": pick(["person_assisted", "cmm"], len(filed)),
            "legal_basis": pick(["262a", "262a", "262b"], len(filed)),
            "police_district": pick(["Københavns Politi"], len(filed)),
            "anonymous": pick(["yes", "no"], len(filed)),
        }
    ).with_columns(pl.col("filed_on").dt.date()).pipe(_write, folder / "police_reports.csv")


def duckdb_headline(folder: Path, year: int) -> dict[str, int]:
    """The headline figures in plain SQL: inquiries, assessed persons, identified persons, by gender."""
    import duckdb

    con = duckdb.connect()
    q = lambda sql: con.execute(sql).fetchall()  # noqa: E731
    d = f"'{folder}/decisions.csv'"
    out = {
        "inquiries": q(f"select count(*) from '{folder}/inquiries.csv' where year(received_on) = {year}")[0][0],
        "assessed": q(
            f"select count(distinct person_id) from '{folder}/assessments.csv' where year(first_interview_on) = {year}"
        )[0][0],
        "identified": q(
            f"select count(distinct person_id) from {d} where identified = 'yes' and year(decided_on) = {year}"
        )[0][0],
    }
    gender = q(
        f"""select coalesce(p.gender, 'unknown'), count(*) from (
              select distinct person_id from {d} where identified = 'yes' and year(decided_on) = {year}) c
            join '{folder}/persons.csv' p using (person_id) group by 1"""
    )
    out.update({f"gender_{g}": n for g, n in gender})
    return out


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(identified: int, year: int, label: str, all_formats: bool = False) -> None:
    with tempfile.TemporaryDirectory(prefix="spor-bench-") as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        generate(folder, identified)
        size = sum(f.stat().st_size for f in folder.iterdir()) / 1e6
        print(
            f"[{label}] generated {identified:,} identified persons, {size:.0f} MB in {time.perf_counter() - t0:.1f} s"
        )
        t0, c0 = time.perf_counter(), time.process_time()
        tables = tables_from_folder(folder)
        read, read_cpu = time.perf_counter() - t0, time.process_time() - c0
        t0, c0 = time.perf_counter(), time.process_time()
        report = build_report(tables, year, report_date=dt.date(year + 1, 4, 1))
        render_json(report, folder / "out")
        figures, figures_cpu = time.perf_counter() - t0, time.process_time() - c0
        t0, c0 = time.perf_counter(), time.process_time()
        baseline = duckdb_headline(folder, year)
        sql, sql_cpu = time.perf_counter() - t0, time.process_time() - c0
        rows = {name: getattr(tables, name).height for name in ("persons", "inquiries", "assessments", "decisions")}
        print(f"[{label}] rows: {rows}")
        # CPU time (all threads of this process) beside wall time: the machine may be shared.
        print(f"[{label}] read + validate folder: {read:.2f} s (CPU {read_cpu:.2f} s)")
        print(f"[{label}] all figures of {year} + report.json: {figures:.2f} s (CPU {figures_cpu:.2f} s)")
        print(f"[{label}] total (read + figures + JSON): {read + figures:.2f} s (CPU {read_cpu + figures_cpu:.2f} s)")
        print(f"[{label}] DuckDB SQL headline figures from the CSV files: {sql:.2f} s (CPU {sql_cpu:.2f} s)")
        print(f"[{label}] ratio Spor total / DuckDB headline: {(read + figures) / sql:.1f}x")
        print(f"[{label}] ratio Spor figures alone / DuckDB headline: {figures / sql:.1f}x")
        same = baseline["identified"] == report["identified"]["total"] and baseline["inquiries"] == (
            report["inquiries"] or {}
        ).get("total")
        print(f"[{label}] headline figures agree with DuckDB: {same} ({json.dumps(baseline)})")
        if all_formats:
            t0, c0 = time.perf_counter(), time.process_time()
            render(report, folder / "all")
            print(
                f"[{label}] all five formats (json, html, pdf, xlsx, csv): {time.perf_counter() - t0:.2f} s "
                f"(CPU {time.process_time() - c0:.2f} s)"
            )
        print(
            f"[{label}] peak memory (RSS): {peak_mb():.0f} MB; "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small run (50,000 persons)")
    args = parser.parse_args()
    import django

    django.setup()
    run(50_000 if args.quick else 1_000_000, 2025, "large")
    # A Danish-sized year: about 100 identified a year over 19 years.
    run(1_900, 2025, "danish", all_formats=True)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
