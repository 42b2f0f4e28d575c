"""The extract step: case data (an interchange folder or the registry) -> flat tables.

The figures (`spor.stats.figures`) are pure functions of a `Tables`, so whatever produces these
tables with these columns and types gets the same statistics. A registry extract must produce
exactly this (one row per record; empty = null; codes of `spor.vocabulary`):

- persons: person_id (str, unique), gender (str), birth_date (date), birth_year (int),
  nationality (str: the primary nationality), residence_status (str)
- inquiries: inquiry_id (str), received_on (date), channel, sender_type, sender_org (str),
  person_id (str or null)
- assessments: assessment_id, person_id, inquiry_id (str), first_interview_on (date),
  assessed_by, referrer_type, referrer_org (str)
- decisions: decision_id, person_id (str), decided_on (date), authority (str), identified (bool),
  age_at_decision (int or null), contact_actor_type, contact_actor_org, primary_exploitation (str),
  secondary_exploitation (list[str]), sector, crime_type, exploitation_place (str)
- returns: person_id (str), departed_on (date), destination (str), in_kind_dkk, cash_dkk,
  children (int)
- police_reports: person_id (str), filed_on (date), filed_by, legal_basis, police_district (str),
  anonymous (bool), assists_investigation (bool), outcome (str), outcome_on (date)
- no_police_report: person_id (str), recorded_on (date), reason (str): why no report was filed
- statuses: person_id (str), as_of (date), status (str)
- court: year (int), unit (str), charges, indictments, convictions (int)
- historical: year (int), total (int), female ... undetermined (int or null): published aggregates

`person_id` is the pseudonymous statistical key (docs/architecture.md#pseudonymous-statistics),
never an identifying value. `court` and `historical` start from the figures Spor ships (`data/`,
each with its source) and the folder's `court_statistics.csv` / `historical_identified.csv` extend
and override them year by year.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import polars as pl

from spor.interchange.extract import pseudonymous_extract
from spor.interchange.format import COURT_STATISTICS, HISTORICAL_IDENTIFIED
from spor.interchange.reader import Folder

DATA = Path(__file__).parent / "data"
CASE_FILES = frozenset(
    {"inquiries", "assessments", "decisions", "returns", "police_reports", "no_police_report", "statuses"}
)


@dataclass(frozen=True)
class Tables:
    persons: pl.DataFrame
    inquiries: pl.DataFrame
    assessments: pl.DataFrame
    decisions: pl.DataFrame
    returns: pl.DataFrame
    police_reports: pl.DataFrame
    statuses: pl.DataFrame
    court: pl.DataFrame
    historical: pl.DataFrame
    warnings: list[str] = field(default_factory=list)
    #: Why no police report was filed (format 1.2); absent from older folders.
    no_police_report: pl.DataFrame = field(default_factory=pl.DataFrame)
    #: The case-data files the source has; an absent one is absent data, not zero rows
    #: (docs/definitions.md#absent-is-never-zero). The registry has every file.
    present: frozenset[str] = CASE_FILES
    #: "file.column" of the columns a present file did not have (the reader's `absent_columns`).
    absent_columns: frozenset[str] = frozenset()

    def has(self, name: str) -> bool:
        return name in self.present

    def has_column(self, name: str, column: str) -> bool:
        return self.has(name) and f"{name}.{column}" not in self.absent_columns

    @cached_property
    def identifications(self) -> pl.DataFrame:
        """Positive decisions with their year and the person's gender and primary nationality.

        Derived once per Tables (several figures need it; the join is the costly part).
        """
        people = self.persons.select("person_id", "gender", "nationality")
        return (
            self.decisions.filter(pl.col("identified"))
            .join(people, on="person_id", how="left")
            .with_columns(pl.col("decided_on").dt.year().alias("year"))
        )


def tables_from_folder(folder: Folder | str | Path, *, shipped: bool = True) -> Tables:
    """Flat tables from an interchange folder (read and validated if given as a path).

    `shipped=False` leaves out the published figures Spor ships (for tests that need a folder alone).
    """
    folder = pseudonymous_extract(folder)
    persons = folder["persons"].with_columns(pl.col("nationality").list.first().alias("nationality"))
    return Tables(
        persons=persons,
        inquiries=folder["inquiries"],
        assessments=folder["assessments"],
        decisions=folder["decisions"],
        returns=folder["returns"],
        police_reports=folder["police_reports"],
        statuses=folder["statuses"],
        court=_merge(shipped_court() if shipped else None, folder["court_statistics"], ["year", "unit"]),
        historical=_merge(shipped_historical() if shipped else None, folder["historical_identified"], ["year"]),
        warnings=list(folder.warnings),
        no_police_report=folder["no_police_report"],
        present=frozenset(folder.present) & CASE_FILES,
        absent_columns=frozenset(folder.absent_columns),
    )


def tables_from_registry(*, shipped: bool = True) -> Tables:
    """Flat tables from the case registry.

    Built on `spor.interchange.extract.pseudonymous_extract`, the same tables `spor export` writes
    (and the estimate reads), so the registry and an exported folder give the same figures by
    construction, ages included: nothing is decrypted, the age at a decision is the decision's
    stored `age_at_decision` (docs/definitions.md#ages).
    """
    return tables_from_folder(pseudonymous_extract(), shipped=shipped)


def shipped_historical() -> pl.DataFrame:
    """The published yearly figures Spor ships, one row per year as in `historical_identified.csv`.

    data/historical_identified.csv holds one published number per line with its sources (ids of
    data/sources.csv); every measure there is a column of the format (1.1).
    """
    columns = [c.name for c in HISTORICAL_IDENTIFIED.columns]
    long = pl.read_csv(DATA / "historical_identified.csv", schema_overrides={"value": pl.Int64, "year": pl.Int64})
    wide = long.filter(pl.col("measure").is_in(columns)).pivot("measure", index="year", values="value")
    missing = [c for c in columns if c not in wide.columns]
    wide = wide.with_columns(pl.lit(None, dtype=pl.Int64).alias(c) for c in missing)
    return wide.select(columns).sort("year")


def shipped_court() -> pl.DataFrame:
    """Rigsadvokaten's § 262 a statistics as published (data/court_statistics.csv)."""
    return _read_shipped("court_statistics.csv", [c.name for c in COURT_STATISTICS.columns])


def _read_shipped(name: str, columns: list[str]) -> pl.DataFrame:
    frame = pl.read_csv(DATA / name, infer_schema=False).select(columns)
    return frame.with_columns(pl.col(c).cast(pl.Int64) for c in columns if c != "unit")


def _merge(base: pl.DataFrame | None, folder: pl.DataFrame, key: list[str]) -> pl.DataFrame:
    """The folder's rows, plus the shipped rows for keys the folder does not give.

    Where both give a row with the same total, the folder's empty cells take the shipped figures:
    a folder row with a total only does not wipe a published breakdown of the same number.
    """
    if base is None:
        return folder.sort(key)
    kept = base.join(folder.select(key), on=key, how="anti")
    mine = folder.select(base.columns)
    if "total" in base.columns:
        shipped = base.rename({c: f"{c}\x00shipped" for c in base.columns if c not in key})
        joined = mine.join(shipped, on=key, how="left")
        same = pl.col("total") == pl.col("total\x00shipped")
        mine = joined.select(
            *key,
            *(
                pl.when(same).then(pl.coalesce(c, f"{c}\x00shipped")).otherwise(pl.col(c)).alias(c)
                for c in base.columns
                if c not in key
            ),
        )
    return pl.concat([kept, mine], how="vertical_relaxed").sort(key)
