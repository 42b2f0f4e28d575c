"""No request can produce a 500 (docs/api.md#errors): schemathesis generates requests for every operation of
/api/openapi.json and sends them as a centre caseworker, with a bounded number of examples so the
suite stays fast.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error

from spor.api import tokens
from spor.api.api import api
from spor.organisations.models import OrganisationType, Role
from tests.base import make_organisation, make_user
from tests.make import make_identified_case


@pytest.fixture
def wsgi_in_test_transaction():
    """Keep the test's connection open across requests, as Django's own test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def caseworker_secret(db, settings, wsgi_in_test_transaction):
    settings.ROOT_URLCONF = "tests.api.urls"
    centre = make_organisation("Center mod Menneskehandel", OrganisationType.CMM)
    caseworker = make_user("alice", centre, Role.CASEWORKER)
    make_identified_case(caseworker)  # something to list and find
    return tokens.token_create(actor=None, user=caseworker, days=1)[1]


# The document the API serves, built in-process: loading it over HTTP at import time would need
# the test URLconf before the test has set it.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/"))
schema.app = get_wsgi_application()
schema.location = "/api/openapi.json"


@schema.parametrize()
@hypothesis_settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_request_is_a_server_error(case, caseworker_secret):
    response = case.call(headers={"Authorization": f"Bearer {caseworker_secret}"})
    case.validate_response(response, checks=[not_a_server_error])
