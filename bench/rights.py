"""Benchmark of the police-report figures of format 1.2 (docs/statistics.md): for a cohort of N
identified persons in one year, a third with reports (each with a course of outcomes) and the rest
with reasons for not reporting, times `spor.stats.figures.police_reports` alone, wall and CPU.

    .venv/bin/python bench/rights.py            # 1,000,000 identified persons
    .venv/bin/python bench/rights.py --quick    # 50,000
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import time

import numpy as np
import polars as pl

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spor.settings")

import django

django.setup()

from spor import vocabulary as v  # noqa: E402
from spor.stats import figures  # noqa: E402
from spor.stats.extract import CASE_FILES, Tables  # noqa: E402

YEAR = 2025


def tables(n: int, seed: int = 7) -> tuple[Tables, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    ids = np.array([f"P{i}" for i in range(n)])
    reported = ids[: n // 3]
    days = rng.integers(0, 365, size=len(reported))
    filed = [dt.date(YEAR, 1, 1) + dt.timedelta(days=int(d)) for d in days]
    outcomes = [str(o) or None for o in rng.choice([*v.PoliceReportOutcome.values, ""], size=len(reported))]
    police = pl.DataFrame(
        {
            "person_id": reported,
            "filed_on": filed,
            "filed_by": rng.choice(v.PoliceReportFiler.values, size=len(reported)),
            "legal_basis": rng.choice(v.LegalBasis.values, size=len(reported)),
            "police_district": ["Københavns Politi"] * len(reported),
            "anonymous": rng.random(len(reported)) < 0.5,
            "assists_investigation": rng.random(len(reported)) < 0.5,
            "outcome": outcomes,
            "outcome_on": [f + dt.timedelta(days=60) if o else None for f, o in zip(filed, outcomes, strict=True)],
        }
    )
    rest = ids[n // 3 :]
    reasons = pl.DataFrame(
        {
            "person_id": rest,
            "recorded_on": [dt.date(YEAR, 6, 1)] * len(rest),
            "reason": rng.choice(v.NoReportReason.values, size=len(rest)),
        }
    )
    empty = pl.DataFrame()
    t = Tables(
        persons=empty, inquiries=empty, assessments=empty, decisions=empty, returns=empty,
        police_reports=police, statuses=empty, court=empty, historical=empty,
        no_police_report=reasons, present=CASE_FILES,
    )  # fmt: skip
    return t, pl.DataFrame({"person_id": ids})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    n = 50_000 if parser.parse_args().quick else 1_000_000
    t, people = tables(n)
    t0, c0 = time.perf_counter(), time.process_time()
    result = figures.police_reports(t, YEAR, people)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    load = os.getloadavg()[0]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"police_reports figures, {n:,} identified persons: {wall:.3f} s wall, {cpu:.3f} s CPU")
    print(f"  reported {result['persons']:,}, not filed {result['not_filed']['persons']:,}")
    print(f"  load average {load:.1f}, peak memory {rss:.0f} MiB")


if __name__ == "__main__":
    main()
