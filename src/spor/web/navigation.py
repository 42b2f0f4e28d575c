"""The main menu: the pages each role uses, in the order of its day's work (a context processor)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from spor.organisations.models import Role
from spor.tasks.selectors import unread_count_for

CENTRE: set[str] = {Role.CASEWORKER, Role.MANAGER}

#: (URL name, label, roles that see it).
MENU: list[tuple[str, Any, set[str]]] = [
    ("home", _("Mit arbejde"), CENTRE | {Role.IMMIGRATION_OFFICER, Role.RETURN_OFFICER}),
    ("web:tasks", _("Mine opgaver"), CENTRE),
    ("web:team", _("Teamets opgaver"), {Role.MANAGER}),
    ("web:intake", _("Hotline"), CENTRE),
    ("web:inquiry-queue", _("Henvendelser"), CENTRE),
    ("web:inquiry-mine", _("Mine henvendelser"), CENTRE),
    ("web:inquiry-team", _("Teamets henvendelser"), {Role.MANAGER}),
    ("web:search", _("Søg"), CENTRE),
    ("casework:complex-list", _("Sagskomplekser"), CENTRE),
    ("casework:dis-list", _("Forelagt Udlændingestyrelsen"), {Role.IMMIGRATION_OFFICER}),
    ("casework:return-list", _("Hjemrejseplaner"), {Role.RETURN_OFFICER}),
    ("web:referral-list", _("Mine henvisninger"), {Role.REFERRER}),
    ("web:referral-submit", _("Ny henvisning"), {Role.REFERRER}),
    ("web:analyst", _("Statistik og analyse"), {Role.ANALYST}),
    ("web:statistics", _("Årsstatistik"), {Role.ANALYST, Role.MANAGER}),
    ("screening:network-list", _("Screening"), {Role.OUTREACH_WORKER}),
    ("web:users", _("Brugere"), {Role.MANAGER, Role.ADMINISTRATOR}),
    ("admin:index", _("Administration"), {Role.ADMINISTRATOR}),
    ("web:security", _("Sikkerhed"), set(Role.values)),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    """`nav`: the menu items of the user's role; empty before log-in and before the second factor."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not _verified(user):
        return {"nav": []}
    items = []
    for name, label, roles in MENU:
        if user.role not in roles:
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:  # a page of an app that is not mounted
            continue
        items.append({"url": url, "label": label, "current": False})
    # The current item: the longest menu address the page's address starts with (/opgaver/team/
    # is "Teamets opgaver", not "Mine opgaver").
    matching = [i for i in items if request.path == i["url"] or (i["url"] != "/" and request.path.startswith(i["url"]))]
    if matching:
        max(matching, key=lambda i: len(i["url"]))["current"] = True
    return {"nav": items, "unread_notifications": _unread(user) if user.role in CENTRE else None}


def _unread(user: Any) -> Any:
    """The count of unread notifications, asked only when the header shows it (one query)."""
    return lambda: unread_count_for(actor=user)


def _verified(user: Any) -> bool:
    from django.conf import settings

    return not settings.SECOND_FACTOR_REQUIRED or bool(getattr(user, "is_verified", lambda: False)())
