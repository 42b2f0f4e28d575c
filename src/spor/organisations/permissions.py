"""Who may do what: the roles as predicates, and the one check every service makes (`require`).

The permissions themselves are registered by the app that owns the object, in its `rules.py`
(`spor.cases.rules`, `spor.people.rules`), which django-rules loads at start-up; each builds on
the role predicates here and on its own visibility querysets, so pages, the API and services ask
the same question and get the same answer (docs/architecture.md). An object that is not visible
is answered as missing (NotFound -> 404), never as forbidden.

- Centre staff (CMM caseworkers and managers) see every case the centre keeps, not a case the
  Immigration Service keeps on its own (only that such cases exist).
- An immigration officer (DIS) sees the cases put to DIS, and records DIS decisions and
  reflection periods on them; the officer reads, but never changes, the person's record. DIS
  also opens, works and closes its own cases, for persons who do not want the centre involved.
- A return officer sees the return plans put to the return agency, not the rest of the case.
- A referrer sees the inquiries its own organisation submitted, and their status only.
- Analysts, outreach workers and administrators see no case content.
"""

from __future__ import annotations

from typing import Any

import rules
from django.core.exceptions import PermissionDenied

from spor.organisations.models import OrganisationType, Role


def is_centre_staff(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_centre_staff)


def is_immigration_officer(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.role == Role.IMMIGRATION_OFFICER
        and user.organisation is not None
        and user.organisation.type == OrganisationType.DIS
    )


def is_return_officer(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.role == Role.RETURN_OFFICER
        and user.organisation is not None
        and user.organisation.type == OrganisationType.RETURN_AGENCY
    )


def is_manager(user: Any) -> bool:
    return is_centre_staff(user) and user.role == Role.MANAGER


def is_referrer(user: Any) -> bool:
    """An active referrer of an organisation (police, DIS, the return agency, an NGO ...)."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.role == Role.REFERRER
        and user.organisation_id is not None
    )


def is_outreach_worker(user: Any) -> bool:
    """An active outreach worker of an organisation (the screening tool's users)."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.role == Role.OUTREACH_WORKER
        and user.organisation_id is not None
    )


def require(user: Any, perm: str, obj: Any = None) -> None:
    """Raise PermissionDenied unless `user` has `perm` (on `obj`)."""
    # rules.has_perm, not user.has_perm: Django lets a superuser through everything, and an
    # administrator must not see case content (docs/architecture.md).
    if not rules.has_perm(perm, user, obj):
        raise PermissionDenied
