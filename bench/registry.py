"""Benchmark of the interchange import into the case registry (docs/interchange.md#throughput).

Generates an interchange folder of N persons with their full history (inquiries, assessments,
decisions, returns, police reports, statuses), then, on SQLite (a temporary file) and on
PostgreSQL (a scratch database `spor_bench`, dropped afterwards), times in a fresh process each:
  1. reading and validating the folder (spor.interchange.reader),
  2. importing it into an empty registry (spor.interchange.importer), in persons per second,
  3. importing it again (every row matched and skipped),
  4. exporting the registry (spor.interchange.exporter).
Target: at least 2,000 persons a second on both databases.

    .venv/bin/python bench/registry.py --import           # 100,000 persons
    .venv/bin/python bench/registry.py --import --quick   # 5,000 persons, under a minute

`make_folder(path, persons, seed)` is also used by bench/api.py to fill PostgreSQL.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
PG_ADMIN = os.environ.get("SPOR_BENCH_PG", "postgres://postgres@127.0.0.1:5432/")
PG_NAME = "spor_bench"

NATIONALITIES = ["NG", "TH", "RO", "UA", "VN", "MA", "PL", "BR", "CN", "ES", "UG", "RU-CE", "PH", "ER", "ZZ"]
SENDERS = ["police", "ngo", "dis", "self", "municipality", "citizen", "health", "lawyer", "other"]
EXPLOITATION = ["sexual_prostitution", "sexual_prostitution", "forced_labour", "criminal", "sexual_other", "other"]
SECTORS = ["agriculture", "construction", "cleaning", "restaurant", "other_services", "domestic_work"]
DISTRICTS = ["Københavns Politi", "Fyns Politi", "Østjyllands Politi", "Nordsjællands Politi"]
STATUSES = ["prepared_return", "receiving_support", "left_on_own", "declined_or_absent", "residence_granted"]
HEADERS = {
    "persons": "person_id,gender,birth_date,birth_year,nationality,residence_status",
    "inquiries": "inquiry_id,received_on,channel,sender_type,sender_org,person_id",
    "assessments": "assessment_id,person_id,inquiry_id,first_interview_on,assessed_by,referrer_type,referrer_org",
    "decisions": "decision_id,person_id,decided_on,authority,identified,contact_actor_type,contact_actor_org,"
    "primary_exploitation,secondary_exploitation,sector,crime_type,exploitation_place",
    "returns": "person_id,departed_on,destination,in_kind_dkk,cash_dkk,children",
    "police_reports": "person_id,filed_on,filed_by,legal_basis,police_district,anonymous",
    "statuses": "person_id,as_of,status",
}


def make_folder(path: Path, persons: int, seed: int = 2026) -> dict[str, int]:
    """Write a valid interchange folder of `persons` synthetic persons with full history.

    Per person: one or two passages (inquiry -> assessment -> decision), about 60 % identified;
    of those, returns, police reports and statuses. Also inquiries about no known person.
    Returns the rows per file.
    """
    rng = random.Random(seed)
    path.mkdir(parents=True, exist_ok=True)
    rows: dict[str, list[list[object]]] = {name: [] for name in HEADERS}
    counter = {"I": 0, "A": 0, "D": 0}

    def next_id(prefix: str) -> str:
        counter[prefix] += 1
        return f"{prefix}-{counter[prefix]:08d}"

    for n in range(persons):
        _person(rng, f"P-{n:08d}", rows, next_id)
        if rng.random() < 0.3:
            received = date(2015, 1, 1) + timedelta(days=rng.randrange(0, 3650))
            rows["inquiries"].append([next_id("I"), received, "hotline", rng.choice(SENDERS), "", ""])
    counts = {}
    for name, header in HEADERS.items():
        with (path / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            handle.write(header + "\n")
            writer.writerows(rows[name])
        counts[name] = len(rows[name])
    return counts


#: The last day a generated record may carry: fixed, so the data do not depend on the day of the run.
LAST_DAY = date(2025, 12, 31)


def _person(rng: random.Random, key: str, rows: dict[str, list[list[object]]], new: Callable[[str], str]) -> None:
    born = date(1960, 1, 1) + timedelta(days=rng.randrange(0, 16000))
    nationality = rng.choice(NATIONALITIES)
    residence = rng.choice(["lawful", "unlawful", "asylum_seeker", "unknown"])
    gender = rng.choices(["female", "male", "trans", "unknown"], [64, 33, 2, 1])[0]
    exact = rng.random() < 0.8
    rows["persons"].append([key, gender, born if exact else "", born.year, nationality, residence])
    start = date(max(born.year + 16, 2010), 1, 1) + timedelta(days=rng.randrange(0, 3000))
    identified_on = None
    for _passage in range(1 if rng.random() < 0.9 else 2):
        if start + timedelta(days=60) > LAST_DAY:  # no record dated in the future (the import refuses it)
            break
        sender = rng.choice(SENDERS)
        org = rng.choice(DISTRICTS) if sender == "police" else ""
        inquiry = new("I")
        rows["inquiries"].append([inquiry, start, rng.choice(["hotline", "email", "other"]), sender, org, key])
        interview = start + timedelta(days=rng.randint(1, 20))
        rows["assessments"].append([new("A"), key, inquiry, interview, "cmm", sender, org])
        decided = interview + timedelta(days=rng.randint(3, 40))
        identified = rng.random() < 0.6
        primary = rng.choice(EXPLOITATION) if identified else ""
        sector = rng.choice(SECTORS) if primary == "forced_labour" else ""
        authority = "cmm" if residence == "lawful" else "dis"
        rows["decisions"].append(
            [new("D"), key, decided, authority, "yes" if identified else "no", sender, org, primary, "", sector, "",
             "denmark" if identified else ""]
        )  # fmt: skip
        if identified and identified_on is None:
            identified_on = decided
        start = decided + timedelta(days=rng.randint(200, 900))
    if identified_on is None:
        return
    if rng.random() < 0.3:
        departed = min(identified_on + timedelta(days=rng.randint(20, 120)), LAST_DAY)
        rows["returns"].append([key, departed, nationality if nationality != "ZZ" else "", 30000, 10000, 0])
    if rng.random() < 0.3:
        filed_by = rng.choice(["cmm", "person_assisted"])
        rows["police_reports"].append(
            [key, min(identified_on + timedelta(days=rng.randint(0, 60)), LAST_DAY), filed_by, "262a",
             rng.choice(DISTRICTS),
             "yes" if filed_by == "cmm" else "no"]
        )  # fmt: skip
    rows["statuses"].append([key, date(identified_on.year, 12, 31), rng.choice(STATUSES)])


# --- the timed run, in a fresh process per database -------------------------------------------


def child(folder: Path) -> None:
    """Migrate the database of DATABASE_URL, then time read, import, re-import and export."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spor.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from spor.interchange.exporter import interchange_export
    from spor.interchange.importer import interchange_import
    from spor.interchange.reader import read_folder

    call_command("migrate", verbosity=0)
    result: dict[str, float] = {}
    t = time.perf_counter()
    data = read_folder(folder)
    result["read_s"] = time.perf_counter() - t
    t, cpu = time.perf_counter(), _cpu()
    counts = interchange_import(actor=None, folder=data, source=folder)
    result["import_s"] = time.perf_counter() - t
    result["import_cpu_s"] = _cpu() - cpu  # this process only, not the database server
    result["persons"] = counts.persons
    result["rows"] = sum(v for k, v in counts.as_dict().items() if k != "unchanged")
    t = time.perf_counter()
    again = interchange_import(actor=None, folder=data, source=folder)
    result["reimport_s"] = time.perf_counter() - t
    result["reimport_new"] = sum(v for k, v in again.as_dict().items() if k != "unchanged")
    with tempfile.TemporaryDirectory() as out:
        t = time.perf_counter()
        interchange_export(actor=None, path=Path(out))
        result["export_s"] = time.perf_counter() - t
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_child(folder: Path, database_url: str, var: Path) -> dict[str, float]:
    env = {**os.environ, "DATABASE_URL": database_url, "SPOR_VAR_DIR": str(var), "SPOR_DB_CONN_MAX_AGE": "0"}
    command = [sys.executable, str(Path(__file__).resolve()), "--child", str(folder)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"benchmark run failed on {database_url}:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _pg(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN + "postgres", autocommit=True) as conn:
        conn.execute(sql.encode())


def report(name: str, r: dict[str, float]) -> None:
    rate = r["persons"] / r["import_s"]
    print(
        f"{name:<10} read {r['read_s']:6.2f} s | import {r['import_s']:6.2f} s = {rate:8,.0f} persons/s "
        f"({r['rows'] / r['import_s']:9,.0f} rows/s, {int(r['rows']):,} rows) | re-import {r['reimport_s']:6.2f} s "
        f"({int(r['reimport_new'])} new) | export {r['export_s']:6.2f} s | peak {r['peak_mb']:,.0f} MB"
        f" | target 2,000 persons/s: {'met' if rate >= 2000 else 'NOT met'}"
        f" | Spor's import CPU {r['import_cpu_s']:.1f} s ({r['persons'] / r['import_cpu_s']:,.0f} persons per"
        f" CPU second) | load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--import", dest="do_import", action="store_true", help="the import-throughput benchmark")
    parser.add_argument("--quick", action="store_true", help="5,000 persons instead of 100,000")
    parser.add_argument("--persons", type=int, help="number of persons (overrides --quick)")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(Path(args.child))
        return 0
    persons = args.persons or (5_000 if args.quick else 100_000)
    with tempfile.TemporaryDirectory(prefix="spor-bench-registry-") as tmp:
        root = Path(tmp)
        t = time.perf_counter()
        counts = make_folder(root / "folder", persons)
        print(f"generated {persons:,} persons in {time.perf_counter() - t:.1f} s: {counts}", flush=True)
        report("SQLite", run_child(root / "folder", f"sqlite:///{root / 'bench.sqlite3'}", root))
        if not args.skip_postgres:
            _pg(f"DROP DATABASE IF EXISTS {PG_NAME}")
            _pg(f"CREATE DATABASE {PG_NAME}")
            try:
                report("PostgreSQL", run_child(root / "folder", PG_ADMIN + PG_NAME, root))
            finally:
                _pg(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
