"""Django's admin under Spor's Content-Security-Policy (docs/operations.md#production-checklist): an
administrator's pages load and work with no inline script or style refused (the `page` fixture fails
the test on any refusal the console reports)."""

from __future__ import annotations

import pytest
from tests.base import make_organisation, make_user
from tests.web.browser.conftest import login, shot

from spor.organisations import services
from spor.organisations.models import OrganisationType, Role


@pytest.fixture
def administrator(settings):
    settings.SECOND_FACTOR_REQUIRED = True
    cmm = make_organisation("Center mod Menneskehandel", OrganisationType.CMM)
    user = make_user("ada", cmm, Role.ADMINISTRATOR)
    return services.user_access_change(actor=None, user=user, is_staff=True, is_superuser=True)


def test_the_admin_works_under_the_policy(page, administrator):
    login(page, administrator)
    users = "/admin/organisations/user/"
    pages = ["/admin/", "/admin/organisations/organisation/", users, f"{users}add/"]
    pages.append(f"{users}{administrator.pk}/change/")
    for path in pages:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        assert page.locator("#content").count() == 1, path
    shot(page, "admin-user")
