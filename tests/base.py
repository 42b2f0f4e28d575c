"""The base test case with fixed synthetic personas (docs/architecture.md#tests) and `make_*` helpers.

Personas: `caseworker` and `manager` at the centre, `analyst`, `police_referrer` (Københavns
Politi), `ngo_referrer`, `immigration_officer` (DIS), `return_officer`, `outreach_worker`,
`outsider_caseworker` (a caseworker of another organisation, who must get 404 everywhere) and
`admin`. They are created through the services, like all test data.
"""

from __future__ import annotations

from django.test import TestCase

from spor.organisations import services as org_services
from spor.organisations.models import Organisation, OrganisationType, Role, User

PASSWORD = "correct-horse-battery-staple-42"


def make_organisation(name: str, type: str) -> Organisation:
    return org_services.organisation_create(actor=None, name=name, type=type)


def make_user(username: str, organisation: Organisation, role: str) -> User:
    return org_services.user_create(
        actor=None, username=username, password=PASSWORD, organisation=organisation, role=role, check_password=False
    )


class SporTestCase(TestCase):
    caseworker: User
    manager: User
    analyst: User
    police_referrer: User
    ngo_referrer: User
    immigration_officer: User
    return_officer: User
    outreach_worker: User
    outsider_caseworker: User
    admin: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.cmm = make_organisation("Center mod Menneskehandel", OrganisationType.CMM)
        cls.dis = make_organisation("Udlændingestyrelsen", OrganisationType.DIS)
        cls.return_agency = make_organisation("Hjemrejsestyrelsen", OrganisationType.RETURN_AGENCY)
        cls.police = make_organisation("Københavns Politi", OrganisationType.POLICE_DISTRICT)
        cls.ngo = make_organisation("Reden International", OrganisationType.NGO)
        cls.other_centre = make_organisation("Andet Center", OrganisationType.OTHER_AUTHORITY)
        cls.caseworker = make_user("alice", cls.cmm, Role.CASEWORKER)
        cls.manager = make_user("bente", cls.cmm, Role.MANAGER)
        cls.analyst = make_user("anders", cls.cmm, Role.ANALYST)
        cls.police_referrer = make_user("peter", cls.police, Role.REFERRER)
        cls.ngo_referrer = make_user("nina", cls.ngo, Role.REFERRER)
        cls.immigration_officer = make_user("ida", cls.dis, Role.IMMIGRATION_OFFICER)
        cls.return_officer = make_user("rasmus", cls.return_agency, Role.RETURN_OFFICER)
        cls.outreach_worker = make_user("olga", cls.cmm, Role.OUTREACH_WORKER)
        cls.outsider_caseworker = make_user("charlie", cls.other_centre, Role.REFERRER)
        cls.admin = make_user("admin", cls.cmm, Role.ADMINISTRATOR)
