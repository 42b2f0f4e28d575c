import gzip
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TransactionTestCase

from spor.audit.services import chain_verify
from spor.cases.models import Case
from spor.people import selectors
from spor.people.models import Person
from tests.base import SporTestCase
from tests.make import make_identified_case, make_person


class BackupTests(TransactionTestCase):
    def setUp(self) -> None:
        SporTestCase.setUpTestData.__func__(self)  # the personas, created through the services
        self.case = make_identified_case(self.caseworker, make_person(self.caseworker, given="Lan", family="Tran"))
        self.folder = Path(tempfile.mkdtemp())

    def test_it_restores_exactly_what_was_backed_up(self) -> None:
        path = self.folder / "spor.json.gz"
        call_command("backup", str(path), stdout=StringIO())
        make_person(self.caseworker, given="Efter", family="Kopien")
        call_command("restore", str(path), "--yes", stdout=StringIO())
        self.assertEqual(Person.objects.count(), 1)
        self.assertEqual(Case.objects.get().number, self.case.number)
        identity = selectors.person_identity_for(actor=self.caseworker, person=Person.objects.get()).identity
        self.assertEqual(identity.family_name, "Tran")
        self.assertIsNone(chain_verify().broken_at)

    def test_it_refuses_a_broken_file_and_keeps_the_database(self) -> None:
        path = self.folder / "broken.json.gz"
        path.write_bytes(gzip.compress(b'{"format": "spor-backup/1", "rows": [{"model": "people.person"'))
        with self.assertRaisesMessage(CommandError, "not a readable Spor backup"):
            call_command("restore", str(path), "--yes", stdout=StringIO())
        self.assertEqual(Person.objects.count(), 1)

    def test_it_needs_confirmation(self) -> None:
        path = self.folder / "spor.json.gz"
        call_command("backup", str(path), stdout=StringIO())
        with self.assertRaisesMessage(CommandError, "--yes"):
            call_command("restore", str(path), stdout=StringIO())
        out = StringIO()
        call_command("restore", str(path), "--dry-run", stdout=out)
        self.assertIn("would restore", out.getvalue())
