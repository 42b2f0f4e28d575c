"""Read and validate an interchange folder (docs/definitions.md#interchange-format) into typed polars tables.

Public API, used by `spor report --from` and by the database import:

    folder = read_folder(path)          # raises InterchangeErrors listing every error
    folder["persons"]                   # a polars DataFrame, typed per spor.interchange.format
    folder.warnings                     # e.g. one per extra column

Every violation is collected, never only the first, as `file:line: column: message` (line 1 is
the header), and nothing is returned from a folder that has an error (nothing at all is imported:
docs/definitions.md#general-rules). Checks: UTF-8, the row shape (a truncated last line, an
unterminated quote), required columns and values, codes against `spor.vocabulary` (with
`unknown_codes`, the services' check), nationality codes, dates, whole numbers, duplicate ids,
references to missing persons and inquiries, and impossible dates (a record dated before the
person's birth, a departure before the person's first positive decision).

Validation is vectorised: each check is a polars expression over a whole column, and Python only
formats the messages of the rows that fail, so a folder of a million persons reads in seconds.
The fields of every line are counted with numpy first (so a short or long row is reported at its
line) and polars' CSV parser reads the rows; only a file in which a quoted cell spans lines or a
quote is never closed goes through the standard `csv` module, which is exact and slower.

Typed tables: dates are `pl.Date`, whole numbers `pl.Int64`, `yes`/`no` `pl.Boolean`, codes and
text `pl.Utf8` (empty = null), multi-valued cells (`nationality`, `secondary_exploitation`)
`pl.List(pl.Utf8)`. Absent files come back as empty tables with the same columns.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from spor import nationalities
from spor.common.cells import restore_expr
from spor.interchange.format import BY_NAME, FILES, PERSONS, Column, FileSpec
from spor.vocabulary import latest_event_day, unknown_codes

LINE = "_line"


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
    #: "file.column" of the columns of a present file that its header did not have (read as
    #: empty): a figure drawn only from such a column is absent, not zero.
    absent_columns: set[str] = field(default_factory=set)

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

    def errors_in(self, spec: FileSpec) -> bool:
        return any(e[1] == spec.filename for e in self.errors)

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
    if problems.errors:
        raise InterchangeErrors(problems.sorted_errors(), problems.warnings)
    tables = {spec.name: typed.get(spec.name, _empty(spec)).drop(LINE) for spec in FILES}
    absent = {f"{name}.{c.name}" for name, frame in raw.items() for c in BY_NAME[name].columns if c.name not in frame}
    return Folder(tables=tables, present=set(raw), warnings=problems.warnings, absent_columns=absent)


# --- reading: bytes -> text -> a frame of strings with line numbers ---------------------------


def _read_file(file: Path, spec: FileSpec, problems: _Problems) -> pl.DataFrame | None:
    if not file.is_file():  # a folder (or a device) by the file's name
        problems.add(spec, 0, "-", "not a file")
        return None
    try:
        data = file.read_bytes()
    except OSError as exc:
        problems.add(spec, 0, "-", f"cannot read the file ({exc.strerror})")
        return None
    text = _decode(data, spec, problems)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text or text.isspace():
        problems.add(spec, 1, "-", "empty file: no header row")
        return None
    end = text.find("\n")
    header = [h.strip() for h in next(csv.reader([text[: end if end >= 0 else len(text)]]))]
    if not _check_header(header, spec, problems):
        return None
    # The bytes as read are what polars parses, unless decoding or line ends changed the text.
    clean = not problems.errors_in(spec) and b"\r" not in data and not data.startswith(b"\xef\xbb\xbf")
    encoded = data if clean else text.encode("utf-8")
    shape = _line_shapes(encoded)
    frame = None
    if shape is not None:
        try:
            frame = _read_polars(encoded, header, shape, spec, problems)
        except pl.exceptions.ComputeError:  # a quote inside a cell that is not quoted: the csv module names the line
            frame = None
    if frame is None:  # a quoted cell spans lines, or a quote is misplaced: the exact, slow path
        frame = _split_csv(text, header, spec, problems)
    # Cells are taken as they are: " female" is reported as an unknown code, quotes showing the space.
    known = [name for name in header if name in _names(spec)]
    return frame.select(pl.col(LINE).cast(pl.Int64), *known)


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


def _line_shapes(data: bytes) -> tuple[np.ndarray, np.ndarray] | None:
    """Fields and byte length of every line (header included), counted with numpy.

    None when some line has an odd number of quote characters: then a quoted cell spans lines or
    a quote is never closed, and only the csv module can tell which.
    """
    arr = np.frombuffer(data, dtype=np.uint8)
    ends = np.flatnonzero(arr == ord("\n"))
    if arr.size and arr[-1] != ord("\n"):
        ends = np.append(ends, arr.size)
    starts = np.concatenate(([0], ends[:-1] + 1))
    quotes = np.flatnonzero(arr == ord('"'))
    if quotes.size:
        per_line = np.searchsorted(quotes, ends) - np.searchsorted(quotes, starts)
        if (per_line % 2).any():
            return None
        commas = np.flatnonzero(arr == ord(","))
        commas = commas[np.searchsorted(quotes, commas) % 2 == 0]  # commas outside quotes
        widths = np.searchsorted(commas, ends) - np.searchsorted(commas, starts) + 1
        return widths, ends - starts
    # Without quotes every comma separates: count them per line in one pass, with no index array
    # of all the commas (the costly part of a large file).
    if not starts.size:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    per_line = np.add.reduceat(arr == ord(","), np.minimum(starts, max(arr.size - 1, 0)), dtype=np.int64)
    per_line[starts >= ends] = 0  # an empty line (reduceat counts the next byte's comma there)
    return per_line + 1, ends - starts


def _read_polars(
    data: bytes, header: list[str], shape: tuple[np.ndarray, np.ndarray], spec: FileSpec, problems: _Problems
) -> pl.DataFrame:
    """Rows by polars' CSV parser; each line is one row, so row n is line n + 2."""
    frame = pl.read_csv(
        io.BytesIO(data), infer_schema=False, truncate_ragged_lines=True, new_columns=header, raise_if_empty=False
    )
    widths, lengths = shape[0][1:], shape[1][1:]
    blank = lengths == 0
    wrong = np.flatnonzero(~blank & (widths != len(header)))
    last = int(np.flatnonzero(~blank).max()) if (~blank).any() else -1
    for index in wrong:
        _wrong_width(spec, int(index) + 2, len(header), int(widths[index]), index == last, problems)
    keep = ~blank & (widths == len(header))
    keep = keep[: frame.height] if keep.size >= frame.height else np.pad(keep, (0, frame.height - keep.size))
    lines = np.arange(2, frame.height + 2)
    return frame.with_columns(pl.Series(LINE, lines)).filter(pl.Series(keep))


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
        why = "a misplaced or unterminated quote, or a truncated file"
        problems.add(spec, start, "-", f"unreadable row ({exc}): {why}")
    columns = {name: [row[i] or None for row in rows] for i, name in enumerate(header)}
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


RAW = "\x00raw"


def _check_columns(spec: FileSpec, frame: pl.DataFrame, problems: _Problems) -> pl.DataFrame:
    """Report every bad cell of the file; return the typed table.

    The cells are converted once; every check is a boolean expression over the raw and the typed
    columns, all evaluated in one parallel pass, and only checks that fail go back for the rows.
    """
    missing = [c.name for c in spec.columns if c.name not in frame.columns]
    frame = frame.with_columns(pl.lit(None, dtype=pl.Utf8).alias(name) for name in missing)
    typed = _convert(spec, frame)
    work = pl.concat([frame.select(pl.all().name.suffix(RAW)), typed], how="horizontal")
    checks = [check for column in spec.columns if column.name not in missing for check in _checks(column, work)]
    if checks:
        flags = work.select(*(mask.any().alias(str(n)) for n, (_, mask, _) in enumerate(checks))).row(0)
        for (column, mask, message), failed in zip(checks, flags, strict=True):
            if failed:
                _report(spec, column, work, mask, message, problems)
    if spec.unique_together and not set(spec.unique_together) & set(missing):
        _check_together(spec, work, problems)
    if spec is PERSONS and "birth_date" not in missing and "birth_year" not in missing:
        _check_birth(spec, typed, problems)
    return typed


Check = tuple[Column, pl.Expr, str]
#: The longest cell read; longer ones are errors (the longest stored text is far shorter).
MAX_CELL = 10_000
#: How much of a bad cell an error message shows.
SHOWN = 60

#: Date columns that may lie ahead: a year-end status is set as of the end of the year.
LOOKS_AHEAD = {"as_of"}


def _checks(column: Column, work: pl.DataFrame) -> list[Check]:
    raw, value = pl.col(column.name + RAW), pl.col(column.name)
    present = raw.is_not_null()
    out: list[Check] = [
        # No stored value is this long, and Python's csv module (which the import uses to name
        # lines) refuses cells over 128 KiB: an error here, before anything else reads the cell.
        (column, present & (raw.str.len_chars() > MAX_CELL), f"a cell longer than {MAX_CELL} characters"),
        # PostgreSQL cannot store a NUL in text; SQLite would. Refused on both alike.
        (column, present & raw.str.contains("\x00", literal=True), "contains a NUL character"),
    ]
    if column.required:
        out.append((column, raw.is_null(), "missing value (required)"))
    if column.kind == "date":
        bad = present & (value.is_null() | (raw.str.len_bytes() != 10))
        out.append((column, bad, "'{value}' is not a date (YYYY-MM-DD)"))
        if column.name not in LOOKS_AHEAD:  # the services' rule: an event has happened
            out.append((column, value > pl.lit(latest_event_day()), "{value} lies in the future"))
    elif column.kind == "int":
        out.append((column, present & value.is_null(), "'{value}' is not a whole number"))
        if column.minimum is not None:
            out.append((column, value < column.minimum, f"'{{value}}' is below the minimum {column.minimum}"))
    elif column.kind == "yesno":
        out.append((column, present & ~raw.is_in(["yes", "no"]), "unknown code '{value}'"))
    elif column.kind == "code":
        # The vocabulary check of the services (spor.vocabulary), once per distinct cell.
        distinct = work.get_column(column.name + RAW).drop_nulls().unique().to_list()
        out.append((column, raw.is_in(unknown_codes(column.codes, distinct)), "unknown code '{value}'"))
    elif column.kind in ("codes", "nationality", "nationalities"):
        # Few distinct cells: check each distinct cell in Python, then flag its rows.
        distinct = work.get_column(column.name + RAW).drop_nulls().unique().to_list()
        invalid = [cell for cell in distinct if _bad_parts(column, cell)]
        out.append((column, raw.is_in(invalid), "unknown code '{value}'"))
    if column.unique:
        out.append((column, present & ~raw.is_first_distinct(), "duplicate id '{value}'"))
    return out


def _bad_parts(column: Column, cell: str) -> list[str]:
    parts = [part.strip() for part in cell.split(";")] if column.kind != "nationality" else [cell]
    if column.kind == "codes":
        return unknown_codes(column.codes, parts)
    return [part for part in parts if not nationalities.is_valid(part)]


def _report(
    spec: FileSpec, column: Column, work: pl.DataFrame, mask: pl.Expr, message: str, problems: _Problems
) -> None:
    """One error per failing cell (per bad code of a multi-valued cell)."""
    raw = column.name + RAW
    rows = work.filter(mask).select(LINE, pl.col(raw).alias("value"))
    if message.startswith("duplicate"):
        firsts = (
            work.filter(pl.col(raw).is_in(rows.get_column("value").implode())).group_by(raw).agg(pl.col(LINE).min())
        )
        first = dict(firsts.iter_rows())
        for line, value in rows.iter_rows():
            problems.add(spec, line, column.name, f"duplicate id '{value}' (first on line {first[value]})")
        return
    shown = pl.when(pl.col("value").str.len_chars() > SHOWN).then(pl.col("value").str.slice(0, SHOWN) + "...")
    for line, value in rows.with_columns(shown.otherwise(pl.col("value")).alias("value")).iter_rows():
        if column.kind in ("codes", "nationality", "nationalities") and message.startswith("unknown"):
            label = "unknown code" if column.kind == "codes" else "unknown nationality code"
            for part in _bad_parts(column, value):
                problems.add(spec, line, column.name, f"{label} '{part}'")
        else:
            problems.add(spec, line, column.name, message.format(value=value))


def _check_together(spec: FileSpec, work: pl.DataFrame, problems: _Problems) -> None:
    """A combination of `spec.unique_together` given twice (e.g. one year and unit of court statistics)."""
    key = pl.struct(*(pl.col(c + RAW) for c in spec.unique_together))
    repeated = work.filter(~key.is_first_distinct()).select(LINE, *(pl.col(c + RAW) for c in spec.unique_together))
    names = ", ".join(spec.unique_together)
    for line, *values in repeated.iter_rows():
        shown = ", ".join(str(value) for value in values)
        problems.add(spec, line, spec.unique_together[0], f"{names} ({shown}) given twice")


def _check_birth(spec: FileSpec, typed: pl.DataFrame, problems: _Problems) -> None:
    born = typed.select(LINE, pl.col("birth_date").dt.year().alias("from_date"), pl.col("birth_year").alias("year"))
    born = born.filter(pl.col("from_date") != pl.col("year"))
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
        elif column.kind in ("codes", "nationalities", "ids"):
            out.append(col.str.split(";").list.eval(pl.element().str.strip_chars()))
        else:
            out.append(restore_expr(col).alias(column.name))
    return frame.select(pl.col(LINE).cast(pl.Int64), *out)


# --- checks across files -----------------------------------------------------------------------


_DATED = {
    "inquiries": "received_on",
    "assessments": "first_interview_on",
    "decisions": "decided_on",
    "returns": "departed_on",
    "police_reports": "filed_on",
    "no_police_report": "recorded_on",
    "statuses": "as_of",
}


def _check_references(tables: dict[str, pl.DataFrame], problems: _Problems) -> None:
    """References to missing persons and inquiries; records dated before the person's birth;
    departures before the person's first positive decision.

    One left join per file against a table of person facts does all three person checks.
    """
    facts = _person_facts(tables)
    for name, frame in tables.items():
        spec = BY_NAME[name]
        if "person_id" in frame.columns and name != "persons":
            _check_person_file(spec, frame, facts, problems)
    if "assessments" in tables:
        inquiries = tables.get("inquiries", _empty(BY_NAME["inquiries"]))
        dangling = tables["assessments"].filter(pl.col("inquiry_id").is_not_null())
        dangling = dangling.join(inquiries.select("inquiry_id"), on="inquiry_id", how="anti")
        for line, value in dangling.select(LINE, "inquiry_id").sort(LINE).iter_rows():
            problems.add(BY_NAME["assessments"], line, "inquiry_id", f"'{value}' is not in inquiries.csv")


def _person_facts(tables: dict[str, pl.DataFrame]) -> pl.DataFrame:
    persons = tables.get("persons", _empty(PERSONS))
    facts = persons.select(
        "person_id", "birth_date", pl.col("birth_year").alias("born_year"), pl.lit(True).alias("known")
    ).unique("person_id", keep="first")
    if "decisions" in tables:
        first = (
            tables["decisions"]
            .filter(pl.col("identified"))
            .group_by("person_id")
            .agg(pl.col("decided_on").min().alias("first_positive"))
        )
        return facts.join(first, on="person_id", how="left")
    return facts.with_columns(pl.lit(None, dtype=pl.Date).alias("first_positive"))


def _check_person_file(spec: FileSpec, frame: pl.DataFrame, facts: pl.DataFrame, problems: _Problems) -> None:
    date_column = _DATED[spec.name]
    joined = frame.select(LINE, "person_id", pl.col(date_column).alias("on")).join(facts, on="person_id", how="left")
    on = pl.col("on")
    missing = pl.col("person_id").is_not_null() & pl.col("known").is_null()
    early = (on < pl.col("birth_date")) | (on.dt.year() < pl.col("born_year"))
    before_first = (on < pl.col("first_positive")) if spec.name == "returns" else pl.lit(False)
    flagged = joined.filter(missing | early | before_first).sort(LINE)
    for row in flagged.iter_rows(named=True):
        line, when = row[LINE], row["on"]
        if row["known"] is None:
            problems.add(spec, line, "person_id", f"'{row['person_id']}' is not in persons.csv")
            continue
        born = row["birth_date"] or row["born_year"]
        if born is not None and (
            (row["birth_date"] and when < row["birth_date"]) or (row["born_year"] and when.year < row["born_year"])
        ):
            problems.add(spec, line, date_column, f"{when} is before the person's birth ({born})")
        elif row["first_positive"] and spec.name == "returns" and when < row["first_positive"]:
            problems.add(
                spec,
                line,
                date_column,
                f"{when} is before the person's first positive decision ({row['first_positive']})",
            )


__all__ = ["Folder", "InterchangeErrors", "read_folder"]
