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
never an identifying value. `court` and `historical` are the source's own `court_statistics.csv` /
`historical_identified.csv` (from the registry: its aggregate tables, where `spor load-published`
puts the figures Spor ships in `data/`); nothing else is merged in.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import polars as pl

from spor.interchange.extract import pseudonymous_extract
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


def tables_from_folder(folder: Folder | str | Path) -> Tables:
    """Flat tables from an interchange folder (read and validated if given as a path).

    The folder alone: its `historical_identified.csv` and `court_statistics.csv` are the
    published figures of the report; nothing is merged in (the history Spor ships is registry
    data, `spor.releases.published`, and `spor export` writes it into the folder).
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
        court=folder["court_statistics"].sort("year", "unit"),
        historical=folder["historical_identified"].sort("year"),
        warnings=list(folder.warnings),
        no_police_report=folder["no_police_report"],
        present=frozenset(folder.present) & CASE_FILES,
        absent_columns=frozenset(folder.absent_columns),
    )


def tables_from_registry() -> Tables:
    """Flat tables from the case registry.

    Built on `spor.interchange.extract.pseudonymous_extract`, the same tables `spor export` writes
    (and the estimate reads), so the registry and an exported folder give the same figures by
    construction, ages included: nothing is decrypted, the age at a decision is the decision's
    stored `age_at_decision` (docs/definitions.md#ages). The published history is in the
    registry's aggregate tables (`spor load-published`).
    """
    return tables_from_folder(pseudonymous_extract())


def digest(tables: Tables) -> str:
    """SHA-256 over every table of the extract, as CSV in a fixed order: the state a release was made from.

    The tables come sorted by id from the extract, so the same registry gives the same digest.
    """
    h = hashlib.sha256()
    for name in ("persons", "inquiries", "assessments", "decisions", "returns", "police_reports", "statuses",
                 "court", "historical"):  # fmt: skip
        frame: pl.DataFrame = getattr(tables, name)
        h.update(name.encode() + b"\x00")
        lists = [n for n, kind in frame.schema.items() if isinstance(kind, pl.List)]
        flat = frame.with_columns(pl.col(n).list.eval(pl.element().cast(pl.Utf8)).list.join(";") for n in lists)
        h.update(flat.write_csv().encode())
    h.update(",".join(sorted(tables.present)).encode())
    return h.hexdigest()
