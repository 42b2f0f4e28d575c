"""Benchmark of a release of the yearly statistics from the registry (docs/statistics.md#releases).

On SQLite (a temporary file), a registry loaded with `spor import` from a synthetic folder
(bench/registry.py's `make_folder`) and the shipped published history (`spor load-published`);
then, each in a fresh process, timed with wall and CPU time (the machine is shared):
  1. `spor report --year 2025 --release --as analyst`: read the registry's pseudonymous extract,
     every figure, all five formats and open data, store the files with their checksums, freeze
     (the digest of the registry computed again) and submit;
  2. `spor release --year 2025 approve|publish` by a manager.

    .venv/bin/python bench/releases.py           # 20,000 persons (about 1,000 identified a year)
    .venv/bin/python bench/releases.py --quick   # 2,000 persons (a Danish-sized year, about 100)
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from registry import make_folder  # noqa: E402 - a sibling benchmark script, not a package

ROOT = HERE.parent
SPOR = str(ROOT / ".venv" / "bin" / "spor")


def timed(label: str, args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run one `spor` command in a fresh process; print and return its wall and CPU seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    done = subprocess.run([SPOR, *args], env=env, capture_output=True, text=True, check=False, cwd=ROOT)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"spor {' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(f"{label:<44} wall {wall:6.2f} s   CPU {cpu:6.2f} s", flush=True)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--persons", type=int)
    args = parser.parse_args()
    persons = args.persons or (2_000 if args.quick else 20_000)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{work / 'spor.sqlite3'}",
            "SPOR_VAR_DIR": str(work / "var"),
            "DJANGO_SETTINGS_MODULE": "spor.settings",
        }
        counts = make_folder(work / "folder", persons)
        print(f"folder: {persons:,} persons, {counts['decisions']:,} decisions", flush=True)
        timed("migrate", ["migrate", "--verbosity", "0"], env)
        timed("import", ["import", str(work / "folder"), "--quiet"], env)
        timed("load-published", ["load-published"], env)
        for name, role in (("analytiker", "analyst"), ("leder", "manager")):
            subprocess.run(
                [SPOR, "createuser", name, "--organisation", "Center mod Menneskehandel", "--type", "cmm",
                 "--role", role, "--password-stdin"],
                env=env, capture_output=True, check=True, cwd=ROOT, input="bench-password-2026-x\n", text=True,
            )  # fmt: skip
        timed("report --release (generate, store, freeze, submit)", ["report", "--year", "2025", "--release",
              "--report-date", "2026-04-01", "--as", "analytiker"], env)  # fmt: skip
        timed("release approve", ["release", "--year", "2025", "approve", "--as", "leder"], env)
        timed("release publish", ["release", "--year", "2025", "publish", "--as", "leder"], env)


if __name__ == "__main__":
    main()
