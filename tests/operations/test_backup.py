import gzip
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO
from pathlib import Path
from unittest import skipUnless

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import TransactionTestCase, override_settings
from django.utils import timezone

from spor.audit.services import chain_verify
from spor.cases.models import Case
from spor.common.sealed import CHUNK, HEADER_SIZE, TAG
from spor.people import selectors
from spor.people.models import Person
from spor.screening.models import RawPage
from spor.screening.store import AdIn, ads_save
from tests.base import SporTestCase
from tests.make import make_identified_case, make_person

OTHER_KEY = "another-backup-key-that-is-long-enough-0123"


@contextmanager
def environment(**values: str) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


class BackupTests(TransactionTestCase):
    def setUp(self) -> None:
        SporTestCase.setUpTestData.__func__(self)  # the personas, created through the services
        self.case = make_identified_case(self.caseworker, make_person(self.caseworker, given="Lan", family="Tran"))
        self.folder = Path(tempfile.mkdtemp())
        self.path = self.folder / "spor.backup"

    def backup(self) -> bytes:
        call_command("backup", str(self.path), stdout=StringIO())
        return self.path.read_bytes()

    def restore(self, *args: str) -> str:
        out = StringIO()
        call_command("restore", str(self.path), *args, stdout=out)
        return out.getvalue()

    def add_large_page(self) -> None:
        """A raw page of random bytes, so the backup spans several chunks whatever its compression."""
        page = os.urandom(3 * CHUNK)
        ad = AdIn(site="natlys", ad_id="stor", url="https://natlys.example/annonce/stor", seen_at=timezone.now())
        ads_save([AdIn(**{**ad.__dict__, "raw_html": page})])

    def assert_unchanged_after_backup(self) -> None:
        """The person made after the backup is still there: the database was not touched."""
        self.assertEqual(Person.objects.count(), 2)
        self.assertIsNone(chain_verify().broken_at)

    def test_it_restores_exactly_what_was_backed_up(self) -> None:
        self.backup()
        make_person(self.caseworker, given="Efter", family="Kopien")
        self.assertIn("restored", self.restore("--yes"))
        self.assertEqual(Person.objects.count(), 1)
        self.assertEqual(Case.objects.get().number, self.case.number)
        identity = selectors.person_identity_for(actor=self.caseworker, person=Person.objects.get()).identity
        self.assertEqual(identity.family_name, "Tran")
        self.assertIsNone(chain_verify().broken_at)

    def test_it_takes_new_writes_after_a_restore_into_an_empty_database(self) -> None:
        self.backup()
        call_command("flush", "--no-input", verbosity=0)  # a new database: empty tables, sequences at 1
        self.restore("--yes")
        make_identified_case(self.caseworker, make_person(self.caseworker, given="Ny", family="Efter"))
        self.assertEqual(Person.objects.count(), 2)
        self.assertIsNone(chain_verify().broken_at)

    def test_it_restores_a_backup_of_several_chunks(self) -> None:
        self.add_large_page()
        self.assertGreater(len(self.backup()), HEADER_SIZE + 3 * (CHUNK + TAG))
        RawPage.objects.all().delete()
        self.restore("--yes")
        self.assertEqual(len(gzip.decompress(RawPage.objects.get().content_gzip)), 3 * CHUNK)

    def test_it_keeps_the_secrets_out_of_sight_and_the_file_private(self) -> None:
        data = self.backup()
        self.assertNotIn(self.caseworker.password.encode(), data)
        self.assertNotIn(self.case.number.encode(), data)
        self.assertEqual(self.path.stat().st_mode & 0o077, 0)

    def test_it_checks_and_counts_on_a_dry_run_without_changing_anything(self) -> None:
        self.backup()
        make_person(self.caseworker, given="Efter", family="Kopien")
        out = self.restore("--dry-run")
        self.assertRegex(out, r"would restore [1-9]\d* rows of [1-9]\d* tables")
        self.assert_unchanged_after_backup()

    def test_it_refuses_an_altered_file_and_keeps_the_database(self) -> None:
        self.add_large_page()
        data = bytearray(self.backup())
        data[HEADER_SIZE + CHUNK + TAG + 1000] ^= 0x01  # one bit in the second chunk
        self.path.write_bytes(data)
        make_person(self.caseworker, given="Efter", family="Kopien")
        for args in (["--yes"], ["--dry-run"]):
            with self.subTest(args=args), self.assertRaisesMessage(CommandError, "damaged, altered or cut short"):
                self.restore(*args)
        self.assert_unchanged_after_backup()
        self.assertEqual(RawPage.objects.count(), 1)

    def test_it_refuses_a_cut_file_and_keeps_the_database(self) -> None:
        self.add_large_page()
        data = self.backup()
        make_person(self.caseworker, given="Efter", family="Kopien")
        for length in (HEADER_SIZE + 2 * (CHUNK + TAG), len(data) - 1, HEADER_SIZE + 10):
            self.path.write_bytes(data[:length])
            with self.subTest(length=length), self.assertRaisesMessage(CommandError, "cut short"):
                self.restore("--yes")
        self.assert_unchanged_after_backup()

    def test_it_refuses_another_key_and_keeps_the_database(self) -> None:
        self.backup()
        make_person(self.caseworker, given="Efter", family="Kopien")
        with override_settings(BACKUP_KEY=OTHER_KEY), self.assertRaisesMessage(CommandError, "SPOR_BACKUP_KEY"):
            self.restore("--yes")
        self.assert_unchanged_after_backup()

    def test_it_refuses_a_file_of_the_old_format(self) -> None:
        self.path.write_bytes(gzip.compress(b'{"format": "spor-backup/1", "rows": []}'))
        with self.assertRaisesMessage(CommandError, "not a Spor backup file"):
            self.restore("--yes")
        self.assertEqual(Person.objects.count(), 1)

    def test_it_says_when_it_cannot_write_the_file(self) -> None:
        with self.assertRaisesMessage(CommandError, "cannot write"):
            call_command("backup", str(self.folder / "missing" / "spor.backup"), stdout=StringIO())

    def test_it_needs_confirmation(self) -> None:
        self.backup()
        with self.assertRaisesMessage(CommandError, "--yes"):
            self.restore()

    @skipUnless(connection.vendor == "postgresql", "pg_dump and pg_restore serve PostgreSQL only")
    def test_it_says_when_the_postgresql_tools_are_missing(self) -> None:
        self.backup()
        with environment(PATH=str(self.folder)):
            for command in (["backup", str(self.folder / "other.backup")], ["restore", str(self.path), "--yes"]):
                with self.subTest(command=command[0]), self.assertRaisesMessage(CommandError, "not found"):
                    call_command(*command, stdout=StringIO())
        self.assertFalse((self.folder / "other.backup").exists())
        self.assertEqual(Person.objects.count(), 1)
