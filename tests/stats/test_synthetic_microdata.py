"""Differentially private synthetic microdata (`spor report --open-data --synthetic`)."""

from __future__ import annotations

import random
import tempfile
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import pytest
from django.test import SimpleTestCase

from spor.stats.extract import tables_from_folder
from spor.stats.synthetic import MARGINALS, _counts, synthesise, write_synthetic
from tests.stats.folders import decision, person, write_folder

pytestmark = pytest.mark.nodb

YEARS = list(range(2016, 2026))


def population_folder(root: Path, seed: int = 7) -> Path:
    """About a hundred identified persons a year, with skewed attributes and a few repeat victims."""
    rnd = random.Random(seed)
    persons, decisions = [], []
    for year in YEARS:
        for _ in range(rnd.randint(60, 140)):
            pid = f"P{len(persons)}"
            gender = rnd.choices(["female", "male", "trans", ""], [60, 35, 2, 3])[0]
            born = f"{year - rnd.choice([9, 15, 16, 22, 30, 41])}-03-01"
            nat = rnd.choices(["TH", "RO", "NG", "UA", "DK", "XX", "ZZ", "VN"], [20, 15, 15, 10, 2, 1, 2, 10])[0]
            primary = rnd.choices(["sexual_prostitution", "forced_labour", "criminal", "other", "undetermined"],
                                  [50, 25, 15, 7, 3])[0]  # fmt: skip
            persons.append(person(pid, gender, born, nat=nat))
            decisions.append(decision(f"D{pid}", pid, f"{year}-06-01", primary_exploitation=primary))
            if rnd.random() < 0.02 and year < YEARS[-1]:
                decisions.append(decision(f"R{pid}", pid, f"{year + 1}-02-01", primary_exploitation=primary))
    return write_folder(root, {"persons": persons, "decisions": decisions})


class SyntheticTests(SimpleTestCase):
    tables: ClassVar[Any]

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        with tempfile.TemporaryDirectory() as tmp:
            cls.tables = tables_from_folder(population_folder(Path(tmp)))

    def test_the_same_seed_gives_the_same_file(self) -> None:
        with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
            write_synthetic(synthesise(self.tables, YEARS, epsilon=1.0, seed=3), Path(a))
            write_synthetic(synthesise(self.tables, YEARS, epsilon=1.0, seed=3), Path(b))
            first = (Path(a) / "synthetic_microdata.csv").read_bytes()
            self.assertEqual(first, (Path(b) / "synthetic_microdata.csv").read_bytes())
            readme = (Path(a) / "synthetic_README.md").read_text()
            self.assertEqual(readme, (Path(b) / "synthetic_README.md").read_text())
        other = synthesise(self.tables, YEARS, epsilon=1.0, seed=4)
        self.assertFalse(other.rows.equals(synthesise(self.tables, YEARS, epsilon=1.0, seed=3).rows))

    def test_one_record_per_person(self) -> None:
        made = synthesise(self.tables, YEARS, epsilon=1.0, seed=0)
        persons = self.tables.identifications.filter(self.tables.identifications["year"].is_in(YEARS))
        self.assertEqual(made.true.height + made.left_out, persons.height)
        self.assertGreater(made.left_out, 0)

    def test_a_large_budget_reproduces_the_marginals(self) -> None:
        """With almost no noise, every measured marginal of the synthetic rows is the truth (to rounding)."""
        made = synthesise(self.tables, YEARS, epsilon=1e6, seed=0)
        for marginal in MARGINALS:
            diff = np.abs(_counts(made.rows, YEARS, marginal) - _counts(made.true, YEARS, marginal))
            self.assertLessEqual(int(diff.max()), 1, marginal)

    def test_marginals_stay_within_the_stated_noise(self) -> None:
        """At epsilon 1 the cells of every measured marginal lie within the stated 95 % bound
        (b ln 20, plus one for rounding) at about the stated rate, over several seeds."""
        within, cells = 0, 0
        for seed in range(5):
            made = synthesise(self.tables, YEARS, epsilon=1.0, seed=seed)
            bound = made.scale * np.log(20) + 1
            for marginal in MARGINALS:
                diff = np.abs(_counts(made.rows, YEARS, marginal) - _counts(made.true, YEARS, marginal))
                within += int((diff <= bound).sum())
                cells += diff.size
        self.assertGreaterEqual(within / cells, 0.9)

    def test_the_readme_states_epsilon_and_utility(self) -> None:
        made = synthesise(self.tables, YEARS, epsilon=0.5, seed=1)
        with tempfile.TemporaryDirectory() as tmp:
            write_synthetic(made, Path(tmp))
            text = (Path(tmp) / "synthetic_README.md").read_text(encoding="utf-8")
        self.assertIn("epsilon = 0.5", text)
        self.assertIn("identified_per_year", text)
        totals = next(u for u in made.utility() if u["figure"] == "identified_per_year")
        self.assertLess(totals["mean_abs_error"], 10 * made.scale)

    def test_a_bad_budget_is_refused(self) -> None:
        with self.assertRaises(ValueError):
            synthesise(self.tables, YEARS, epsilon=0, seed=0)


class CommandTests(SimpleTestCase):
    def test_spor_report_open_data_synthetic(self) -> None:
        from io import StringIO

        from django.core.management import call_command
        from django.core.management.base import CommandError

        with tempfile.TemporaryDirectory() as tmp:
            folder = population_folder(Path(tmp) / "in")
            out = Path(tmp) / "out"
            call_command("report", year=2025, source=str(folder), format="json", open_data=True, synthetic=True,
                         epsilon=2.0, seed=5, out=str(out), stdout=StringIO(), stderr=StringIO())  # fmt: skip
            text = (out / "open_data" / "synthetic_README.md").read_text(encoding="utf-8")
            self.assertIn("epsilon = 2", text)
            self.assertIn("Years 2016-2025", text)
            with self.assertRaises(CommandError):
                call_command("report", year=2025, source=str(folder), format="json", open_data=True, synthetic=True,
                             epsilon=0, out=str(out), stdout=StringIO(), stderr=StringIO())  # fmt: skip
