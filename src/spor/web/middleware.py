"""The second factor before any page (docs/web.md#log-in-and-sessions): a logged-in user without a verified TOTP code
is sent to verification, or to enrolment if the user has no device yet.

Runs after django-otp's OTPMiddleware, which sets `request.user.is_verified()`. Only the pages of
the log-in itself, log-out, the language switch and static files are reachable before it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

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
