"""Generate the yearly publication in the requested formats, reporting progress step by step.

One entry point for `spor report` and for the analyst page of the web application (which can
pass a `progress` callback and show "step n of m"). Reading a folder raises
`spor.interchange.reader.InterchangeErrors`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spor.stats.extract import Tables, digest, tables_from_folder, tables_from_registry
from spor.stats.render import FORMATS, render
from spor.stats.render.opendata import render_open_data
from spor.stats.report import build_report

#: progress(step, done, total): the step just finished ("read", "figures", a format, "open_data").
Progress = Callable[[str, int, int], None]


@dataclass
class Generated:
    report: dict[str, Any]
    paths: list[Path] = field(default_factory=list)
    #: `spor.stats.extract.digest` of the tables the report was made from.
    digest: str = ""


def generate(
    year: int,
    *,
    out: Path,
    source: Path | None = None,
    formats: Sequence[str] = FORMATS,
    lang: str = "da",
    open_data: bool = False,
    k: int = 3,
    report_date: dt.date | None = None,
    progress: Progress | None = None,
    overrides: Mapping[str, str] | None = None,
    revision_note: str = "",
    release: Mapping[str, Any] | None = None,
    tables: Tables | None = None,
) -> Generated:
    """Read the data (folder or registry), compute the year's figures, write each format to `out`.

    A release (`spor.releases`) passes its narrative `overrides` (sentence key -> text), its
    `revision_note` (printed by a revised publication) and `release` (state, revision, ...): all
    three go into report.json's `release` block, which the text and the renderers read. `tables`
    lets the caller pass the tables it has already read (and digested).
    """
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise ValueError(f"unknown format: {', '.join(unknown)}")
    steps = 2 + len(formats) + (1 if open_data else 0)
    tell = progress or (lambda step, done, total: None)
    if tables is None:
        tables = tables_from_folder(source) if source is not None else tables_from_registry()
    tell("read", 1, steps)
    report = build_report(tables, year, report_date=report_date)
    result = Generated(report, digest=digest(tables))
    if release is not None or overrides or revision_note:
        report["release"] = {
            **(release or {}),
            "revision_note": revision_note,
            "digest": result.digest,
            "overrides": dict(overrides or {}),
        }
    tell("figures", 2, steps)
    for n, fmt in enumerate(formats, start=3):
        result.paths += render(report, out, [fmt], lang)
        tell(fmt, n, steps)
    if open_data:
        result.paths.append(render_open_data(report, out, k))
        tell("open_data", steps, steps)
    return result
