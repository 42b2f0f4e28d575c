"""Reads for organisations and users (docs/architecture.md#services-and-selectors)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from spor.audit.models import AuditEvent
from spor.common.errors import NotFound
from spor.organisations import otp
from spor.organisations.models import Organisation, OrganisationType, Role, User
from spor.organisations.permissions import is_manager

#: The audit events that change what a user may see and do.
ACCESS_EVENTS = ("user.created", "user.access_changed")


@dataclass
class AccessChange:
    at: datetime
    by: str
    user: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)


def access_changes_for(*, actor: User, days: int = 30) -> list[AccessChange]:
    """Who was given or changed access in the last `days` days: the second pair of eyes on it.

    The administrator can create users and change their role, so a manager is shown every such
    change to the centre's users, and the administrator every change to other organisations'
    users (docs/architecture.md#permissions). Newest first; nothing for anyone else.
    """
    if is_manager(actor):
        scope = User.objects.filter(organisation__type=OrganisationType.CMM)
    elif actor.is_active and (actor.role == Role.ADMINISTRATOR or actor.is_superuser):
        scope = User.objects.exclude(organisation__type=OrganisationType.CMM)
    else:
        return []
    since = timezone.now() - timedelta(days=days)
    events = list(
        AuditEvent.objects.filter(event__in=ACCESS_EVENTS, subject_type="user", at__gte=since)
        .select_related("actor")
        .order_by("-at")[:200]
    )
    names = dict(scope.filter(code__in={e.subject_code for e in events}).values_list("code", "username"))
    found = []
    for event in events:
        code = _uuid(event.subject_code)
        username = names.get(code) if code is not None else None
        if username is None:
            continue
        by = event.actor.username if event.actor is not None else _("kommandolinjen")
        found.append(AccessChange(at=event.at, by=by, user=username, changes=_changes(event)))
    return found


def _uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


def _changes(event: AuditEvent) -> list[tuple[str, str, str]]:
    """(field, before, after) with roles as their labels and organisations by name."""
    if event.event == "user.created":
        pairs = {"role": ["", event.extra.get("role", "")], "organisation": ["", event.extra.get("organisation", "")]}
    else:
        pairs = event.extra.get("changed") or {}
    return [(_label(name), _shown(name, before), _shown(name, after)) for name, (before, after) in pairs.items()]


def _label(name: str) -> str:
    labels = {"role": _("rolle"), "organisation": _("organisation"), "is_active": _("aktiv"),
              "is_staff": _("administratoradgang"), "is_superuser": _("superbruger")}  # fmt: skip
    return labels.get(name, name)


def _shown(name: str, value: object) -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, bool):
        return _("ja") if value else _("nej")
    if name == "role":
        return str(Role(str(value)).label) if value in Role.values else str(value)
    if name == "organisation":
        code = _uuid(str(value))
        found = Organisation.objects.filter(code=code).values_list("name", flat=True).first() if code else None
        return found or str(value)
    return str(value)


def enrolment_users_for(*, actor: User) -> list[tuple[User, bool]]:
    """The active users `actor` may issue enrolment codes for, each with whether a device is set up.

    Managers: the centre's users; the administrator: other organisations' users (`otp.may_issue_enrolment_code`).
    """
    everyone = User.objects.filter(is_active=True).select_related("organisation").order_by("username")
    return [(user, otp.device_for(user) is not None) for user in everyone if otp.may_issue_enrolment_code(actor, user)]


def enrolment_user_get_for(*, actor: User, code: str) -> User:
    """One user `actor` may issue an enrolment code for; NotFound for anyone else or no one."""
    user = User.objects.filter(code=code, is_active=True).select_related("organisation").first()
    if user is None or not otp.may_issue_enrolment_code(actor, user):
        raise NotFound
    return user
