"""Every view declares who may use it: `@access(Role.X, ...)` or `@access(PUBLIC)`.

See docs/architecture.md#declared-access.

A logged-in user without one of the roles gets 404, not 403: a page the user may not use is
answered as if it did not exist, so its existence leaks nothing (docs/architecture.md#missing-not-forbidden).
An anonymous user is sent to the log-in page. `spor.web.middleware.DeclaredAccessMiddleware`
refuses any view of Spor's own that has no declaration.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse

from spor.organisations.models import User

PUBLIC = "__public__"

View = Callable[..., HttpResponse]


def access(*roles: str) -> Callable[[View], View]:
    """Allow the view to users with one of `roles` (or to anyone with PUBLIC)."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if PUBLIC not in roles:
                user = request.user
                if not user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                if not user.is_active or getattr(user, "role", "") not in roles:
                    raise Http404
            return view(request, *args, **kwargs)

        wrapper.spor_access = roles  # type: ignore[attr-defined]
        return wrapper

    return decorate


class SignedInRequest(HttpRequest):
    """The request of a view declared with roles: `@access` lets it through only for an active,
    signed-in user, so its `user` is a Spor user, the actor the view passes to the services."""

    user: User
