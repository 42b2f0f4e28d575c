"""Read and validate an interchange folder (DESIGN.md section 5) into typed polars tables.

Public API, used by `spor report --from` and by the database import:

    folder = read_folder(path)          # raises InterchangeErrors listing every error
    folder["persons"]                   # a polars DataFrame, typed per spor.interchange.format
    folder.warnings                     # e.g. one per extra column

Every violation is collected, never only the first, as `file:line: column: message` (line 1 is
the header), and nothing is returned from a folder that has an error (DESIGN §5: nothing at all is
imported). Checks: UTF-8, the row shape (a truncated last line, an unterminated quote), required
columns and values, codes against `spor.vocabulary`, nationality codes, dates, whole numbers,
duplicate ids, references to missing persons and inquiries, and impossible dates (a record dated
before the person's birth, a departure before the person's first positive decision).

Validation is vectorised: each check is a polars expression over a whole column, and Python only
formats the messages of the rows that fail, so a folder of a million persons reads in seconds.
Files without quote characters (what Spor writes) are split by polars directly; a file with
quotes goes through the standard `csv` module, which is exact about quoting and slower.

Typed tables: dates are `pl.Date`, whole numbers `pl.Int64`, `yes`/`no` `pl.Boolean`, codes and
text `pl.Utf8` (empty = null), multi-valued cells (`nationality`, `secondary_exploitation`)
`pl.List(pl.Utf8)`. Absent files come back as empty tables with the same columns.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from spor import nationalities
from spor.interchange.format import BY_NAME, FILES, PERSONS, Column, FileSpec

LINE = "_line"
_DATE_SHAPE = r"^\d{4}-\d{2}-\d{2}$"


class InterchangeErrors(Exception):
    """A folder that cannot be read: `.errors` lists every error, `.warnings` every warning."""

    def __init__(self, errors: list[str], warnings: list[str]) -> None:
        super().__init__(f"{len(errors)} error(s) in the interchange folder:\n" + "\n".join(errors[:50]))
        self.errors = errors
        self.warnings = warnings


@dataclass
class Folder:
    """A validated interchange folder: one typed table per file of the format."""

    tables: dict[str, pl.DataFrame]
    present: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)

    def __getitem__(self, name: str) -> pl.DataFrame:
        return self.tables[name]


@dataclass
class _Problems:
    errors: list[tuple[int, str, int, int, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def add(self, spec: FileSpec, line: int, column: str, message: str) -> None:
        order = FILES.index(spec)
        names = [c.name for c in spec.columns]
        rank = names.index(column) if column in names else -1
        self.errors.append((order, spec.filename, line, rank, f"{spec.filename}:{line}: {column}: {message}"))

    def add_rows(self, spec: FileSpec, failing: pl.DataFrame, column: str, message: str) -> None:
        """One error per row of `failing` (column `_line`); its other columns fill the message."""
        for row in failing.iter_rows(named=True):
            self.add(spec, row[LINE], column, message.format(**row))

    def sorted_errors(self) -> list[str]:
        return [e[4] for e in sorted(self.errors, key=lambda e: e[:4])]


def read_folder(path: str | Path) -> Folder:
    """Read and validate the interchange folder at `path`; raise InterchangeErrors on any error."""
    root = Path(path)
    problems = _Problems()
    if not root.is_dir():
        raise InterchangeErrors([f"{root}: -: -: not a folder"], [])
    raw: dict[str, pl.DataFrame] = {}
    for spec in FILES:
        file = root / spec.filename
        if not file.exists():
            if not spec.optional_file:
                problems.add(spec, 0, "-", "file missing (persons.csv is required)")
            continue
        frame = _read_file(file, spec, problems)
        if frame is not None:
            raw[spec.name] = frame
    typed = {name: _check_columns(BY_NAME[name], frame, problems) for name, frame in raw.items()}
    _check_references(typed, problems)
    _check_dates(typed, problems)
    if problems.errors:
        raise InterchangeErrors(problems.sorted_errors(), problems.warnings)
    tables = {spec.name: typed.get(spec.name, _empty(spec)).drop(LINE) for spec in FILES}
    return Folder(tables=tables, present=set(raw), warnings=problems.warnings)


# --- reading: bytes -> text -> a frame of strings with line numbers ---------------------------


def _read_file(file: Path, spec: FileSpec, problems: _Problems) -> pl.DataFrame | None:
    text = _decode(file.read_bytes(), spec, problems)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        problems.add(spec, 1, "-", "empty file: no header row")
        return None
    header = [h.strip() for h in next(csv.reader([text.split("\n", 1)[0]]))]
    if not _check_header(header, spec, problems):
        return None
    frame = _split_fast(text, header, spec, problems) if '"' not in text else _split_csv(text, header, spec, problems)
    known = [name for name in header if name in _names(spec)]
    return frame.select(
        pl.col(LINE).cast(pl.Int64),
        *(pl.col(c).str.strip_chars().replace("", None).alias(c) for c in known),
    )


def _decode(data: bytes, spec: FileSpec, problems: _Problems) -> str:
    """UTF-8 text of the file; each undecodable byte is reported at its line and column."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    header = data.split(b"\n", 1)[0].decode("utf-8", "replace").strip().split(",")
    position = 0
    while True:
        try:
            data[position:].decode("utf-8")
            break
        except UnicodeDecodeError as exc:
            bad = position + exc.start
            line_start = data.rfind(b"\n", 0, bad) + 1
            index = data.count(b",", line_start, bad)
            column = header[index] if index < len(header) else "-"
            line = data.count(b"\n", 0, bad) + 1
            problems.add(spec, line, column, f"not valid UTF-8 (byte 0x{data[bad]:02x})")
            position = bad + 1
    return data.decode("utf-8-sig", "replace")


def _split_fast(text: str, header: list[str], spec: FileSpec, problems: _Problems) -> pl.DataFrame:
    """Rows of a file without quote characters, split on commas by polars; keeps line numbers."""
    width = len(header)
    lines = pl.DataFrame({"raw": text.split("\n")}).with_row_index(LINE, offset=1).slice(1)
    lines = lines.filter(pl.col("raw").str.strip_chars() != "")
    lines = lines.with_columns((pl.col("raw").str.count_matches(",", literal=True) + 1).alias("width"))
    last = lines.get_column(LINE).max() if lines.height else None
    for line, found in lines.filter(pl.col("width") != width).select(LINE, "width").iter_rows():
        _wrong_width(spec, line, width, found, line == last, problems)
    good = lines.filter(pl.col("width") == width)
    fields = pl.col("raw").str.split_exact(",", width - 1).struct.rename_fields(header)
    return good.select(LINE, fields.alias("row")).unnest("row")


def _split_csv(text: str, header: list[str], spec: FileSpec, problems: _Problems) -> pl.DataFrame:
    """Rows of a file with quotes, through the csv module; an unterminated quote is an error."""
    width = len(header)
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), strict=True)
    rows: list[list[str]] = []
    lines: list[int] = []
    start = 1
    try:
        next(reader)
        start = reader.line_num + 1
        for row in reader:
            if len(row) == width:
                rows.append(row)
                lines.append(start)
            elif any(cell.strip() for cell in row):
                at_end = reader.line_num >= text.rstrip("\n").count("\n") + 1
                _wrong_width(spec, start, width, len(row), at_end, problems)
            start = reader.line_num + 1
    except csv.Error as exc:
        problems.add(spec, start, "-", f"unreadable row ({exc}): an unterminated quote or a truncated file")
    columns = {name: [row[i] for row in rows] for i, name in enumerate(header)}
    return pl.DataFrame({LINE: lines, **columns}, schema={LINE: pl.Int64, **dict.fromkeys(header, pl.Utf8)})


def _wrong_width(spec: FileSpec, line: int, width: int, found: int, last: bool, problems: _Problems) -> None:
    hint = " (the file looks truncated)" if last and found < width else ""
    problems.add(spec, line, "-", f"expected {width} fields, found {found}{hint}")


def _names(spec: FileSpec) -> set[str]:
    return {c.name for c in spec.columns}


def _check_header(header: list[str], spec: FileSpec, problems: _Problems) -> bool:
    ok = True
    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.add(spec, 1, name, "column appears twice in the header")
            ok = False
        seen.add(name)
        if name not in _names(spec):
            problems.warnings.append(f"{spec.filename}:1: {name}: unknown column, not read")
    for column in spec.columns:
        if column.required and column.name not in seen:
            problems.add(spec, 1, column.name, "required column missing from the header")
            ok = False
    if spec.one_of and not seen.intersection(spec.one_of):
        problems.add(spec, 1, spec.one_of[0], f"the header needs one of {', '.join(spec.one_of)}")
        ok = False
    return ok


def _empty(spec: FileSpec) -> pl.DataFrame:
    frame = pl.DataFrame(
        {LINE: pl.Series([], dtype=pl.Int64), **{c.name: pl.Series([], dtype=pl.Utf8) for c in spec.columns}}
    )
    return _convert(spec, frame)


# --- column checks: one vectorised expression per check ----------------------------------------


def _check_columns(spec: FileSpec, frame: pl.DataFrame, problems: _Problems) -> pl.DataFrame:
    for column in spec.columns:
        if column.name not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype=pl.Utf8).alias(column.name))
            continue
        for failing, message in _failures(column, frame):
            problems.add_rows(spec, failing, column.name, message)
    if "birth_date" in frame.columns and "birth_year" in frame.columns:
        _check_birth(spec, frame, problems)
    return _convert(spec, frame)


def _failures(column: Column, frame: pl.DataFrame) -> Iterator[tuple[pl.DataFrame, str]]:
    col = pl.col(column.name)
    picked = frame.select(LINE, col.alias("value"))
    value = pl.col("value")
    if column.required:
        yield picked.filter(value.is_null()), "missing value (required)"
    present = picked.filter(value.is_not_null())
    if column.kind == "date":
        parsed = value.str.to_date("%Y-%m-%d", strict=False)
        yield (
            present.filter(~value.str.contains(_DATE_SHAPE) | parsed.is_null()),
            "'{value}' is not a date (YYYY-MM-DD)",
        )
    elif column.kind == "int":
        number = value.cast(pl.Int64, strict=False)
        yield present.filter(number.is_null()), "'{value}' is not a whole number"
        if column.minimum is not None:
            yield present.filter(number < column.minimum), f"'{{value}}' is below the minimum {column.minimum}"
    elif column.kind in ("code", "yesno"):
        codes = column.codes or ("yes", "no")
        yield present.filter(~value.is_in(codes)), "unknown code '{value}'"
    elif column.kind == "codes":
        parts = present.with_columns(value.str.split(";")).explode("value")
        parts = parts.with_columns(value.str.strip_chars())
        yield parts.filter(~value.is_in(column.codes)), "unknown code '{value}'"
    elif column.kind in ("nationality", "nationalities"):
        parts = present.with_columns(value.str.split(";")).explode("value").with_columns(value.str.strip_chars())
        distinct = parts.get_column("value").unique().to_list()
        bad = [code for code in distinct if not nationalities.is_valid(code)]
        yield parts.filter(value.is_in(bad)), "unknown nationality code '{value}'"
    if column.unique:
        first = picked.group_by("value").agg(pl.col(LINE).min().alias("first"))
        repeated = present.filter(value.is_duplicated()).join(first, on="value").filter(pl.col(LINE) != pl.col("first"))
        yield repeated, "duplicate id '{value}' (first on line {first})"


def _check_birth(spec: FileSpec, frame: pl.DataFrame, problems: _Problems) -> None:
    born = frame.select(
        LINE,
        pl.col("birth_date").str.to_date("%Y-%m-%d", strict=False).dt.year().alias("from_date"),
        pl.col("birth_year").cast(pl.Int64, strict=False).alias("year"),
    ).filter(pl.col("from_date").is_not_null() & pl.col("year").is_not_null() & (pl.col("from_date") != pl.col("year")))
    for line, year, from_date in born.select(LINE, "year", "from_date").iter_rows():
        problems.add(spec, line, "birth_year", f"{year} disagrees with birth_date (born {from_date})")


def _convert(spec: FileSpec, frame: pl.DataFrame) -> pl.DataFrame:
    """Typed columns; called on checked frames, so failed casts only hit rows already reported."""
    out = []
    for column in spec.columns:
        col = pl.col(column.name)
        if column.kind == "date":
            out.append(col.str.to_date("%Y-%m-%d", strict=False))
        elif column.kind == "int":
            out.append(col.cast(pl.Int64, strict=False))
        elif column.kind == "yesno":
            out.append(col == "yes")
        elif column.kind in ("codes", "nationalities"):
            out.append(col.str.split(";").list.eval(pl.element().str.strip_chars()))
        else:
            out.append(col)
    return frame.select(pl.col(LINE).cast(pl.Int64), *out)


# --- checks across files -----------------------------------------------------------------------


def _check_references(tables: dict[str, pl.DataFrame], problems: _Problems) -> None:
    persons = tables.get("persons")
    person_ids = persons.get_column("person_id").drop_nulls() if persons is not None else pl.Series([], dtype=pl.Utf8)
    inquiries = tables.get("inquiries")
    inquiry_ids = (
        inquiries.get_column("inquiry_id").drop_nulls() if inquiries is not None else pl.Series([], dtype=pl.Utf8)
    )
    for name, frame in tables.items():
        spec = BY_NAME[name]
        for column in spec.columns:
            if column.kind != "ref":
                continue
            known = person_ids if column.ref == "persons" else inquiry_ids
            failing = frame.select(LINE, pl.col(column.name).alias("value")).filter(
                pl.col("value").is_not_null() & ~pl.col("value").is_in(known.implode())
            )
            problems.add_rows(spec, failing, column.name, f"'{{value}}' is not in {column.ref}.csv")


_DATED = {
    "inquiries": "received_on",
    "assessments": "first_interview_on",
    "decisions": "decided_on",
    "returns": "departed_on",
    "police_reports": "filed_on",
    "statuses": "as_of",
}


def _check_dates(tables: dict[str, pl.DataFrame], problems: _Problems) -> None:
    """Records dated before the person's birth; departures before the first positive decision."""
    persons = tables.get("persons")
    if persons is None:
        return
    births = persons.select("person_id", "birth_date", pl.col("birth_year").alias("born_year")).filter(
        pl.col("birth_date").is_not_null() | pl.col("born_year").is_not_null()
    )
    for name, date_column in _DATED.items():
        if name not in tables:
            continue
        dated = tables[name].select(LINE, "person_id", pl.col(date_column).alias("on")).join(births, on="person_id")
        early = dated.filter((pl.col("on") < pl.col("birth_date")) | (pl.col("on").dt.year() < pl.col("born_year")))
        for line, on, birth_date, born_year in early.select(LINE, "on", "birth_date", "born_year").iter_rows():
            born = birth_date or born_year
            problems.add(BY_NAME[name], line, date_column, f"{on} is before the person's birth ({born})")
    if "returns" in tables and "decisions" in tables:
        first = (
            tables["decisions"]
            .filter(pl.col("identified"))
            .group_by("person_id")
            .agg(pl.col("decided_on").min().alias("first_positive"))
        )
        early = tables["returns"].join(first, on="person_id").filter(pl.col("departed_on") < pl.col("first_positive"))
        for line, on, decided in early.select(LINE, "departed_on", "first_positive").iter_rows():
            problems.add(
                BY_NAME["returns"],
                line,
                "departed_on",
                f"{on} is before the person's first positive decision ({decided})",
            )


__all__ = ["PERSONS", "Folder", "InterchangeErrors", "read_folder"]
