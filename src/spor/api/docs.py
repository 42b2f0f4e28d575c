"""The API's documentation page: Swagger UI from Spor's own static files, for the API's users only.

Swagger UI (npm `swagger-ui-dist`) is copied into the static files by `make setup`, like the
design system, so the page loads nothing from another site and runs under the same
Content-Security-Policy as every page: the settings travel as a JSON block, the start-up code is a
static file (docs/api.md#documentation). The page and the OpenAPI document are for a logged-in user
or the holder of a valid API token; an outsider learns nothing of the API's shape.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from ninja.openapi.docs import DocsBase

from spor.api.tokens import token_authenticate

if TYPE_CHECKING:
    from ninja import NinjaAPI


class LocalSwagger(DocsBase):
    """Swagger UI from /static/vendor/swagger-ui/, started by a static script (no inline script)."""

    settings: dict[str, Any] = {
        "layout": "BaseLayout",
        "deepLinking": True,
        "validatorUrl": None,  # Swagger UI would otherwise send the document to validator.swagger.io
    }

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        return render(request, "api/docs.html", {"api": api, "swagger_settings": settings})


def for_api_users(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Let through a logged-in, active user or a valid `Authorization: Bearer` token.

    Anyone else is sent to the log-in page (the docs page) or gets 401 (the OpenAPI document).
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if user.is_authenticated and user.is_active:
            return view(request, *args, **kwargs)
        scheme, _space, secret = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "bearer" and token_authenticate(secret.strip()) is not None:
            return view(request, *args, **kwargs)
        match = request.resolver_match
        if match is not None and match.url_name == "openapi-json":
            return JsonResponse({"message": _("Log ind eller brug en gyldig API-nøgle."), "fields": {}}, status=401)
        return redirect_to_login(request.get_full_path())

    return wrapper
