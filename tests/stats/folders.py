"""Small hand-made interchange folders for the statistics tests (all data synthetic)."""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from spor.interchange.format import BY_NAME
from spor.stats.extract import tables_from_folder
from spor.stats.report import build_report

Rows = list[dict[str, str]]


def write_folder(root: Path, files: dict[str, Rows]) -> Path:
    """Write each file with the full header of the format; missing cells are empty."""
    root.mkdir(parents=True, exist_ok=True)
    for name, rows in files.items():
        columns = [c.name for c in BY_NAME[name].columns]
        with (root / f"{name}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
    return root


def person(pid: str, gender: str = "", born: str = "", year: str = "", nat: str = "", res: str = "") -> dict[str, str]:
    return {"person_id": pid, "gender": gender, "birth_date": born, "birth_year": year, "nationality": nat,
            "residence_status": res}  # fmt: skip


def decision(did: str, pid: str, on: str, identified: str = "yes", **fields: str) -> dict[str, str]:
    return {"decision_id": did, "person_id": pid, "decided_on": on, "identified": identified, **fields}


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def with_published(files: dict[str, Rows]) -> dict[str, Rows]:
    """`files` with the history Spor ships in its aggregate files, as `spor export` writes them
    from a registry that has loaded it (`spor load-published`); a row of `files` wins over the
    shipped row of the same year (and unit)."""
    from spor.releases.published import shipped_court, shipped_historical

    out = dict(files)
    for name, frame, key in (
        ("historical_identified", shipped_historical(), ("year",)),
        ("court_statistics", shipped_court(), ("year", "unit")),
    ):
        mine = files.get(name, [])
        taken = {tuple(row[k] for k in key) for row in mine}
        shipped = [{k: _text(v) for k, v in row.items() if k != "sources"} for row in frame.iter_rows(named=True)]
        out[name] = sorted(
            [row for row in shipped if tuple(row[k] for k in key) not in taken] + mine,
            key=lambda row: tuple(row[k] for k in key),
        )
    return out


#: The definitions folder's own published figures (a year without them in the history Spor ships).
AGGREGATES: dict[str, Rows] = {
    "historical_identified": [{"year": "2024", "total": "50", "female": "30", "male": "20"}],
    "court_statistics": [{"year": "2024", "unit": "persons", "charges": "7", "indictments": "3", "convictions": "1"}],
}


def definitions_folder(root: Path, *, published: bool = False) -> Path:
    """The folder whose answers tests/stats/test_definitions.py works out by hand.

    A: woman born 2000-07-01, TH; identified 2024 (so a repeat victim) and twice in 2025.
    B: man with a birth year only (1990), RU-CE; identified 2025-12-30; status and police report
       after year end. C: no gender, no birth, NG, empty exploitation. D: girl born 2010-01-15, NG.
    E: assessed in 2025, not identified. F: identified 2023, returned 2025 (earlier cohort).
    `published`: with the history Spor ships in the aggregate files (`with_published`).
    """
    return write_folder(
        root,
        {
            "persons": [
                person("A", "female", "2000-07-01", nat="TH", res="lawful"),
                person("B", "male", year="1990", nat="RU-CE", res="asylum_seeker"),
                person("C", "", nat="NG", res="lawful"),
                person("D", "female", "2010-01-15", nat="NG", res="unlawful"),
                person("E", "male", "1980-01-01", nat="PL", res="lawful"),
                person("F", "female", "1995-05-05", nat="RO", res="lawful"),
            ],
            "inquiries": [
                {
                    "inquiry_id": "I1",
                    "received_on": "2025-01-05",
                    "channel": "hotline",
                    "sender_type": "self",
                    "person_id": "A",
                },
                {
                    "inquiry_id": "I2",
                    "received_on": "2025-01-20",
                    "channel": "email",
                    "sender_type": "self",
                    "person_id": "E",
                },
                {"inquiry_id": "I3", "received_on": "2025-03-01", "channel": "hotline", "sender_type": "self"},
                {
                    "inquiry_id": "I4",
                    "received_on": "2025-10-01",
                    "channel": "",
                    "sender_type": "police",
                    "person_id": "B",
                },
                {"inquiry_id": "I5", "received_on": "2024-02-01", "channel": "hotline", "sender_type": "ngo"},
                {"inquiry_id": "I6", "received_on": "2024-03-01", "channel": "hotline", "sender_type": "ngo"},
            ],
            "assessments": [
                {
                    "assessment_id": "S1",
                    "person_id": "A",
                    "inquiry_id": "I1",
                    "first_interview_on": "2025-01-10",
                    "assessed_by": "cmm",
                    "referrer_type": "ngo",
                    "referrer_org": "Reden International",
                },
                {
                    "assessment_id": "S2",
                    "person_id": "A",
                    "first_interview_on": "2025-04-01",
                    "assessed_by": "cmm",
                    "referrer_type": "police",
                    "referrer_org": "Københavns Politi",
                },
                {
                    "assessment_id": "S3",
                    "person_id": "E",
                    "inquiry_id": "I2",
                    "first_interview_on": "2025-02-02",
                    "assessed_by": "cmm",
                    "referrer_type": "police",
                    "referrer_org": "Fyns Politi",
                },
                {
                    "assessment_id": "S4",
                    "person_id": "B",
                    "inquiry_id": "I4",
                    "first_interview_on": "2025-11-01",
                    "assessed_by": "dis",
                    "referrer_type": "police",
                    "referrer_org": "Københavns Politi",
                },
            ],
            "decisions": [
                decision("D0", "A", "2024-03-01", authority="cmm", primary_exploitation="sexual_prostitution"),
                decision(
                    "D1",
                    "A",
                    "2025-02-01",
                    authority="cmm",
                    contact_actor_type="police",
                    primary_exploitation="sexual_prostitution",
                    secondary_exploitation="criminal;forced_labour",
                ),
                decision(
                    "D2",
                    "A",
                    "2025-05-01",
                    authority="cmm",
                    contact_actor_type="ngo",
                    primary_exploitation="forced_labour",
                    sector="cleaning",
                ),
                decision(
                    "D3",
                    "B",
                    "2025-12-30",
                    authority="dis",
                    contact_actor_type="ngo",
                    primary_exploitation="forced_labour",
                    sector="construction",
                ),
                decision("D4", "C", "2025-06-01"),
                decision(
                    "D5",
                    "D",
                    "2025-06-01",
                    authority="court",
                    contact_actor_type="police",
                    primary_exploitation="criminal",
                    crime_type="theft",
                ),
                decision("D6", "E", "2025-03-01", identified="no", authority="cmm"),
                decision("D7", "F", "2023-05-05", authority="cmm", primary_exploitation="sexual_other"),
            ],
            "returns": [
                {"person_id": "A", "departed_on": "2025-09-01", "destination": "TH"},
                {"person_id": "F", "departed_on": "2025-03-03", "destination": "RO"},
            ],
            "statuses": [
                {"person_id": "A", "as_of": "2025-10-01", "status": "prepared_return"},
                {"person_id": "B", "as_of": "2025-12-31", "status": "receiving_support"},
                {"person_id": "B", "as_of": "2026-01-15", "status": "left_on_own"},
                {"person_id": "D", "as_of": "2025-07-01", "status": "declined_or_absent"},
            ],
            "police_reports": [
                {"person_id": "A", "filed_on": "2025-03-01", "filed_by": "cmm", "legal_basis": "262a"},
                {"person_id": "D", "filed_on": "2025-08-01", "filed_by": "person_assisted", "legal_basis": "262b"},
                {"person_id": "D", "filed_on": "2025-08-02", "filed_by": "person_assisted", "legal_basis": "262a"},
                {"person_id": "B", "filed_on": "2026-01-10", "filed_by": "cmm", "legal_basis": "262a"},
            ],
            **(with_published(AGGREGATES) if published else AGGREGATES),
        },
    )


def definitions_report(year: int = 2025, *, report_date: dt.date) -> dict[str, Any]:
    """report.json of `definitions_folder` for `year`, built from a temporary copy of the folder."""
    with tempfile.TemporaryDirectory() as tmp:
        tables = tables_from_folder(definitions_folder(Path(tmp)))
    return build_report(tables, year, report_date=report_date)
