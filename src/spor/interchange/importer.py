"""Importing a validated interchange folder into the case registry (docs/interchange.md).

    folder = read_folder(path)                                   # the format's own checks
    counts = interchange_import(actor=None, folder=folder, source=path)

Who: the operator (actor None, the `spor import` command) or a centre manager. Everything else is
refused with PermissionDenied.

All or nothing: the folder is first compared with the registry, and every problem only the
database can see is collected as `file:line: column: message` (lines exact when `source` names
the folder on disk): an id already in the registry with other content, a departure before the
person's first positive decision recorded in the registry, a value longer than its column, a
number too large to store, a birth year in the future, a birth date that contradicts the one
stored. Any error raises `ImportErrors` and nothing is written. Then, in one transaction, the
new rows are written with bulk inserts and ONE audit event `interchange.imported` holds the
counts. Imported rows get no per-row change history: their origin is that event.

Idempotent: rows are matched with the registry by their ids (`person_id`, `inquiry_id`,
`assessment_id`, `decision_id`; `year` and `unit` for the aggregates); a row equal to the
stored one (compared as `spor export` would write it) is skipped, a different one is an error,
never a silent update. Rows without ids (returns, police reports, statuses) are matched on their
whole content, as many times as they occur. So the same folder twice changes nothing, and a
folder that adds rows adds exactly those.

Mapping rows to the case structure (a Case is one passage of a person through the process):
1. persons -> Person with `key` = person_id and an empty identity (identifying data never
   travels); `birth_date` is stored encrypted in `birth_date_ct`, `birth_year` is set from it.
   Empty gender and residence status are `unknown`, an empty nationality is none.
2. assessments -> one new Case each, opened on the first interview or on the received date of
   its inquiry, whichever is earlier; an Assessment (outcome `put_to_decision` if its case gets
   a decision) with one Interview on the first interview date.
3. decisions, returns, police reports, in date order per person -> the person's latest case
   opened on or before that date (cases of the registry included), or a new case opened on
   that date if there is none. A return becomes a ReturnPlan with status `departed` (applied
   for and departed on `departed_on`); empty amounts and children are 0; an empty `anonymous`
   is "no".
4. statuses -> StatusRecord of the person.
5. inquiries -> Inquiry (state `closed`: history, not work for the inbox) linked to its person;
   an inquiry named by an assessment belongs to that assessment's case; one marked as a
   `notification` gets an anonymous Referral (no identity, coded fields unknown).
6. court_statistics, historical_identified -> the aggregates of `spor.interchange.models`.
New cases are numbered `CMM-<year>-<n>` after the highest number of their year, by the function
that numbers the cases the services open (`spor.cases.services.inquiries.case_numbers`). Their
status follows their content, walked through the services' transition table
(`spor.cases.transitions`): `assessment`, then by the latest decision `decision_pending` and
`identified` / `not_identified`, then with a return `return_planned` and `departed`; a step the
table refuses is an error at the row that asks for it. Cases already in the registry keep their
status. Text lengths and number ranges are those of the model fields the columns are stored in.

Why bulk inserts and not the services row by row, and how the two stay on the same rules:
docs/adr/0002-bulk-import.md.
"""

from __future__ import annotations

import bisect
import csv
import os
import uuid
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext
from tqdm import tqdm

from spor.audit import services as audit
from spor.cases import transitions
from spor.cases.models import (
    Assessment,
    AssessmentOutcome,
    Case,
    CaseComplex,
    CaseStatus,
    Decision,
    Inquiry,
    InquiryState,
    Interview,
    NoPoliceReport,
    PoliceReport,
    Referral,
    ReferralConsent,
    ReportOutcome,
    ReturnPlan,
    ReturnStatus,
    StatusRecord,
    UnaccompaniedMinor,
)
from spor.cases.services.inquiries import case_numbers
from spor.common.actor import Actor, service
from spor.interchange.exporter import cells
from spor.interchange.format import BY_NAME, FILES, FileSpec
from spor.interchange.models import CourtStatistic, HistoricalIdentified
from spor.interchange.reader import Folder
from spor.interchange.registry import registry_folder
from spor.organisations.permissions import is_manager
from spor.people import crypto, names
from spor.people.models import Person

ROW = "_row"
#: The police_reports columns of format 1.2: a folder without them is not compared on them.
OPTIONAL_1_2 = ("assists_investigation", "outcome", "outcome_on")
BATCH = 2000
#: Files whose rows carry an id (or a key of several columns); the others are matched on content.
KEYS: dict[str, list[str]] = {
    "persons": ["person_id"],
    "inquiries": ["inquiry_id"],
    "assessments": ["assessment_id"],
    "decisions": ["decision_id"],
    "court_statistics": ["year", "unit"],
    "historical_identified": ["year"],
}
#: Where the rows of each file are stored, and the columns stored under another field name. The
#: limits an import checks (text length, largest number) are those of these model fields.
STORED_IN: dict[str, tuple[type[models.Model], dict[str, str]]] = {
    "persons": (Person, {"person_id": "key", "nationality": "nationalities"}),
    "inquiries": (Inquiry, {"inquiry_id": "external_id"}),
    "assessments": (Assessment, {"assessment_id": "external_id"}),
    "decisions": (Decision, {"decision_id": "external_id"}),
    "returns": (ReturnPlan, {}),
    "police_reports": (PoliceReport, {}),
    "no_police_report": (NoPoliceReport, {}),
    "statuses": (StatusRecord, {}),
    "court_statistics": (CourtStatistic, {}),
    "historical_identified": (HistoricalIdentified, {}),
}


def stored_field(spec: FileSpec, column: str) -> models.Field[Any, Any] | None:
    """The model field a column of `spec` is stored in (None for references and derived columns)."""
    model, renamed = STORED_IN[spec.name]
    try:
        found = model._meta.get_field(renamed.get(column, column))
    except FieldDoesNotExist:
        return None
    return found if isinstance(found, models.Field) and not found.is_relation else None


def largest(f: models.Field[Any, Any]) -> int | None:
    """The largest whole number `f` stores on every supported database (PostgreSQL's ranges)."""
    return BaseDatabaseOperations.integer_field_ranges.get(f.get_internal_type(), (None, None))[1]


class ImportErrors(Exception):
    """A folder that cannot be imported: `.errors` lists every problem as file:line: column: message."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(f"{len(errors)} error(s) against the registry:\n" + "\n".join(errors[:50]))
        self.errors = errors


@dataclass
class ImportCounts:
    """New rows per kind (what was, or on a dry run would be, written) and unchanged rows."""

    persons: int = 0
    inquiries: int = 0
    assessments: int = 0
    decisions: int = 0
    returns: int = 0
    police_reports: int = 0
    no_police_report: int = 0
    statuses: int = 0
    court_statistics: int = 0
    historical_identified: int = 0
    cases: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def can_import(actor: Actor | None) -> bool:
    """The operator (actor None) and centre managers: an import writes history for everyone."""
    return actor is None or is_manager(actor)


@service
def interchange_import(
    *, actor: Actor | None, folder: Folder, dry_run: bool = False, source: Path | None = None, progress: bool = False
) -> ImportCounts:
    """Import the new rows of a validated folder in one transaction (see the module docstring).

    Raises PermissionDenied unless the operator or a centre manager, ImportErrors listing every
    conflict with the registry (nothing written). A dry run checks and counts, writes nothing.
    Audit: interchange.imported with the counts (not on a dry run).
    """
    if not can_import(actor):
        raise PermissionDenied
    plan = _Plan(folder)
    if plan.errors:
        raise ImportErrors(plan.located_errors(source))
    cases = _Cases(plan)
    if plan.errors:  # a new case whose content the transition table does not allow
        raise ImportErrors(plan.located_errors(source))
    counts = ImportCounts(**{name: plan.new[name].height for name in plan.new}, cases=len(cases.new))
    counts.unchanged = plan.unchanged
    if dry_run:
        return counts
    _Writer(plan, cases, actor, progress).write()
    audit.record(actor=actor, event="interchange.imported", extra=counts.as_dict())
    return counts


# --- 1. compare the folder with the registry ----------------------------------------------------


def _stored(spec: FileSpec, table: pl.DataFrame) -> pl.DataFrame:
    """The rows as the registry stores them (its defaults for empty cells), with their row index."""
    table = table.with_row_index(ROW)
    if spec.name == "persons":
        return table.with_columns(
            pl.col("gender").fill_null("unknown"),
            pl.col("residence_status").fill_null("unknown"),
            pl.col("nationality").fill_null(pl.lit([], dtype=pl.List(pl.Utf8))),
            pl.coalesce(pl.col("birth_date").dt.year().cast(pl.Int64), pl.col("birth_year")).alias("birth_year"),
        )
    if spec.name == "returns":
        return table.with_columns(pl.col(c).fill_null(0) for c in ("in_kind_dkk", "cash_dkk", "children"))
    if spec.name == "police_reports":
        return table.with_columns(pl.col("anonymous").fill_null(False))
    return table


@dataclass
class _Error:
    spec: FileSpec
    row: int
    column: str
    message: str


@dataclass
class _Plan:
    """What the folder adds to the registry, or the errors that forbid it."""

    folder: Folder
    stored: dict[str, pl.DataFrame] = field(default_factory=dict)
    new: dict[str, pl.DataFrame] = field(default_factory=dict)
    errors: list[_Error] = field(default_factory=list)
    unchanged: int = 0

    def __post_init__(self) -> None:
        registry = registry_folder()
        for spec in FILES:
            self.stored[spec.name] = _stored(spec, self.folder[spec.name])
            self._check_values(spec, self.stored[spec.name])
            self.new[spec.name] = self._new_rows(spec, self.stored[spec.name], registry[spec.name])
        self._check_birth_dates()
        self._check_departures(registry)

    def error(self, spec: FileSpec, row: int, column: str, message: str) -> None:
        self.errors.append(_Error(spec, row, column, message))

    def _new_rows(self, spec: FileSpec, mine: pl.DataFrame, theirs: pl.DataFrame) -> pl.DataFrame:
        # Derived columns are the registry's, not the folder's: never compared (format.py).
        compared = [
            c.name for c in spec.columns if not (c.derived or (spec.name == "persons" and c.name == "birth_date"))
        ]
        if spec.name == "decisions" and mine.get_column("age_at_decision").is_null().all():
            # A folder without ages (format 1.0): the import derives them (_decisions), so the
            # stored ones are not a difference.
            compared.remove("age_at_decision")
        if spec.name == "assessments" and mine.get_column("outcome").is_null().all():
            # Likewise a folder without assessment outcomes (format 1.0 or an older 1.1); a row
            # with an empty outcome is compared without it (_keyed).
            compared.remove("outcome")
        if spec.name == "police_reports":
            # A folder before 1.2 says nothing of assisting and outcomes: not a difference.
            compared = [c for c in compared if c not in OPTIONAL_1_2 or not mine.get_column(c).is_null().all()]
        left = cells(spec, mine).select(compared).with_columns(mine.get_column(ROW))
        right = cells(spec, theirs).select(compared)
        if spec.name in KEYS:
            rows = self._keyed(spec, left, right, KEYS[spec.name], compared)
        else:
            rows = _unmatched(left, right, compared)
        self.unchanged += mine.height - len(rows)
        return mine.filter(pl.col(ROW).is_in(rows))

    def _keyed(
        self, spec: FileSpec, left: pl.DataFrame, right: pl.DataFrame, keys: list[str], compared: list[str]
    ) -> list[int]:
        others = [c for c in compared if c not in keys]
        right = right.rename({c: c + "\x00db" for c in others}).with_columns(pl.lit(True).alias("\x00in"))
        joined = left.join(right, on=keys, how="left")
        known = joined.filter(pl.col("\x00in").is_not_null())
        differs = pl.any_horizontal(_differs(c) for c in others) if others else pl.lit(False)
        for row in known.filter(differs).iter_rows(named=True):
            column = next(c for c in others if row[c] != row[c + "\x00db"] and (c not in IF_GIVEN or row[c]))
            key = ", ".join(str(row[k]) for k in keys)
            self.error(
                spec,
                row[ROW],
                column,
                f"'{key}' is already in the registry with other content: "
                f"'{row[column + chr(0) + 'db']}' there, '{row[column]}' here (an import never changes a record)",
            )
        return joined.filter(pl.col("\x00in").is_null()).get_column(ROW).to_list()

    def _check_values(self, spec: FileSpec, table: pl.DataFrame) -> None:
        """What the folder's format allows but the registry cannot store."""
        for column in spec.columns:
            name, stored = column.name, stored_field(spec, column.name)
            if stored is None:
                continue
            length = getattr(stored, "max_length", None)
            if length and table.schema[name] == pl.Utf8:
                for row, value in table.filter(pl.col(name).str.len_chars() > length).select(ROW, name).rows():
                    self.error(spec, row, name, f"'{value[:20]}...' is longer than {length} characters")
            limit = largest(stored) if column.kind == "int" else None
            if limit is not None:
                for row, value in table.filter(pl.col(name) > limit).select(ROW, name).rows():
                    self.error(spec, row, name, f"{value} is above the largest value the registry stores ({limit})")
        if spec.name == "persons":
            this_year = timezone.localdate().year
            late = table.filter(pl.col("birth_year") > this_year).select(ROW, "birth_year")
            for row, year in late.rows():
                self.error(spec, row, "birth_year", f"{year} is in the future")

    def _check_birth_dates(self) -> None:
        """A birth date given for a person already in the registry must be the one stored."""
        persons = self.stored["persons"]
        given = persons.filter(
            pl.col("birth_date").is_not_null() & ~pl.col(ROW).is_in(self.new["persons"][ROW].implode())
        )
        if given.is_empty():
            return
        dated = dict(given.select("person_id", "birth_date").rows())
        stored = _values(Person, "key", dated, "birth_date_ct")
        for row, key, born in given.select(ROW, "person_id", "birth_date").rows():
            token = stored.get(key, "")
            there = crypto.decrypt_json(token) if token else None
            if there != born.isoformat():
                self.error(
                    BY_NAME["persons"],
                    row,
                    "birth_date",
                    f"'{key}' is already in the registry with another birth date (an import never changes a record)",
                )

    def _check_departures(self, registry: Folder) -> None:
        """A departure before the first positive decision that the registry holds for the person.

        The reader checks the folder's own decisions; this adds those imported earlier.
        """
        returns = self.new["returns"]
        if returns.is_empty():
            return
        in_folder = self.folder["decisions"].filter(pl.col("identified")).select("person_id").unique()
        first = (
            registry["decisions"]
            .filter(pl.col("identified"))
            .group_by("person_id")
            .agg(pl.col("decided_on").min().alias("first"))
            .join(in_folder, on="person_id", how="anti")
        )
        early = returns.join(first, on="person_id").filter(pl.col("departed_on") < pl.col("first"))
        for row, when, first_on in early.select(ROW, "departed_on", "first").rows():
            self.error(
                BY_NAME["returns"],
                row,
                "departed_on",
                f"{when} is before the person's first positive decision ({first_on}, in the registry)",
            )

    def located_errors(self, source: Path | None) -> list[str]:
        """The errors as `file:line: column: message`, in file and line order."""
        lines = {spec.name: _line_numbers(source / spec.filename) for spec in FILES} if source else {}
        out = []
        order = {spec.name: n for n, spec in enumerate(FILES)}
        for error in sorted(self.errors, key=lambda e: (order[e.spec.name], e.row)):
            numbers = lines.get(error.spec.name)
            line = numbers[error.row] if numbers and error.row < len(numbers) else error.row + 2
            out.append(f"{error.spec.filename}:{line}: {error.column}: {error.message}")
        return out


def _unmatched(left: pl.DataFrame, right: pl.DataFrame, columns: list[str]) -> list[int]:
    """Rows of `left` beyond the number of equal rows in `right` (a multiset difference)."""
    have = right.group_by(columns).agg(pl.len().alias("\x00have"))
    ranked = left.with_columns(pl.int_range(pl.len()).over(columns).alias("\x00n"))
    extra = ranked.join(have, on=columns, how="left").filter(pl.col("\x00n") >= pl.col("\x00have").fill_null(0))
    return extra.get_column(ROW).to_list()


def _line_numbers(path: Path) -> list[int] | None:
    """The line on which each data row of a CSV file starts (blank lines are not rows)."""
    if not path.exists():
        return None
    numbers = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        start = reader.line_num + 1
        for row in reader:
            if any(cell.strip() for cell in row):
                numbers.append(start)
            start = reader.line_num + 1
    return numbers


def _values(model: type[models.Model], field_name: str, wanted: Any, *columns: str) -> dict[Any, Any]:
    """{field value: column value(s)} of the rows whose `field_name` is in `wanted`, in chunks."""
    wanted = list(wanted)
    out: dict[Any, Any] = {}
    for start in range(0, len(wanted), 900):
        chunk = wanted[start : start + 900]
        for row in model._default_manager.filter(**{f"{field_name}__in": chunk}).values_list(field_name, *columns):
            out[row[0]] = row[1] if len(row) == 2 else row[1:]
    return out


# --- 2. which case each record belongs to -------------------------------------------------------


@dataclass
class _NewCase:
    person: str
    opened_on: date
    number: str = ""
    status: str = CaseStatus.ASSESSMENT
    decided: bool = False
    pk: int | None = None


class _Cases:
    """The case of every new assessment, decision, return and police report (module docstring, 2-3).

    A case reference is an index into `new` (>= 0), or -pk of a case already in the registry.
    """

    def __init__(self, plan: _Plan) -> None:
        self.plan = plan
        self.new: list[_NewCase] = []
        self.opened: dict[str, tuple[list[date], list[int]]] = {}
        self.refs: dict[str, list[int]] = {}
        self._load_existing()
        self._assessments()
        self._events()

    def _load_existing(self) -> None:
        persons = set(self.plan.stored["persons"].get_column("person_id").to_list())
        new_persons = set(self.plan.new["persons"].get_column("person_id").to_list())
        known = persons - new_persons
        if not known:
            return
        rows = Case.objects.values_list("id", "person__key", "opened_on").order_by("opened_on", "id")
        if len(known) < 900:  # a few persons: ask for theirs; many: one pass over every case
            rows = rows.filter(person__key__in=list(known))
        for pk, key, opened_on in rows.iterator(chunk_size=5000):
            if key in known:
                dates, refs = self.opened.setdefault(key, ([], []))
                dates.append(opened_on)
                refs.append(-pk)

    def _add(self, person: str, opened_on: date) -> int:
        self.new.append(_NewCase(person, opened_on))
        ref = len(self.new) - 1
        dates, refs = self.opened.setdefault(person, ([], []))
        at = bisect.bisect_right(dates, opened_on)
        dates.insert(at, opened_on)
        refs.insert(at, ref)
        return ref

    def _assessments(self) -> None:
        received = dict(self.plan.stored["inquiries"].select("inquiry_id", "received_on").rows())
        table = self.plan.new["assessments"].sort("person_id", "first_interview_on", "assessment_id")
        refs = []
        rows = table.select(ROW, "person_id", "inquiry_id", "first_interview_on").rows()
        for _row, person, inquiry, interview in rows:
            via_inquiry = received.get(inquiry)
            refs.append(self._add(person, min(interview, via_inquiry) if via_inquiry else interview))
        self.plan.new["assessments"] = table
        self.refs["assessments"] = refs

    def _events(self) -> None:
        """Decisions, returns and police reports, in date order per person."""
        dated = {
            "decisions": "decided_on",
            "returns": "departed_on",
            "police_reports": "filed_on",
            "no_police_report": "recorded_on",
        }
        events = pl.concat(
            [
                self.plan.new[name].select(
                    pl.lit(name).alias("file"), "person_id", pl.col(column).alias("on"), pl.col(ROW)
                )
                for name, column in dated.items()
            ]
        ).sort("person_id", "on", "file", ROW)
        found: dict[str, dict[int, int]] = {name: {} for name in dated}
        for name, person, on, row in events.rows():
            dates, refs = self.opened.get(person, ([], []))
            at = bisect.bisect_right(dates, on)
            ref = refs[at - 1] if at else self._add(person, on)
            found[name][row] = ref
            if name == "decisions" and ref >= 0:
                self.new[ref].decided = True
        for name in dated:
            self.refs[name] = [found[name][row] for row in self.plan.new[name].get_column(ROW).to_list()]
        self._status_of_new_cases()

    def _status_of_new_cases(self) -> None:
        """Walk each new case through the transition table, as the services would move it.

        A case starts in assessment; its latest decision moves it to decision pending and on to
        identified or not identified; a return moves it on to return planned and departed. A step
        the table refuses is an error at the row that asks for it (nothing is imported).
        """
        decisions = self.plan.new["decisions"].select(ROW, "decided_on", "decision_id", "identified")
        latest: dict[int, tuple[date, str, bool, int]] = {}
        for ref, (row, on, key, identified) in zip(self.refs["decisions"], decisions.rows(), strict=True):
            if ref >= 0 and (ref not in latest or (on, key) > latest[ref][:2]):
                latest[ref] = (on, key, identified, row)
        for ref, (_, _, identified, row) in latest.items():
            outcome = CaseStatus.IDENTIFIED if identified else CaseStatus.NOT_IDENTIFIED
            self._move(ref, (CaseStatus.DECISION_PENDING, outcome), "decisions", row, "identified")
        returns = self.plan.new["returns"].get_column(ROW).to_list()
        for ref, row in zip(self.refs["returns"], returns, strict=True):
            if ref >= 0 and self.new[ref].status != CaseStatus.DEPARTED:
                self._move(ref, (CaseStatus.RETURN_PLANNED, CaseStatus.DEPARTED), "returns", row, "departed_on")

    def _move(self, ref: int, steps: tuple[str, ...], file: str, row: int, column: str) -> None:
        case = self.new[ref]
        for step in steps:
            if not transitions.allowed(case.status, step):
                self.plan.error(BY_NAME[file], row, column, f"its case cannot go from '{case.status}' to '{step}'")
                return
            case.status = step

    def number(self) -> None:
        """Number the new cases per year after the registry's highest number of that year."""
        by_year: dict[int, list[_NewCase]] = {}
        for case in sorted(self.new, key=lambda c: (c.opened_on, c.person)):
            by_year.setdefault(case.opened_on.year, []).append(case)
        for year, cases in by_year.items():
            for case, number in zip(cases, case_numbers(year, len(cases)), strict=True):
                case.number = number


# --- 3. write ---------------------------------------------------------------------------------


def insert_rows(model: type[models.Model], columns: dict[str, list[Any]], bar: Any = None) -> None:
    """INSERT the rows given column by column (attnames), bypassing model objects.

    Model instances cost more than the database does at this volume (docs/interchange.md#throughput: >= 2,000 persons a
    second). Values that are not plain (UUIDs, JSON, timestamps) go through the database
    adapters Django uses; columns not given get the field's default. SQLite takes executemany,
    PostgreSQL a COPY stream (several times faster than a statement per row).
    """
    count = len(next(iter(columns.values())))
    if not count:
        return
    conn = connections[DEFAULT_DB_ALIAS]
    meta, ops = model._meta, conn.ops
    now = timezone.now()
    names, values = [], []
    for f in meta.concrete_fields:
        if f.primary_key:
            continue
        if f.attname in columns:
            given = _prepared(conn, f, columns[f.attname])
        elif isinstance(f, models.UUIDField) and f.default is uuid.uuid4:
            given = _random_uuids(count)
        elif f.has_default() and callable(f.default):
            given = _prepared(conn, f, [f.default() for _ in range(count)])
        else:  # one value for every row, prepared once
            auto = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            given = _prepared(conn, f, [now if auto else f.get_default()]) * count
        names.append(ops.quote_name(f.column))
        values.append(given)
    table, listed = ops.quote_name(meta.db_table), ", ".join(names)
    rows = list(zip(*values, strict=True))
    with conn.cursor() as cursor:
        for start in range(0, count, BATCH):
            batch = rows[start : start + BATCH]
            if conn.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({listed}) FROM STDIN") as copy:
                    for row in batch:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(names))
                cursor.executemany(f"INSERT INTO {table} ({listed}) VALUES ({marks})", batch)  # noqa: S608
            if bar is not None:
                bar.update(len(batch))


def _prepared(conn: Any, f: models.Field[Any, Any], given: list[Any]) -> list[Any]:
    plain = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.ForeignKey)
    if isinstance(f, plain):
        return given
    if isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField):
        adapt = conn.ops.adapt_datefield_value
        return [adapt(v) for v in given]
    if isinstance(f, models.JSONField):
        adapt_json = conn.ops.adapt_json_value
        return [adapt_json(v, f.encoder) for v in given]
    return [f.get_db_prep_save(v, conn) for v in given]


def _random_uuids(count: int) -> list[str]:
    """`count` random version-4 UUIDs as 32 hex digits (what both databases accept for a UUID column).

    uuid.uuid4() per row costs more than the insert itself at 100,000s of rows.
    """
    raw = np.frombuffer(os.urandom(16 * count), dtype=np.uint8).reshape(count, 16).copy()
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40  # version 4
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80  # RFC 4122 variant
    text = raw.tobytes().hex()
    return [text[i : i + 32] for i in range(0, 32 * count, 32)]


def _ids(model: type[models.Model], key: str, since: int) -> dict[Any, int]:
    """{key: pk} of the rows inserted after pk `since`."""
    return dict(model._default_manager.filter(pk__gt=since).values_list(key, "pk"))


def _last_pk(model: type[models.Model]) -> int:
    return model._default_manager.aggregate(last=Max("pk"))["last"] or 0


class _Writer:
    def __init__(self, plan: _Plan, cases: _Cases, actor: Actor | None, progress: bool) -> None:
        self.plan, self.cases, self.new = plan, cases, plan.new
        self.actor_id = getattr(actor, "pk", None)
        total = sum(t.height for t in self.new.values()) + len(cases.new)
        self.bar = tqdm(total=total, desc="import", unit="row", disable=not progress)
        self.persons: dict[str, int] = {}
        self.inquiries: dict[str, int] = {}

    def insert(self, model: type[models.Model], columns: dict[str, list[Any]], *, count: bool = True) -> None:
        insert_rows(model, columns, self.bar if count else None)

    def actors(self, n: int) -> list[int | None]:
        return [self.actor_id] * n

    def write(self) -> None:
        with self.bar:
            self._persons()
            self._cases()
            self._inquiries()
            self._assessments()
            self._decisions()
            self._returns()
            self._police_reports()
            self._no_police_report()
            self._statuses()
            self._aggregates()

    def case_ids(self, refs: list[int]) -> list[int]:
        new = self.cases.new
        return [-ref if ref < 0 else int(new[ref].pk or 0) for ref in refs]

    def _persons(self) -> None:
        table = self.new["persons"]
        since = _last_pk(Person)
        born = table.get_column("birth_date").to_list()
        self.insert(
            Person,
            {
                "key": table.get_column("person_id").to_list(),
                "gender": table.get_column("gender").to_list(),
                "birth_year": table.get_column("birth_year").to_list(),
                "nationalities": table.get_column("nationality").to_list(),
                "residence_status": table.get_column("residence_status").to_list(),
                "birth_date_ct": [crypto.encrypt_json(b.isoformat()) if b else "" for b in born],
                "birth_date_token": [names.birth_date_token(b, settings.BLIND_INDEX_KEY.encode()) for b in born],
                "created_by_id": self.actors(table.height),
            },
        )
        self.persons = _ids(Person, "key", since)
        known = set(self.plan.stored["persons"].get_column("person_id").to_list()) - set(self.persons)
        self.persons.update(_values(Person, "key", known, "id"))

    def _cases(self) -> None:
        conn = connections[DEFAULT_DB_ALIAS]
        if conn.vendor == "postgresql":
            # A caseworker opening a case meanwhile could draw a number given here; hold new cases
            # back until the import commits (SQLite's write lock already does).
            with conn.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {conn.ops.quote_name(Case._meta.db_table)} IN SHARE ROW EXCLUSIVE MODE")
        self.cases.number()
        new = self.cases.new
        since = _last_pk(Case)
        self.insert(
            Case,
            {
                "person_id": [self.persons[c.person] for c in new],
                "number": [c.number for c in new],
                "opened_on": [c.opened_on for c in new],
                "status": [c.status for c in new],
                "created_by_id": self.actors(len(new)),
            },
        )
        ids = _ids(Case, "number", since)
        for case in new:
            case.pk = ids[case.number]

    def _inquiries(self) -> None:
        table = self.new["inquiries"]
        case_of: dict[str, int] = {}
        named = self.new["assessments"].get_column("inquiry_id").to_list()
        for inquiry, case_id in zip(named, self.case_ids(self.cases.refs["assessments"]), strict=True):
            if inquiry is not None and inquiry not in case_of:
                case_of[inquiry] = case_id
        keys = table.get_column("inquiry_id").to_list()
        since = _last_pk(Inquiry)
        self.insert(
            Inquiry,
            {
                "external_id": keys,
                "received_on": table.get_column("received_on").to_list(),
                "channel": _text(table, "channel"),
                "sender_type": _text(table, "sender_type"),
                "sender_org": _text(table, "sender_org"),
                "state": [InquiryState.CLOSED] * table.height,
                "case_id": [case_of.get(key) for key in keys],
                "created_by_id": self.actors(table.height),
            },
        )
        self.inquiries = _ids(Inquiry, "external_id", since)
        # An anonymous notification gets its (empty) referral row, so it is exported as one again.
        flags = table.get_column("notification").to_list() if "notification" in table.columns else []
        notified = [self.inquiries[k] for k, flag in zip(keys, flags, strict=True) if flag]
        self.insert(
            Referral,
            {
                "inquiry_id": notified,
                "consent": [ReferralConsent.NO] * len(notified),
                "anonymous": [True] * len(notified),
            },
            count=False,
        )
        links = [
            (self.inquiries[k], self.persons[p]) for k, p in zip(keys, table.get_column("person_id"), strict=True) if p
        ]
        self.insert(
            Inquiry.persons.through,
            {"inquiry_id": [link[0] for link in links], "person_id": [link[1] for link in links]},
            count=False,
        )
        earlier = {k: case_id for k, case_id in case_of.items() if k not in self.inquiries}
        self.inquiries.update(_values(Inquiry, "external_id", earlier, "id"))
        for key, case_id in earlier.items():  # an inquiry imported before, named by a new assessment
            Inquiry.objects.filter(external_id=key, case__isnull=True).update(case_id=case_id)

    def _assessments(self) -> None:
        table = self.new["assessments"]
        refs = self.cases.refs["assessments"]
        decided = [ref >= 0 and self.cases.new[ref].decided for ref in refs]
        since = _last_pk(Assessment)
        interviews = table.get_column("first_interview_on").to_list()
        self.insert(
            Assessment,
            {
                "external_id": table.get_column("assessment_id").to_list(),
                "case_id": self.case_ids(refs),
                "inquiry_id": [self.inquiries[k] if k else None for k in table.get_column("inquiry_id").to_list()],
                "first_interview_on": interviews,
                "assessed_by": _text(table, "assessed_by"),
                "referrer_type": _text(table, "referrer_type"),
                "referrer_org": _text(table, "referrer_org"),
                "outcome": _outcomes(table, decided),
            },
        )
        ids = _ids(Assessment, "external_id", since)
        keys = table.get_column("assessment_id").to_list()
        self.insert(Interview, {"assessment_id": [ids[k] for k in keys], "held_on": interviews}, count=False)

    def _decisions(self) -> None:
        table = self.new["decisions"]
        secondary = table.get_column("secondary_exploitation").to_list()
        columns = {
            "external_id": table.get_column("decision_id").to_list(),
            "case_id": self.case_ids(self.cases.refs["decisions"]),
            "decided_on": table.get_column("decided_on").to_list(),
            "identified": table.get_column("identified").to_list(),
            "age_at_decision": self._ages(table),
            "secondary_exploitation": [list(s) if s else [] for s in secondary],
            "recorded_by_id": self.actors(table.height),
        }
        for name in ("authority", "contact_actor_type", "contact_actor_org", "primary_exploitation"):
            columns[name] = _text(table, name)
        for name in ("sector", "crime_type", "exploitation_place"):
            columns[name] = _text(table, name)
        self.insert(Decision, columns)
        self._complexes(table.get_column("complex_ids").to_list(), columns["case_id"])
        self._unaccompanied(table, columns["case_id"])

    def _complexes(self, codes: list[list[str] | None], case_ids: list[int]) -> None:
        """Link the new decisions' cases to the complexes their `complex_ids` name (the export's
        derived column, docs/interchange.md#derived-columns): a complex is found by its code, or
        created as an imported one (kind `other`); a code that is not a UUID gets a UUID derived
        from it, the same on every import."""
        pairs = zip(codes, case_ids, strict=True)
        links = {(_complex_code(code), case) for names, case in pairs for code in names or []}
        if not links:
            return
        wanted = {code for code, _ in links}
        known = {str(c.code): c.pk for c in CaseComplex.objects.filter(code__in=wanted)}
        for code in sorted(wanted - set(known)):
            found = CaseComplex(code=code, kind="other", created_by_id=self.actor_id)
            found.name = gettext("Importeret sagskompleks")
            found.save()
            known[code] = found.pk
        through = CaseComplex.cases.through
        rows = [through(casecomplex_id=known[code], case_id=case) for code, case in sorted(links)]
        through.objects.bulk_create(rows, ignore_conflicts=True)

    def _unaccompanied(self, table: pl.DataFrame, case_ids: list[int]) -> None:
        """Mark the cases of decisions about an unaccompanied minor (docs/definitions.md#children);
        the representative, municipality and notification are not in the format, so they stay empty."""
        flags = table.get_column("unaccompanied_minor").to_list() if "unaccompanied_minor" in table.columns else []
        marked = {case for case, flag in zip(case_ids, flags, strict=False) if flag}
        marked -= set(UnaccompaniedMinor.objects.filter(case_id__in=marked).values_list("case_id", flat=True))
        self.insert(UnaccompaniedMinor, {"case_id": sorted(marked)}, count=False)

    def _ages(self, table: pl.DataFrame) -> list[int | None]:
        """The folder's `age_at_decision`, else derived from the person's birth date or year in
        the folder as the decision service derives it (docs/definitions.md#ages)."""
        born = self.plan.folder["persons"].select("person_id", "birth_date", "birth_year")
        frame = table.select("person_id", "decided_on", "age_at_decision").join(born, on="person_id", how="left")
        on, birth = pl.col("decided_on"), pl.col("birth_date")
        before = (on.dt.month() < birth.dt.month()) | (
            (on.dt.month() == birth.dt.month()) & (on.dt.day() < birth.dt.day())
        )
        from_date = on.dt.year() - birth.dt.year() - before.cast(pl.Int64)
        age = pl.coalesce(
            pl.col("age_at_decision"),
            pl.when(birth.is_not_null()).then(from_date).otherwise(on.dt.year() - pl.col("birth_year")),
        )
        return frame.select(pl.when(age < 0).then(0).otherwise(age).alias("age")).get_column("age").to_list()

    def _returns(self) -> None:
        table = self.new["returns"]
        departed = table.get_column("departed_on").to_list()
        self.insert(
            ReturnPlan,
            {
                "case_id": self.case_ids(self.cases.refs["returns"]),
                "applied_on": departed,
                "destination": _text(table, "destination"),
                "in_kind_dkk": table.get_column("in_kind_dkk").to_list(),
                "cash_dkk": table.get_column("cash_dkk").to_list(),
                "children": table.get_column("children").to_list(),
                "status": [ReturnStatus.DEPARTED] * table.height,
                "departed_on": departed,
            },
        )

    def _police_reports(self) -> None:
        """The reports, then each one's outcome (1.2) as its one recorded step."""
        table = self.new["police_reports"]
        since = _last_pk(PoliceReport)
        assists = {True: "yes", False: "no", None: "unknown"}
        self.insert(
            PoliceReport,
            {
                "case_id": self.case_ids(self.cases.refs["police_reports"]),
                "filed_on": table.get_column("filed_on").to_list(),
                "filed_by": _text(table, "filed_by"),
                "legal_basis": _text(table, "legal_basis"),
                "police_district": _text(table, "police_district"),
                "anonymous": table.get_column("anonymous").to_list(),
                "assists_investigation": [assists[a] for a in table.get_column("assists_investigation").to_list()],
            },
        )
        ids = list(PoliceReport.objects.filter(pk__gt=since).order_by("pk").values_list("pk", flat=True))
        steps = [
            (pk, outcome, on or filed)
            for pk, outcome, on, filed in zip(
                ids, *(table.get_column(c).to_list() for c in ("outcome", "outcome_on", "filed_on")), strict=True
            )
            if outcome
        ]
        self.insert(
            ReportOutcome,
            {
                "report_id": [pk for pk, *_ in steps],
                "outcome": [outcome for _, outcome, _ in steps],
                "on": [on for *_, on in steps],
                "recorded_by_id": self.actors(len(steps)),
            },
            count=False,
        )

    def _no_police_report(self) -> None:
        table = self.new["no_police_report"]
        self.insert(
            NoPoliceReport,
            {
                "case_id": self.case_ids(self.cases.refs["no_police_report"]),
                "recorded_on": table.get_column("recorded_on").to_list(),
                "reason": table.get_column("reason").to_list(),
                "recorded_by_id": self.actors(table.height),
            },
        )

    def _statuses(self) -> None:
        table = self.new["statuses"]
        self.insert(
            StatusRecord,
            {
                "person_id": [self.persons[k] for k in table.get_column("person_id").to_list()],
                "as_of": table.get_column("as_of").to_list(),
                "status": table.get_column("status").to_list(),
                "recorded_by_id": self.actors(table.height),
            },
        )

    def _aggregates(self) -> None:
        for name, model in (("court_statistics", CourtStatistic), ("historical_identified", HistoricalIdentified)):
            table = self.new[name]
            self.insert(model, {c.name: table.get_column(c.name).to_list() for c in BY_NAME[name].columns})


def _complex_code(code: str) -> str:
    try:
        return str(uuid.UUID(code))
    except ValueError:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, "spor:complex:" + code))


def _text(table: pl.DataFrame, name: str) -> list[str]:
    """A text column as the registry stores it: unknown is the empty string."""
    return table.get_column(name).fill_null("").to_list()


#: Columns compared only where the folder gives them: an empty cell there is not a difference.
IF_GIVEN = frozenset({"outcome"})


def _differs(column: str) -> pl.Expr:
    other = pl.col(column) != pl.col(column + "\x00db")
    return (pl.col(column) != "") & other if column in IF_GIVEN else other


def _outcomes(table: pl.DataFrame, decided: list[bool]) -> list[str]:
    """Each assessment's outcome: the folder's `outcome` where given (format 1.2), else put to
    decision when its case has a decision and pending when not."""
    given = table.get_column("outcome").to_list() if "outcome" in table.columns else [None] * table.height
    fallback = (AssessmentOutcome.PUT_TO_DECISION if d else AssessmentOutcome.PENDING for d in decided)
    return [str(code) if code else str(default) for code, default in zip(given, fallback, strict=True)]
