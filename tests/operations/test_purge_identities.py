"""`spor purge identities`: identities past retention are erased, the statistical record stays."""

from datetime import date
from io import StringIO

from django.core.management import CommandError, call_command

from spor.audit.models import AuditEvent
from spor.cases import services
from spor.people.models import Person
from spor.people.purge import persons_due_for_erasure, purge_identities
from tests.base import SporTestCase
from tests.make import make_case, make_person


class PurgeTests(SporTestCase):
    def test_it_erases_only_identities_whose_cases_closed_long_enough_ago(self):
        closed = make_case(self.caseworker)
        services.case_close(actor=self.caseworker, case=closed, on=date(2026, 4, 1), exit="left_on_own")
        still_open = make_case(self.caseworker, make_person(self.caseworker, given="Ana", family="Popescu"))
        never_closed_long = make_case(self.caseworker, make_person(self.caseworker, given="Ion", family="Ionescu"))
        services.case_close(actor=self.caseworker, case=never_closed_long, on=date(2026, 4, 1), exit="left_on_own")
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
        out = StringIO()
        call_command("purge", "identities", "--dry-run", stdout=out)
        self.assertEqual(out.getvalue().strip(), "would erase the identity of 0 persons")

    def test_all_runs_every_target_and_reports_counts_only(self):
        make_case(self.caseworker)
        out = StringIO()
        call_command("purge", "all", "--dry-run", stdout=out)
        lines = out.getvalue().strip().splitlines()
        self.assertEqual(lines[0], "would erase the identity of 0 persons")
        self.assertIn("annoncer/ads 0", lines[1])
        self.assertEqual(len(lines), 2)
        self.assertNotIn("Siriporn", out.getvalue())

    def test_the_command_records_where_the_erasure_came_from(self):
        closed = make_case(self.caseworker, opened_on=date(2019, 1, 2))
        services.case_close(actor=self.caseworker, case=closed, on=date(2020, 4, 1), exit="left_on_own")
        call_command("purge", "identities", stdout=StringIO())
        self.assertTrue(Person.objects.get(pk=closed.person.pk).erased_at)
        self.assertEqual(AuditEvent.objects.get(event="person.purged").via, "cli:purge")

    def test_it_names_the_targets_when_none_is_given(self):
        with self.assertRaises(CommandError) as ctx:
            call_command("purge", stdout=StringIO())
        self.assertIn("identities", str(ctx.exception))
