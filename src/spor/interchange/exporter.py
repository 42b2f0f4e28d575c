"""Writing interchange tables as a folder of CSV files, deterministically (docs/definitions.md#interchange-format).

The same tables give the same bytes: every file of the format is written (an empty one as its
header), the columns in the order of `spor.interchange.format`, the rows in the order
`registry_folder` gives them (by id), `\n` line ends, quotes only where a cell needs them, dates
`YYYY-MM-DD`, `yes`/`no`, multi-valued cells joined by `;`, unknown as an empty cell. So
export -> import into an empty database -> export gives byte-identical files.

`cells()` is also what the importer compares with: two rows are the same exactly when they
would be written the same.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from django.core.exceptions import PermissionDenied
from tqdm import tqdm

from spor.audit import services as audit
from spor.common.actor import Actor, service
from spor.common.cells import neutralise_expr
from spor.interchange.format import FILES, FileSpec
from spor.interchange.reader import Folder
from spor.interchange.registry import registry_folder
from spor.organisations.models import Role
from spor.organisations.permissions import is_manager


def cells(spec: FileSpec, table: pl.DataFrame) -> pl.DataFrame:
    """The table as the strings written to the CSV file, one Utf8 column per column of `spec`."""
    out = []
    for column in spec.columns:
        col = pl.col(column.name)
        if column.kind == "date":
            text = col.dt.strftime("%Y-%m-%d")
        elif column.kind == "yesno":
            text = pl.when(col).then(pl.lit("yes")).when(~col).then(pl.lit("no")).otherwise(None)
        elif column.kind in ("codes", "nationalities", "ids"):
            text = col.list.join(";")
        else:
            text = col.cast(pl.Utf8)
        out.append(neutralise_expr(text.fill_null("")).alias(column.name))
    return table.select(out)


def folder_write(folder: Folder, path: Path, *, progress: bool = False) -> dict[str, int]:
    """Write every file of the format into `path` (created if missing); returns rows per file."""
    path.mkdir(parents=True, exist_ok=True)
    total = sum(folder[spec.name].height for spec in FILES)
    counts: dict[str, int] = {}
    with tqdm(total=total, desc="export", unit="row", disable=not progress) as bar:
        for spec in FILES:
            table = cells(spec, folder[spec.name])
            with (path / spec.filename).open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
                writer.writerow([c.name for c in spec.columns])
                for batch in table.iter_slices(20_000):
                    writer.writerows(batch.iter_rows())
                    bar.update(batch.height)
            counts[spec.name] = table.height
    return counts


@dataclass
class ExportCounts:
    rows: dict[str, int] = field(default_factory=dict)


def can_export(actor: Actor | None) -> bool:
    """The operator (actor None), centre managers and analysts: the export is pseudonymous."""
    if actor is None:
        return True
    if is_manager(actor):
        return True
    return bool(getattr(actor, "is_authenticated", False) and actor.is_active and actor.role == Role.ANALYST)


@service
def interchange_export(
    *, actor: Actor | None, path: Path, year_from: int | None = None, year_to: int | None = None, progress: bool = False
) -> ExportCounts:
    """Export the registry's pseudonymous records as an interchange folder at `path`.

    The operator (actor None), centre managers and analysts. Raises PermissionDenied for anyone
    else. Audit: interchange.exported with the rows per file and the years.
    """
    if not can_export(actor):
        raise PermissionDenied
    folder = registry_folder(year_from, year_to)
    rows = folder_write(folder, path, progress=progress)
    audit.record(
        actor=actor,
        event="interchange.exported",
        extra={"rows": rows, "year_from": year_from, "year_to": year_to},
    )
    return ExportCounts(rows=rows)
