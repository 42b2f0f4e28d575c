"""The server error page, and a 503 page when the database connection was lost mid-request.

A lost connection (PostgreSQL restarted, failed over, or the backend terminated) rolls the
request's transaction back, so nothing was saved, and the next request reconnects
(docs/operations.md#database-faults). The page says so, with status 503 and `Retry-After`, instead
of the generic error page. The API answers the same in its own error shape (`spor.api.errors`).
"""

from __future__ import annotations

import logging
import sys

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string

from spor.common.errors import connection_lost

logger = logging.getLogger(__name__)


def server_error(request: HttpRequest) -> HttpResponse:
    """`handler500`: Django calls it while handling the uncaught exception, so it can look at it."""
    exception = sys.exc_info()[1]
    if exception is not None and connection_lost(exception):
        # The class only: the exception's text may quote the statement's parameters.
        logger.error("database unavailable: %s", type(exception).__name__)
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "1"
        return response
    return HttpResponseServerError(render_to_string("500.html"))
