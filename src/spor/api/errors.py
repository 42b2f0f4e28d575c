"""One error shape for the whole API (docs/api.md#errors): `{"message": ..., "fields": {"name": [...]}}`.

- Django ValidationError from a service -> 400, the service's field names kept;
- a request that does not fit the schema -> 422, naming the field; so does an Idempotency-Key
  used again with a different body;
- NotFound (missing or not yours) -> 404; PermissionDenied (visible but not yours to do) -> 403;
- Conflict -> 412 when the caller sent If-Match, else 409, naming the fields that changed;
- the database connection lost or refused mid-request -> 503 with `Retry-After`, no detail: the
  transaction was rolled back and the next request reconnects (docs/operations.md#database-faults).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError

from spor.common.errors import Conflict, IdempotencyMismatch, NotFound, connection_lost

logger = logging.getLogger(__name__)
_PLACES = {"body", "query", "path", "header", "cookie", "form", "file"}
_PARAMS = {"payload", "filters", "data"}


def error(api: NinjaAPI, request: HttpRequest, status: int, message: str, fields: dict[str, list[str]]) -> HttpResponse:
    return api.create_response(request, {"message": message, "fields": fields}, status=status)


def _field_name(loc: Any) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in _PLACES:
        parts = parts[1:]
    if parts and parts[0] in _PARAMS:
        parts = parts[1:]
    return ".".join(parts) or "__all__"


def _schema_fields(exc: SchemaError) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for item in exc.errors:
        fields.setdefault(_field_name(item.get("loc", ())), []).append(str(item.get("msg", "invalid")))
    return fields


def _service_fields(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {name: [str(m) for m in messages] for name, messages in exc.message_dict.items()}
    return {"__all__": [str(m) for m in exc.messages]}


def install(api: NinjaAPI) -> None:
    """Register the handlers on `api`."""

    def on_schema(request: HttpRequest, exc: Any) -> HttpResponse:
        return error(api, request, 422, _("Forespørgslen passer ikke til skemaet."), _schema_fields(exc))

    def on_service(request: HttpRequest, exc: Any) -> HttpResponse:
        return error(api, request, 400, _("Oplysningerne kan ikke godkendes."), _service_fields(exc))

    def on_mismatch(request: HttpRequest, exc: Any) -> HttpResponse:
        message = _("Idempotency-Key er allerede brugt til en anden forespørgsel.")
        return error(api, request, 422, message, {"Idempotency-Key": [message]})

    def on_not_found(request: HttpRequest, exc: Any) -> HttpResponse:
        return error(api, request, 404, _("Findes ikke."), {})

    def on_denied(request: HttpRequest, exc: Any) -> HttpResponse:
        return error(api, request, 403, _("Du har ikke adgang til at gøre dette."), {})

    def on_conflict(request: HttpRequest, exc: Any) -> HttpResponse:
        status = 412 if request.headers.get("If-Match") else 409
        return error(api, request, status, str(exc), {name: [_("ændret")] for name in exc.changed})

    def on_auth(request: HttpRequest, exc: Any) -> HttpResponse:
        return error(api, request, 401, _("Log ind eller brug en gyldig API-nøgle."), {})

    def on_http(request: HttpRequest, exc: Any) -> HttpResponse:
        return error(api, request, exc.status_code, str(exc.message), {})

    def on_database(request: HttpRequest, exc: Any) -> HttpResponse:
        if not connection_lost(exc):
            raise exc  # a bad statement, not a lost connection: a server error
        # Logged without the exception's text, which may quote the statement's parameters.
        logger.error("database unavailable: %s", type(exc).__name__)
        response = error(api, request, 503, _("Tjenesten er midlertidigt utilgængelig. Prøv igen."), {})
        response["Retry-After"] = "1"
        return response

    api.add_exception_handler(SchemaError, on_schema)
    api.add_exception_handler(OperationalError, on_database)
    api.add_exception_handler(InterfaceError, on_database)
    api.add_exception_handler(DjangoValidationError, on_service)
    api.add_exception_handler(IdempotencyMismatch, on_mismatch)
    api.add_exception_handler(NotFound, on_not_found)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(PermissionDenied, on_denied)
    api.add_exception_handler(Conflict, on_conflict)
    api.add_exception_handler(AuthenticationError, on_auth)
    api.add_exception_handler(HttpError, on_http)
