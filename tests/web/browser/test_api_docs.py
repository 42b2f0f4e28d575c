"""The API's documentation page in Chromium: Swagger UI from Spor's own static files, under the
Content-Security-Policy, and no request to another site (src/spor/api/docs.py)."""

from __future__ import annotations

import pytest
from tests.base import make_organisation, make_user
from tests.web.browser.conftest import login, shot

from spor.organisations.models import OrganisationType, Role


@pytest.fixture
def caseworker(settings):
    settings.SECOND_FACTOR_REQUIRED = True
    cmm = make_organisation("Center mod Menneskehandel", OrganisationType.CMM)
    return make_user("alice", cmm, Role.CASEWORKER)


def test_the_api_docs_render_from_spors_own_files(page, caseworker, live_server):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    login(page, caseworker)
    page.goto("/api/docs")
    page.locator(".swagger-ui .info .title").wait_for()
    assert "Spor API" in page.locator(".swagger-ui .info .title").inner_text()
    page.locator(".opblock").first.wait_for()  # the operations, from /api/openapi.json
    shot(page, "api-docs")
    elsewhere = [url for url in requested if not url.startswith((live_server.url, "data:"))]
    assert elsewhere == []
