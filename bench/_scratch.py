"""Shared by the benchmarks that need a populated PostgreSQL: a scratch database, a production-style
environment for it, and the registry loaded through `spor import` (not itself a benchmark; the
leading underscore keeps `bench/run.py` from running it)."""

from __future__ import annotations

import base64
import os
import secrets
import subprocess
import time
from pathlib import Path

from registry import make_folder  # a sibling benchmark script, not a package

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PG_ADMIN = os.environ.get("SPOR_BENCH_PG", "postgres://postgres@127.0.0.1:5432/")


def pg(sql: str) -> None:
    """Run one statement on the cluster's maintenance database (create or drop the scratch one)."""
    import psycopg

    with psycopg.connect(PG_ADMIN + "postgres", autocommit=True) as conn:
        conn.execute(sql.encode())


def scratch_env(var: Path, database: str) -> dict[str, str]:
    """Production mode (SPOR_DEBUG=0) with fresh secrets, pointed at the scratch database."""
    return {
        **os.environ,
        "DATABASE_URL": PG_ADMIN + database,
        "SPOR_VAR_DIR": str(var),
        "SPOR_DEBUG": "0",
        "SPOR_SECRET_KEY": secrets.token_urlsafe(50),
        "SPOR_FIELD_KEYS": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "SPOR_BLIND_INDEX_KEY": secrets.token_urlsafe(32),
        "SPOR_BACKUP_KEY": secrets.token_urlsafe(32),
        "SPOR_AUDIT_KEY": secrets.token_urlsafe(48),
        "SPOR_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SPOR_LOG_LEVEL": "ERROR",
        "DJANGO_SETTINGS_MODULE": "spor.settings",
        "PYTHONPATH": str(ROOT),
    }


def run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args[:3])} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    return done.stdout


def load_registry(persons: int, env: dict[str, str], work: Path) -> float:
    """Generate a folder, migrate and `spor import` it; return the import's seconds."""
    t = time.perf_counter()
    counts = make_folder(work / "folder", persons)
    print(
        f"folder    {persons:,} persons, {sum(counts.values()):,} rows in {time.perf_counter() - t:.1f} s", flush=True
    )
    run([str(BIN / "spor"), "migrate", "--verbosity", "0"], env)
    t = time.perf_counter()
    run([str(BIN / "spor"), "import", str(work / "folder"), "--quiet"], env)
    elapsed = time.perf_counter() - t
    print(f"import    {elapsed:.1f} s = {persons / elapsed:,.0f} persons/s (spor import, PostgreSQL)", flush=True)
    return elapsed
