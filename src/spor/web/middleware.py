"""Spor's own middleware: the second factor, the security headers and the absolute session lifetime.

The second factor before any page (docs/web.md#log-in-and-sessions): a logged-in user without a verified TOTP code
is sent to verification, or to enrolment if the user has no device yet.

Runs after django-otp's OTPMiddleware, which sets `request.user.is_verified()`. Only the pages of
the log-in itself, log-out, the language switch and static files are reachable before it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

OPEN_BEFORE_SECOND_FACTOR = ("login", "login-otp", "logout", "set_language")


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.needs_second_factor(request):
            return redirect_to_login(request.get_full_path(), reverse("login-otp"))
        return self.get_response(request)

    @staticmethod
    def needs_second_factor(request: HttpRequest) -> bool:
        user = request.user
        if not settings.SECOND_FACTOR_REQUIRED or not user.is_authenticated:
            return False
        if getattr(user, "is_verified", lambda: False)():  # set by django-otp's OTPMiddleware
            return False
        path = request.path_info
        if path.startswith(settings.STATIC_URL):
            return False
        return not any(path == reverse(name) for name in OPEN_BEFORE_SECOND_FACTOR)


class SecurityHeadersMiddleware:
    """Content-Security-Policy and `Cache-Control: no-store` on every response of Spor's own.

    Static files are served by whitenoise before this middleware and keep their long caching; every
    other response (pages, the API, downloads) may carry identifying data, so no browser or proxy
    may keep a copy of it (docs/operations.md#production-checklist).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        add_never_cache_headers(response)  # no-store, no-cache, must-revalidate, private
        return response


LOGIN_AT = "spor_login_at"


class SessionLifetimeMiddleware:
    """End a session `SPOR_SESSION_MAX_HOURS` after its log-in, however active it has been.

    The idle timeout (SESSION_COOKIE_AGE renewed on every request) alone lets a session that is
    used all the time live for ever. The log-in time is kept in the session the first time a
    logged-in request is seen; a session past the limit is logged out and the request goes on as
    anonymous, so pages send it to the log-in page and the API answers 401.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Only sessions count: an API token's request has none, and must not get one.
        started = request.session.get(LOGIN_AT)
        if started is not None and time.time() - started > settings.SESSION_MAX_AGE:
            logout(request)
        response = self.get_response(request)
        if SESSION_KEY in request.session and LOGIN_AT not in request.session:
            request.session[LOGIN_AT] = int(time.time())
        return response
