"""The "Barn" marker's cost per list row (docs/web.md#children): `is_child_on` for N persons.

The marker is worked out on every view of every list. With a birth date on file it decrypts the
date only in the year the person turns 18; this prints the time per person for a realistic mix
(ages 10-60, one in fifty in their 18th-birthday year) and for the worst case (every person in
that year, so every row decrypts), in CPU and wall time.

    .venv/bin/python bench/children.py            # 20,000 persons
    .venv/bin/python bench/children.py --quick    # 2,000 persons
"""

from __future__ import annotations

import argparse
import os
import random
import time
from datetime import date

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spor.settings")


def persons(n: int, today: date, worst: bool) -> list[object]:
    from spor.common.crypto import encrypt_json
    from spor.people.models import Person

    rng = random.Random(1)
    out = []
    for _ in range(n):
        age = 18 if worst or rng.random() < 0.02 else rng.randint(10, 60)
        born = date(today.year - age, rng.randint(1, 12), rng.randint(1, 28))
        out.append(Person(birth_year=born.year, birth_date_ct=encrypt_json(born.isoformat())))
    return out


def measure(rows: list[object], today: date) -> tuple[float, float, int]:
    from spor.people.ages import is_child_on

    wall, cpu = time.perf_counter(), time.process_time()
    children = sum(1 for p in rows if is_child_on(p, today))  # type: ignore[arg-type]
    return time.perf_counter() - wall, time.process_time() - cpu, children


def main() -> None:
    import django

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    django.setup()
    n = 2_000 if args.quick else 20_000
    today = date(2026, 12, 6)
    print(f"persons: {n}, load average: {os.getloadavg()[0]:.1f}")
    for name, worst in (("mixed (2% turn 18 this year)", False), ("worst (all turn 18 this year)", True)):
        wall, cpu, children = measure(persons(n, today, worst), today)
        print(f"{name}: {wall / n * 1e6:.1f} us/person wall, {cpu / n * 1e6:.1f} us/person CPU, {children} children")


if __name__ == "__main__":
    main()
