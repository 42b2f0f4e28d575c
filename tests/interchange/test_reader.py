"""The interchange reader: every kind of error, reported at its exact line, and nothing read."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import polars as pl
import pytest
from django.test import SimpleTestCase

from spor.interchange.reader import InterchangeErrors, read_folder

pytestmark = pytest.mark.nodb

PERSONS = "person_id,gender,birth_date,birth_year,nationality,residence_status\n"
DECISIONS = (
    "decision_id,person_id,decided_on,authority,identified,contact_actor_type,contact_actor_org,"
    "primary_exploitation,secondary_exploitation,sector,crime_type,exploitation_place\n"
)


class ReaderTests(SimpleTestCase):
    def setUp(self) -> None:
        self._tmp = tempfile.TemporaryDirectory()
        self.root = Path(self._tmp.name)

    def tearDown(self) -> None:
        self._tmp.cleanup()

    def write(self, name: str, text: str | bytes) -> None:
        data = text.encode("utf-8") if isinstance(text, str) else text
        (self.root / name).write_bytes(data)

    def errors(self) -> list[str]:
        with self.assertRaises(InterchangeErrors) as caught:
            read_folder(self.root)
        return caught.exception.errors

    def test_it_reads_a_valid_folder_into_typed_tables(self) -> None:
        self.write("persons.csv", PERSONS + "P1,female,1990-02-03,,TH;UA,lawful\nP2,,,1985,RU-CE,\n")
        self.write("decisions.csv", DECISIONS + "D1,P1,2025-03-01,cmm,yes,police,,sexual_other,criminal;other,,,\n")
        folder = read_folder(self.root)
        persons = folder["persons"]
        self.assertEqual(persons.get_column("birth_date").to_list(), [dt.date(1990, 2, 3), None])
        self.assertEqual(persons.get_column("nationality").to_list(), [["TH", "UA"], ["RU-CE"]])
        self.assertEqual(persons.get_column("gender").to_list(), ["female", None])
        self.assertEqual(folder["decisions"].get_column("identified").to_list(), [True])
        self.assertEqual(folder["decisions"].get_column("secondary_exploitation").to_list(), [["criminal", "other"]])
        self.assertEqual(folder["returns"].height, 0)  # absent file: an empty table with its columns
        self.assertIn("departed_on", folder["returns"].columns)
        self.assertEqual(folder.present, {"persons", "decisions"})

    def test_it_reads_quoted_cells_like_plain_ones(self) -> None:
        self.write("persons.csv", PERSONS + '"P1","female","1990-02-03",,"TH",lawful\n')
        self.write("decisions.csv", DECISIONS + 'D1,P1,2025-03-01,cmm,yes,police,"Politi, Fyn",other,,,,\n')
        folder = read_folder(self.root)
        self.assertEqual(folder["persons"].get_column("person_id").to_list(), ["P1"])
        self.assertEqual(folder["decisions"].get_column("contact_actor_org").to_list(), ["Politi, Fyn"])

    def test_it_reads_windows_line_ends_and_a_byte_order_mark(self) -> None:
        text = (PERSONS + "P1,female,,1990,TH,lawful\nP2,male,,1991,UA,lawful\n").replace("\n", "\r\n")
        self.write("persons.csv", b"\xef\xbb\xbf" + text.encode())
        persons = read_folder(self.root)["persons"]
        self.assertEqual(persons.get_column("residence_status").to_list(), ["lawful", "lawful"])

    def test_it_reports_every_error_at_its_line(self) -> None:
        self.write(
            "persons.csv",
            PERSONS
            + "P1,female,1990-02-03,,TH,lawful\n"
            + "P2,fmale,,1985,QQ,lawful\n"
            + "P1,male,1990-02-30,,TH,lawful\n"
            + "P4,male,1991-01-01,1990,TH,lawful\n",
        )
        self.assertEqual(
            self.errors(),
            [
                "persons.csv:3: gender: unknown code 'fmale'",
                "persons.csv:3: nationality: unknown nationality code 'QQ'",
                "persons.csv:4: person_id: duplicate id 'P1' (first on line 2)",
                "persons.csv:4: birth_date: '1990-02-30' is not a date (YYYY-MM-DD)",
                "persons.csv:5: birth_year: 1990 disagrees with birth_date (born 1991)",
            ],
        )

    def test_it_reports_bad_utf8_with_its_line_and_column(self) -> None:
        self.write("persons.csv", PERSONS.encode() + b"P1,female,,1990,TH,lawful\nP2,male,,1990,\xff\xfe,lawful\n")
        errors = self.errors()
        self.assertIn("persons.csv:3: nationality: not valid UTF-8 (byte 0xff)", errors)

    def test_it_reports_a_truncated_last_line(self) -> None:
        self.write("persons.csv", PERSONS + "P1,female,,1990,TH,lawful\nP2,mal")
        self.assertEqual(self.errors(), ["persons.csv:3: -: expected 6 fields, found 2 (the file looks truncated)"])

    def test_it_reports_an_unterminated_quote(self) -> None:
        self.write("persons.csv", PERSONS + 'P1,female,,1990,TH,lawful\nP2,"male,,1990,TH,lawful\n')
        errors = self.errors()
        self.assertEqual(len(errors), 1)
        self.assertTrue(errors[0].startswith("persons.csv:3: -: unreadable row"), errors)

    def test_it_reports_references_to_missing_persons(self) -> None:
        self.write("persons.csv", PERSONS + "P1,female,,1990,TH,lawful\n")
        self.write("decisions.csv", DECISIONS + "D1,P1,2025-01-01,cmm,yes,,,,,,,\nD2,P9,2025-01-01,cmm,yes,,,,,,,\n")
        self.write("assessments.csv", "assessment_id,person_id,inquiry_id,first_interview_on\nA1,P1,I7,2025-01-01\n")
        self.assertEqual(
            self.errors(),
            [
                "assessments.csv:2: inquiry_id: 'I7' is not in inquiries.csv",
                "decisions.csv:3: person_id: 'P9' is not in persons.csv",
            ],
        )

    def test_it_reports_impossible_dates(self) -> None:
        self.write("persons.csv", PERSONS + "P1,female,1990-05-01,,TH,lawful\nP2,male,,2000,TH,lawful\n")
        self.write(
            "decisions.csv",
            DECISIONS
            + "D1,P1,1990-04-30,cmm,yes,,,,,,,\nD2,P2,1999-12-31,cmm,no,,,,,,,\nD3,P2,2020-01-01,dis,yes,,,,,,,\n",
        )
        self.write("returns.csv", "person_id,departed_on\nP2,2019-06-01\n")
        self.assertEqual(
            self.errors(),
            [
                "decisions.csv:2: decided_on: 1990-04-30 is before the person's birth (1990-05-01)",
                "decisions.csv:3: decided_on: 1999-12-31 is before the person's birth (2000)",
                "returns.csv:2: departed_on: 2019-06-01 is before the person's first positive decision (2020-01-01)",
            ],
        )

    def test_it_reports_events_in_the_future_but_not_a_status_ahead(self) -> None:
        tomorrow = dt.date.today() + dt.timedelta(days=2)
        self.write("persons.csv", PERSONS + f"P1,female,{tomorrow},,TH,lawful\n")
        self.write("decisions.csv", DECISIONS + "D1,P1,2098-03-01,cmm,yes,,,,,,,\n")
        self.write("statuses.csv", f"person_id,as_of,status\nP1,{tomorrow},other\n")
        self.assertEqual(
            self.errors(),
            [
                f"persons.csv:2: birth_date: {tomorrow} lies in the future",
                "decisions.csv:2: decided_on: 2098-03-01 lies in the future",
            ],
        )

    def test_it_reports_missing_required_values_and_columns(self) -> None:
        self.write("persons.csv", PERSONS + ",female,,1990,TH,lawful\n")
        self.write("statuses.csv", "person_id,status\n")
        self.assertEqual(
            self.errors(),
            [
                "persons.csv:2: person_id: missing value (required)",
                "statuses.csv:1: as_of: required column missing from the header",
            ],
        )

    def test_it_requires_persons(self) -> None:
        self.write("decisions.csv", DECISIONS)
        self.assertEqual(self.errors(), ["persons.csv:0: -: file missing (persons.csv is required)"])

    def test_it_warns_once_per_extra_column_and_keeps_it_out(self) -> None:
        self.write("persons.csv", "person_id,gender,birth_year,note\nP1,female,1990,x\nP2,male,1991,y\n")
        folder = read_folder(self.root)
        self.assertEqual(folder.warnings, ["persons.csv:1: note: unknown column, not read"])
        self.assertNotIn("note", folder["persons"].columns)

    def test_it_reads_a_large_file_on_the_fast_path(self) -> None:
        rows = "".join(f"P{n},female,,1990,TH,lawful\n" for n in range(20_000))
        self.write("persons.csv", PERSONS + rows + "P5,male,,1990,TH,lawful\n")
        self.assertEqual(self.errors(), ["persons.csv:20002: person_id: duplicate id 'P5' (first on line 7)"])

    def test_it_reports_a_year_and_unit_given_twice(self) -> None:
        self.write("persons.csv", PERSONS + "P1,female,,1990,TH,lawful\n")
        self.write(
            "court_statistics.csv",
            "year,unit,charges,indictments,convictions\n2024,counts,30,4,6\n2024,persons,9,3,1\n2024,counts,1,1,1\n",
        )
        self.assertEqual(self.errors(), ["court_statistics.csv:4: year: year, unit (2024, counts) given twice"])

    def test_it_types_numbers(self) -> None:
        self.write("persons.csv", PERSONS + "P1,female,,1990,TH,lawful\n")
        self.write("court_statistics.csv", "year,unit,charges,indictments,convictions\n2024,counts,30,4,6\n")
        court = read_folder(self.root)["court_statistics"]
        self.assertEqual(court.schema["charges"], pl.Int64)
        self.assertEqual(court.row(0), (2024, "counts", 30, 4, 6))
