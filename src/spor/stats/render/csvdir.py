"""A folder of CSV tables, one per table of the publication (UTF-8 with a header row)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from spor.common.cells import safe_rows
from spor.stats.publication import sections
from spor.stats.render import all_tables


def render_csv(report: dict[str, Any], out: Path, lang: str = "da") -> Path:
    folder = out / "csv"
    folder.mkdir(parents=True, exist_ok=True)
    for table in all_tables(sections(report, lang)):
        with (folder / f"{table.key}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerows(safe_rows([table.header, *table.rows]))
    return folder
