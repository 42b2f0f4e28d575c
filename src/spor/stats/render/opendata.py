"""The open-data export (`spor report --open-data`): the report's tables with disclosure control.

Each table is written as CSV into `open_data/` with its margins; cells hidden by
`spor.stats.disclosure` read "x". Tables: every count over a code list of the cohort and the year
(one column), and the cross tables gender x exploitation and nationality x gender.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from spor.common.cells import safe_rows
from spor.stats.disclosure import Grid, published


def grids(report: dict[str, Any]) -> list[Grid]:
    """The tables released as open data, before suppression."""
    # An absent section releases no table (docs/definitions.md#absent-is-never-zero).
    q, a, ret = report["inquiries"] or {}, report["assessed"] or {}, report["returns"] or {}
    i = report["identified"] or {}
    nationalities = i.get("nationalities", {})
    flat = {
        "inquiries_by_channel": q.get("by_channel"),
        "inquiries_by_sender_type": q.get("by_sender_type"),
        "assessed_by_referrer_type": a.get("by_referrer_type"),
        "identified_by_authority": i.get("by_authority"),
        "identified_by_contact_actor_type": i.get("by_contact_actor_type"),
        "identified_by_exploitation": i.get("by_exploitation_detail"),
        "identified_by_gender": i.get("by_gender"),
        "identified_by_nationality": nationalities.get("by_code"),
        "identified_forced_labour_by_sector": i.get("forced_labour_by_sector"),
        "identified_criminal_by_crime_type": i.get("criminal_by_crime_type"),
        "returns_by_destination": ret.get("by_destination"),
        "status_end_of_year": report["status_end_of_year"],
    }
    out = [Grid(name, list(m), ["antal"], [[n] for n in m.values()]) for name, m in flat.items() if m]
    if not i:
        return out
    ge = i["by_gender_exploitation"]
    groups = list(i["by_exploitation"])
    out.append(Grid("identified_gender_x_exploitation", list(ge), groups, [[ge[g][e] for e in groups] for g in ge]))
    nat: dict[str, dict[str, int]] = {}
    for row in i["overview"]:
        cell = nat.setdefault(row["nationality"], dict.fromkeys(i["by_gender"], 0))
        cell[row["gender"]] += row["count"]
    if nat:
        genders = list(i["by_gender"])
        out.append(
            Grid("identified_nationality_x_gender", list(nat), genders, [[nat[n][g] for g in genders] for n in nat])
        )
    return out


def render_open_data(report: dict[str, Any], out: Path, k: int = 3) -> Path:
    folder = out / "open_data"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for grid in grids(report):
        with (folder / f"{grid.name}.csv").open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(safe_rows(published(grid, k)))
        written.append(grid.name)
    (folder / "README.md").write_text(readme(report["year"], k, written), encoding="utf-8")
    return folder


def readme(year: int, k: int, names: list[str]) -> str:
    """What the open-data folder holds and how to read a hidden cell (docs/definitions.md#disclosure-control)."""
    files = "\n".join(f"- `{name}.csv`" for name in names)
    return f"""# Menneskehandel i Danmark {year}: open data

Counts of persons (inquiries: of inquiries) for {year}, from the case data of the Center mod
Menneskehandel, produced by Spor. One CSV file per table: UTF-8, comma-separated, a header row,
codes as in the interchange format (docs/definitions.md in Spor), the row and column `I alt`
holding the totals.

## Suppression

- `x` marks a hidden cell. A cell with 0 < n < k, where k = {k}, is hidden (primary
  suppression), and so are further cells until no hidden cell can be worked out from the totals
  of its row and column (secondary suppression). The grand total is always shown.
- `0` is a true zero: the data were there and counted nothing. A table whose data are absent is
  not released at all.

## Files

{files}
"""
