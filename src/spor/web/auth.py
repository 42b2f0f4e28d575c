"""Log-in in two steps (password, then a TOTP code), log-out, log-out everywhere, password change.

Step 1 checks the password and logs the user in without a second factor; the middleware then
allows nothing but step 2 until a code is verified (django_otp.login marks the session). A user
name locked by repeated failures from the address (django-axes), or from all addresses together, is
refused before its password is looked at.
"""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from spor.common.errors import NotFound
from spor.organisations import otp, sessions
from spor.organisations.access import PUBLIC, access
from spor.organisations.models import Role, User
from spor.organisations.selectors import access_changes_for, enrolment_user_get_for, enrolment_users_for
from spor.web.forms import EnrolmentCodeForm, LoginForm, OtpForm

ALL_ROLES = tuple(Role.values)


def _next(request: HttpRequest) -> str:
    """The page asked for before the log-in, if it is on this site; else My work."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/"


def _login_allowed(request: HttpRequest, credentials: dict[str, str]) -> bool:
    """Not locked: axes locks a user name from one address; a ceiling over all addresses stops a
    guesser who spreads over many (docs/web.md#log-in-and-sessions)."""
    if not AxesProxyHandler.is_allowed(request, credentials):
        return False
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    recent = AccessAttempt.objects.filter(username=credentials["username"], attempt_time__gte=since)
    failures = recent.aggregate(total=Sum("failures_since_start"))["total"] or 0
    return bool(failures < settings.LOGIN_FAILURES_PER_USER)


@access(PUBLIC)
def login_password(request: HttpRequest) -> HttpResponse:
    """Step 1: user name and password; a locked user name gets the lock page (403)."""
    form = LoginForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        credentials = {"username": form.cleaned_data["username"]}
        if not _login_allowed(request, credentials):
            return render(request, "web/locked.html", status=403)
        user = authenticate(request, username=credentials["username"], password=form.cleaned_data["password"])
        if user is None:  # the failure reached axes through the user_login_failed signal
            if not _login_allowed(request, credentials):
                return render(request, "web/locked.html", status=403)
            form.add_error(None, _("Brugernavnet eller adgangskoden er forkert."))
        else:
            login(request, user)
            return redirect(f"{reverse('login-otp')}?{urlencode({'next': _next(request)})}")
    return render(request, "registration/login.html", {"form": form, "next": _next(request)})


#: Session flag: this log-in has given a valid enrolment code, so the QR code may be shown.
ENROLMENT_ALLOWED = "spor_enrolment_allowed"


@access(*ALL_ROLES)
def login_otp(request: HttpRequest) -> HttpResponse:
    """Step 2: the TOTP code; a user without a device enrols one here (enrolment code, then QR code)."""
    user = request.user
    assert isinstance(user, User)
    device = otp.device_for(user)
    enrolling = device is None
    if enrolling and not request.session.get(ENROLMENT_ALLOWED):
        return _enrolment_code(request, user)
    if device is None:
        device = otp.enrolment_device(user)
    form = OtpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        allowed, _why = device.verify_is_allowed()
        if allowed and device.verify_token(form.cleaned_data["otp_token"].strip()):
            if enrolling:
                otp.device_confirm(actor=user, device=device)
                request.session.pop(ENROLMENT_ALLOWED, None)
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("otp_token", _("Koden er forkert eller udløbet. Vent på en ny kode og prøv igen."))
    context = {"form": form, "next": _next(request), "enrolling": enrolling}
    if enrolling:
        context |= {"qr": otp.qr_svg(device), "secret": otp.secret_base32(device)}
    return render(request, "web/login_otp.html", context)


def _enrolment_code(request: HttpRequest, user: User) -> HttpResponse:
    """Before a first device is shown: the one-time code a manager (or the administrator) issued."""
    form = EnrolmentCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if otp.enrolment_code_redeem(actor=user, code=form.cleaned_data["enrolment_code"]):
            request.session[ENROLMENT_ALLOWED] = True
            return redirect(f"{reverse('login-otp')}?{urlencode({'next': _next(request)})}")
        form.add_error("enrolment_code", _("Koden er forkert, brugt eller udløbet. Bed din leder om en ny."))
    return render(request, "web/login_enrolment_code.html", {"form": form, "next": _next(request)})


@access(Role.MANAGER, Role.ADMINISTRATOR)
def users(request: HttpRequest) -> HttpResponse:
    """The users a manager (the centre's) or the administrator (other organisations') may issue codes for."""
    actor = request.user
    assert isinstance(actor, User)
    listed = enrolment_users_for(actor=actor)
    changes = access_changes_for(actor=actor)
    return render(request, "web/users.html", {"users": listed, "changes": changes})


@require_POST
@access(Role.MANAGER, Role.ADMINISTRATOR)
def enrolment_code_issue(request: HttpRequest, code: str) -> HttpResponse:
    """Issue an enrolment code and show it, once; nobody can look it up again."""
    actor = request.user
    assert isinstance(actor, User)
    try:
        user = enrolment_user_get_for(actor=actor, code=code)
    except NotFound:
        raise Http404 from None
    issued = otp.enrolment_code_issue(actor=actor, user=user)
    context = {"user_shown": user, "code": issued, "hours": settings.ENROLMENT_CODE_HOURS}
    response = render(request, "web/enrolment_code.html", context)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@access(PUBLIC)
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("login")


@require_POST
@access(*ALL_ROLES)
def logout_everywhere(request: HttpRequest) -> HttpResponse:
    """End every session of the user, on every device, this one included."""
    user = request.user
    assert isinstance(user, User)
    sessions.sessions_end_all(actor=user)
    logout(request)
    return redirect("login")


@access(*ALL_ROLES)
def security(request: HttpRequest) -> HttpResponse:
    """The user's own security page: change password (Django's validators), log out everywhere."""
    user = request.user
    assert isinstance(user, User)
    form = PasswordChangeForm(user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, form.user)  # this session stays; other sessions end
        messages.success(request, _("Din adgangskode er skiftet."))
        return redirect("web:security")
    for field in form.fields.values():
        field.widget.attrs.setdefault("class", "form-input")
    return render(request, "web/security.html", {"form": form})


@access(PUBLIC)
def admin_login(request: HttpRequest) -> HttpResponse:
    """Django admin's log-in page, replaced by Spor's two steps (so the admin needs a TOTP code too)."""
    return redirect(f"{reverse('login')}?{urlencode({'next': _next(request)})}")
