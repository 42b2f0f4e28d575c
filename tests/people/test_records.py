"""Person records: concurrent edits, children, and the seeded reintegration rates."""

from datetime import date

from django.core.exceptions import ValidationError

from spor.cases.services.returns import rates_in_force
from spor.common.errors import Conflict
from spor.people import services
from tests.base import SporTestCase
from tests.make import make_person


class PersonUpdateTests(SporTestCase):
    def test_it_refuses_the_second_of_two_concurrent_edits_naming_what_changed(self):
        person = make_person(self.caseworker)
        read_by_both = person.version
        services.person_update(
            actor=self.manager, person=person, version=read_by_both, residence_status="asylum_seeker"
        )
        with self.assertRaises(Conflict) as ctx:
            services.person_update(actor=self.caseworker, person=person, version=read_by_both, gender="male")
        self.assertEqual(ctx.exception.changed, ["residence_status"])
        person.refresh_from_db()
        self.assertEqual((person.gender, person.residence_status), ("female", "asylum_seeker"))

    def test_it_refuses_an_unknown_nationality_and_keeps_the_record(self):
        person = make_person(self.caseworker)
        with self.assertRaises(ValidationError) as ctx:
            services.person_update(actor=self.caseworker, person=person, version=person.version, nationalities=["QQ"])
        self.assertIn("nationalities", ctx.exception.message_dict)
        person.refresh_from_db()
        self.assertEqual(person.nationalities, ["TH"])


class ChildTests(SporTestCase):
    def test_it_records_children_by_birth_year_only(self):
        person = make_person(self.caseworker)
        services.child_add(actor=self.caseworker, person=person, birth_year=2019)
        with self.assertRaises(ValidationError):
            services.child_add(actor=self.caseworker, person=person, birth_year=1800)
        self.assertEqual(list(person.children.values_list("birth_year", flat=True)), [2019])


class RateSeedTests(SporTestCase):
    def test_the_migration_seeds_the_2026_2029_rates(self):
        self.assertEqual(
            rates_in_force(date(2027, 6, 1)),
            {"in_kind_adult": 40_000, "in_kind_child": 9_000, "cash_single": 10_000, "cash_provider": 20_000},
        )
        self.assertEqual(rates_in_force(date(2030, 1, 1)), {}, "no rate on file (docs/definitions.md)")
