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
    i = report["identified"]
    flat = {
        "inquiries_by_channel": report["inquiries"]["by_channel"],
        "inquiries_by_sender_type": report["inquiries"]["by_sender_type"],
        "assessed_by_referrer_type": report["assessed"]["by_referrer_type"],
        "identified_by_authority": i["by_authority"],
        "identified_by_contact_actor_type": i["by_contact_actor_type"],
        "identified_by_exploitation": i["by_exploitation_detail"],
        "identified_by_gender": i["by_gender"],
        "identified_by_nationality": i["nationalities"]["by_code"],
        "identified_forced_labour_by_sector": i["forced_labour_by_sector"],
        "identified_criminal_by_crime_type": i["criminal_by_crime_type"],
        "returns_by_destination": report["returns"]["by_destination"],
        "status_end_of_year": report["status_end_of_year"],
    }
    out = [Grid(name, list(m), ["antal"], [[n] for n in m.values()]) for name, m in flat.items() if m]
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
    for grid in grids(report):
        with (folder / f"{grid.name}.csv").open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(safe_rows(published(grid, k)))
    return folder
