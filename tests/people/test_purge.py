from datetime import date

from django.core.management import call_command

from spor.cases import services
from spor.people.models import Person
from spor.people.purge import persons_due_for_erasure, purge_identities
from tests.base import SporTestCase
from tests.make import make_case, make_person


class PurgeTests(SporTestCase):
    def test_it_erases_only_identities_whose_cases_closed_long_enough_ago(self):
        closed = make_case(self.caseworker)
        services.case_close(actor=self.caseworker, case=closed, on=date(2026, 4, 1))
        still_open = make_case(self.caseworker, make_person(self.caseworker, given="Ana", family="Popescu"))
        never_closed_long = make_case(self.caseworker, make_person(self.caseworker, given="Ion", family="Ionescu"))
        services.case_close(actor=self.caseworker, case=never_closed_long, on=date(2026, 4, 1))
        make_case(self.caseworker, never_closed_long.person, opened_on=date(2026, 5, 1))  # a second passage, open

        today = date(2033, 1, 1)  # more than five years after the closing
        self.assertEqual(list(persons_due_for_erasure(today)), [closed.person])
        self.assertEqual(purge_identities(today=today, dry_run=True), 1)
        self.assertEqual(Person.objects.filter(erased_at__isnull=False).count(), 0)
        self.assertEqual(purge_identities(today=today, dry_run=False), 1)
        erased = Person.objects.get(pk=closed.person.pk)
        self.assertEqual((erased.identity_ct, erased.gender), ("", "female"))
        self.assertTrue(Person.objects.get(pk=still_open.person.pk).identity_ct)

    def test_the_command_reports_a_count_and_no_personal_data(self):
        from io import StringIO

        out = StringIO()
        call_command("purge", "--dry-run", stdout=out)
        self.assertEqual(out.getvalue().strip(), "would erase the identity of 0 persons")
