from django.core.exceptions import PermissionDenied, ValidationError

from spor.organisations import services
from spor.organisations.models import Organisation, Role
from tests.base import SporTestCase


class UserCreateTests(SporTestCase):
    def test_it_refuses_a_role_that_does_not_fit_the_organisation(self):
        with self.assertRaises(ValidationError) as ctx:
            services.user_create(
                actor=self.admin, username="x", password=None, organisation=self.police, role=Role.ANALYST
            )
        self.assertIn("role", ctx.exception.message_dict)

    def test_it_checks_the_password_against_the_validators(self):
        with self.assertRaises(ValidationError):
            services.user_create(
                actor=self.admin, username="y", password="1234", organisation=self.cmm, role=Role.CASEWORKER
            )

    def test_it_refuses_a_caseworker_creating_users(self):
        with self.assertRaises(PermissionDenied):
            services.user_create(
                actor=self.caseworker, username="z", password=None, organisation=self.cmm, role=Role.CASEWORKER
            )

    def test_it_lets_a_manager_create_centre_users_only(self):
        user = services.user_create(
            actor=self.manager, username="new", password=None, organisation=self.cmm, role=Role.CASEWORKER
        )
        self.assertEqual(user.role, Role.CASEWORKER)
        with self.assertRaises(PermissionDenied):
            services.user_create(
                actor=self.manager, username="pol", password=None, organisation=self.police, role=Role.REFERRER
            )

    def test_it_refuses_an_unknown_organisation_type(self):
        with self.assertRaises(ValidationError):
            services.organisation_create(actor=self.admin, name="X", type="bank")
        self.assertFalse(Organisation.objects.filter(name="X").exists())
