"""`spor import`: every kind of error printed as file:line: column: message, and nothing imported."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.core.management.base import CommandError

from tests.interchange.test_import import SAMPLE, ImportTestCase, header, row_counts


def replaced(name: str, index: int, row: str) -> dict[str, list[str]]:
    files = {k: list(v) for k, v in SAMPLE.items()}
    files[name][index] = row
    return files


def added(name: str, *rows: str) -> dict[str, list[str]]:
    files = {k: list(v) for k, v in SAMPLE.items()}
    files[name] = [*files[name], *rows]
    return files


class ImportErrorTests(ImportTestCase):
    def cli(self, *args: str) -> tuple[str, str]:
        out, err = io.StringIO(), io.StringIO()
        call_command("import", *args, "--quiet", stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    def refused(self, files: dict[str, list[str]] | None = None, *, path: object = None) -> list[str]:
        """Import through the CLI; assert it fails and changes nothing; return the printed lines."""
        before = row_counts()
        folder = path or self.folder(files, "bad")
        err = io.StringIO()
        with self.assertRaises(CommandError) as caught:
            call_command("import", str(folder), "--quiet", stderr=err)
        self.assertIn("nothing imported", str(caught.exception))
        self.assertEqual(row_counts(), before)
        return err.getvalue().splitlines()

    def test_an_unknown_code(self) -> None:
        bad = SAMPLE["decisions"][1].replace("forced_labour", "forced_work")
        lines = self.refused(replaced("decisions", 1, bad))
        self.assertEqual(lines, ["decisions.csv:3: primary_exploitation: unknown code 'forced_work'"])

    def test_a_decision_before_the_persons_birth(self) -> None:
        lines = self.refused(replaced("decisions", 0, SAMPLE["decisions"][0].replace("2025-02-01", "1989-05-01")))
        self.assertEqual(lines, ["decisions.csv:2: decided_on: 1989-05-01 is before the person's birth (1990-02-03)"])

    def test_a_decision_in_the_future(self) -> None:
        lines = self.refused(replaced("decisions", 0, SAMPLE["decisions"][0].replace("2025-02-01", "2098-02-01")))
        self.assertEqual(lines[0], "decisions.csv:2: decided_on: 2098-02-01 lies in the future")

    def test_a_departure_before_identification(self) -> None:
        lines = self.refused(replaced("returns", 0, "P-1,2025-01-20,TH,30000,10000,1"))
        self.assertEqual(
            lines,
            ["returns.csv:2: departed_on: 2025-01-20 is before the person's first positive decision (2025-02-01)"],
        )

    def test_an_impossible_calendar_date(self) -> None:
        lines = self.refused(replaced("statuses", 1, "P-2,2025-02-30,receiving_support"))
        self.assertEqual(lines, ["statuses.csv:3: as_of: '2025-02-30' is not a date (YYYY-MM-DD)"])

    def test_a_duplicate_id(self) -> None:
        lines = self.refused(added("persons", "P-2,male,,1985,RO,unlawful"))
        self.assertEqual(lines, ["persons.csv:5: person_id: duplicate id 'P-2' (first on line 3)"])

    def test_a_reference_to_a_missing_person(self) -> None:
        lines = self.refused(added("statuses", "P-9,2025-12-31,other"))
        self.assertEqual(lines, ["statuses.csv:4: person_id: 'P-9' is not in persons.csv"])

    def test_a_bad_encoding(self) -> None:
        path = self.folder(name="latin1")
        text = (path / "inquiries.csv").read_text(encoding="utf-8")
        (path / "inquiries.csv").write_bytes(text.encode("latin-1"))  # "Københavns" in Latin-1
        lines = self.refused(path=path)
        self.assertEqual(lines, ["inquiries.csv:3: sender_org: not valid UTF-8 (byte 0xf8)"])

    def test_a_truncated_file(self) -> None:
        path = self.folder(name="cut")
        data = (path / "decisions.csv").read_bytes()
        (path / "decisions.csv").write_bytes(data[: data.rindex(b",,,,,")])
        lines = self.refused(path=path)
        self.assertEqual(lines, ["decisions.csv:4: -: expected 12 fields, found 7 (the file looks truncated)"])

    def test_a_quote_inside_an_unquoted_cell(self) -> None:
        bad = SAMPLE["inquiries"][0].replace("Reden International", '"Reden" International')
        lines = self.refused(replaced("inquiries", 0, bad))
        self.assertTrue(lines[0].startswith("inquiries.csv:2: -: unreadable row"), lines)  # not a traceback

    def test_every_error_is_printed_not_only_the_first(self) -> None:
        files = added("statuses", "P-9,2025-12-31,other")
        files["persons"][2] = "P-3,woman,,,ZZ,"
        lines = self.refused(files)
        self.assertEqual(
            lines,
            ["persons.csv:4: gender: unknown code 'woman'", "statuses.csv:4: person_id: 'P-9' is not in persons.csv"],
        )

    def test_a_return_whose_case_the_transition_table_cannot_move(self) -> None:
        # P-4's only decision is negative: a case that is not identified cannot plan a return.
        files = added("returns", "P-4,2025-06-01,RO,0,0,0")
        files["persons"] = [*files["persons"], "P-4,female,,1980,RO,lawful"]
        files["decisions"] = [*files["decisions"], "D-9,P-4,2025-04-01,court,no,,,,,,,"]
        lines = self.refused(files)
        self.assertEqual(
            lines, ["returns.csv:3: departed_on: its case cannot go from 'not_identified' to 'return_planned'"]
        )

    def test_a_number_above_what_its_model_field_stores(self) -> None:
        lines = self.refused(replaced("returns", 0, "P-1,2025-06-01,TH,30000,10000,40000"))
        self.assertEqual(
            lines, ["returns.csv:2: children: 40000 is above the largest value the registry stores (32767)"]
        )


class ImportRegistryErrorTests(ImportErrorTests):
    """Errors only the database can see, after a first import of SAMPLE."""

    def setUp(self) -> None:
        super().setUp()
        self.cli(str(self.folder(name="first")))

    def test_a_changed_record_at_its_exact_line(self) -> None:
        path = self.folder(replaced("decisions", 1, SAMPLE["decisions"][1].replace(",both", ",abroad")), "changed")
        text = (path / "decisions.csv").read_text(encoding="utf-8")
        (path / "decisions.csv").write_text(text.replace("\nD-2", "\n\nD-2"), encoding="utf-8")  # a blank line
        lines = self.refused(path=path)
        self.assertEqual(
            lines,
            [
                "decisions.csv:4: exploitation_place: 'D-2' is already in the registry with other content: "
                "'both' there, 'abroad' here (an import never changes a record)"
            ],
        )

    def test_a_departure_before_a_decision_in_the_registry(self) -> None:
        files = {"persons": SAMPLE["persons"][:1], "returns": ["P-1,2025-01-20,TH,0,0,0"]}
        lines = self.refused(files)
        self.assertEqual(
            lines,
            [
                "returns.csv:2: departed_on: 2025-01-20 is before the person's first positive decision "
                "(2025-02-01, in the registry)"
            ],
        )

    def test_a_different_birth_date_for_a_known_person(self) -> None:
        lines = self.refused({"persons": ["P-1,female,1990-02-04,,TH,lawful"]})
        self.assertEqual(
            lines,
            [
                "persons.csv:2: birth_date: 'P-1' is already in the registry with another birth date "
                "(an import never changes a record)"
            ],
        )

    def test_an_id_longer_than_the_registry_stores(self) -> None:
        long_id = "P-" + "7" * 70
        lines = self.refused(added("persons", f"{long_id},female,,1990,TH,lawful"))
        self.assertEqual(lines, [f"persons.csv:5: person_id: '{long_id[:20]}...' is longer than 64 characters"])


class ImportCommandTests(ImportTestCase):
    def test_it_warns_once_per_unknown_column_and_prints_counts(self) -> None:
        path = self.folder(name="extra")
        rows = [header("persons") + ",note", *(f"{row},x" for row in SAMPLE["persons"])]
        (path / "persons.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        out, err = io.StringIO(), io.StringIO()
        call_command("import", str(path), "--quiet", stdout=out, stderr=err)
        self.assertEqual(
            err.getvalue().splitlines(), ["advarsel / warning: persons.csv:1: note: unknown column, not read"]
        )
        self.assertIn("persons 3", out.getvalue())

    def test_it_refuses_a_user_who_is_not_a_manager(self) -> None:
        before = row_counts()
        with self.assertRaises(CommandError):
            call_command("import", str(self.folder()), "--quiet", "--as", self.caseworker.username)
        self.assertEqual(row_counts(), before)
        call_command("import", str(self.folder()), "--quiet", "--as", self.manager.username, stdout=io.StringIO())
        self.assertGreater(row_counts()["Person"], before["Person"])

    def test_a_dry_run_prints_what_it_would_import(self) -> None:
        before = row_counts()
        out = io.StringIO()
        call_command("import", str(self.folder()), "--quiet", "--dry-run", stdout=out)
        self.assertIn("would import", out.getvalue())
        self.assertEqual(row_counts(), before)


class HostileInputTests(ImportTestCase):
    """Input no exporter writes: each is an error at its place, never a traceback, on every database."""

    refused = ImportErrorTests.refused

    def test_a_cell_of_five_megabytes(self) -> None:
        big = "x" * (5 * 1024 * 1024)
        lines = self.refused(replaced("inquiries", 1, f"I-2,2025-02-01,email,police,{big},P-2"))
        self.assertEqual(len(lines), 1)
        self.assertTrue(lines[0].startswith("inquiries.csv:3: sender_org: "), lines[0][:200])
        self.assertLess(len(lines[0]), 300)  # the message does not repeat the cell

    def test_a_folder_in_place_of_a_file(self) -> None:
        path = self.folder(name="dir")
        (path / "decisions.csv").unlink()
        (path / "decisions.csv").mkdir()
        lines = self.refused(path=path)
        self.assertEqual(lines, ["decisions.csv:0: -: not a file"])

    def test_a_nul_byte(self) -> None:
        lines = self.refused(replaced("inquiries", 1, "I-2,2025-02-01,email,police,Køben\x00havns Politi,P-2"))
        self.assertEqual(lines, ["inquiries.csv:3: sender_org: contains a NUL character"])

    def test_a_nul_byte_in_a_quoted_cell_spanning_lines(self) -> None:
        lines = self.refused(replaced("inquiries", 1, 'I-2,2025-02-01,email,police,"Køben\x00havns\nPoliti",P-2'))
        self.assertEqual(lines, ["inquiries.csv:3: sender_org: contains a NUL character"])

    def test_a_long_bad_code_is_shown_shortened(self) -> None:
        code = "forced_" + "x" * 9000
        lines = self.refused(replaced("decisions", 1, SAMPLE["decisions"][1].replace("forced_labour", code)))
        self.assertEqual(lines, [f"decisions.csv:3: primary_exploitation: unknown code '{code[:60]}...'"])
