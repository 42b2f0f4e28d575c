"""Benchmark of `spor backup` and `spor restore` on PostgreSQL (docs/operations.md#backup-figures).

Loads a registry of N persons with their full history into a scratch database (`spor import`,
which also writes the change history and the audit trail), then, each in a fresh process:
  1. `spor backup FILE`: pg_dump in custom format, sealed (AES-256-GCM) on the way to the file;
  2. `spor restore FILE --dry-run`: the whole file checked, nothing changed;
  3. `spor restore FILE --yes` into a second, empty database (no `migrate` before it);
  4. in the restored database: `spor audit-verify`, then writes (a new user and an API token);
  5. `spor restore FILE --yes` over the populated source database (every table replaced).
For each of 1-3 and 5 it prints the seconds and the peak memory (resident set) of the spor process and
of its pg_dump / pg_restore child. Targets at 100,000 persons: 60 s and 300 MB each.

    .venv/bin/python bench/backup.py           # 100,000 persons
    .venv/bin/python bench/backup.py --quick   # 5,000 persons, about a minute
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _scratch import BIN, ROOT, load_registry, pg, run, scratch_env

SOURCE, TARGET = "spor_bench_backup", "spor_bench_restore"


class PeakSampler(threading.Thread):
    """Follow a process and its children, keeping each one's peak resident set (VmHWM) by name.

    The kernel keeps the high-water mark itself, so sampling every 50 ms misses nothing but the
    last 50 ms of a process's life.
    """

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peaks, self.done = pid, {}, threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            for pid in [self.pid, *self._children(self.pid)]:
                self._sample(pid)
            time.sleep(0.05)

    @staticmethod
    def _children(pid: int) -> list[int]:
        try:
            with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as handle:
                return [int(child) for child in handle.read().split()]
        except OSError:
            return []

    def _sample(self, pid: int) -> None:
        try:
            with open(f"/proc/{pid}/status", encoding="ascii") as handle:
                status = handle.read()
        except OSError:
            return
        name = re.search(r"^Name:\s+(\S+)", status, re.M)
        peak = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
        if name and peak:
            label = "spor" if pid == self.pid else name.group(1)
            self.peaks[label] = max(self.peaks.get(label, 0), int(peak.group(1)) // 1024)


def measured(label: str, args: list[str], env: dict[str, str], work: Path) -> str:
    """Run one spor command; print its seconds and the peak memory of it and its children."""
    out_path, err_path = work / f"{label}.out", work / f"{label}.err"
    with out_path.open("w") as out, err_path.open("w") as err:
        started = time.perf_counter()
        process = subprocess.Popen(args, env=env, cwd=ROOT, stdout=out, stderr=err)
        sampler = PeakSampler(process.pid)
        sampler.start()
        # wait4 gives the kernel's peak of the process and of the children it waited for.
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    sampler.done.set()
    sampler.join()
    output = out_path.read_text().strip()
    if process.returncode != 0:
        raise SystemExit(f"{label} failed:\n{output[-2000:]}\n{err_path.read_text()[-3000:]}")
    peaks = ", ".join(f"{name} {mb:,} MB" for name, mb in sorted(sampler.peaks.items()))
    print(f"{label:<9} {elapsed:6.1f} s   peak memory: {peaks} (largest process {usage.ru_maxrss // 1024:,} MB)")
    print(f"{'':<9} {output}", flush=True)
    return output


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="5,000 persons")
    parser.add_argument("--persons", type=int, help="number of persons (overrides --quick)")
    args = parser.parse_args()
    persons = args.persons or (5_000 if args.quick else 100_000)
    for name in (SOURCE, TARGET):
        pg(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        pg(f'CREATE DATABASE "{name}"')
    try:
        with tempfile.TemporaryDirectory(prefix="spor-bench-backup-") as tmp:
            work = Path(tmp)
            source = scratch_env(work / "var", SOURCE)
            # The restored database is read with the same keys: the field keys and the backup key.
            target = {**source, "DATABASE_URL": source["DATABASE_URL"].rsplit("/", 1)[0] + "/" + TARGET}
            load_registry(persons, source, work)
            spor, file = str(BIN / "spor"), str(work / "spor.backup")
            measured("backup", [spor, "backup", file], source, work)
            print(f"{'':<9} file {os.path.getsize(file) / 2**20:,.1f} MiB", flush=True)
            measured("dry-run", [spor, "restore", file, "--dry-run"], target, work)
            measured("restore", [spor, "restore", file, "--yes"], target, work)
            print(f"verify    {run([spor, 'audit-verify'], target).strip()}", flush=True)
            writes = [spor, "createuser", "skriver", "--organisation", "Bench-centret", "--type", "cmm"]
            writes += ["--role", "caseworker", "--password-stdin"]
            done = subprocess.run(
                writes, input="en-lang-adgangskode-til-bench\n", env=target, cwd=ROOT, capture_output=True, text=True
            )
            if done.returncode != 0:
                raise SystemExit(f"a write after the restore failed:\n{done.stderr[-3000:]}")
            run([spor, "token", "create", "skriver", "--label", "bench"], target)
            verified = run([spor, "audit-verify"], target).strip()
            print(f"writes    a new user and an API token in the restored database: ok ({verified})")
            # The same file over the populated source database: every table dropped and reloaded.
            measured("replace", [spor, "restore", file, "--yes"], source, work)
            print(f"load average (1 min) {os.getloadavg()[0]:.1f}, {os.cpu_count()} CPUs", flush=True)
    finally:
        for name in (SOURCE, TARGET):
            pg(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    sys.exit(main())
