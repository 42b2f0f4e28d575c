"""Run Spor's benchmarks and print their figures: `make bench` (quick) or
`.venv/bin/python bench/run.py --full [name ...]` for the full targets of each issue."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    available = sorted(p.stem for p in HERE.glob("*.py") if p.stem != "run" and not p.stem.startswith("_"))
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", help=f"any of: {', '.join(available)}")
    parser.add_argument("--full", action="store_true", help="the full-size runs (minutes, not seconds)")
    args = parser.parse_args()
    failed = 0
    for name in args.names or available:
        print(f"== bench/{name}.py {'(full)' if args.full else '(quick)'}", flush=True)
        command = [sys.executable, str(HERE / f"{name}.py")] + ([] if args.full else ["--quick"])
        failed += subprocess.call(command) != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
