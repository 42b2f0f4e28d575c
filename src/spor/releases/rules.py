"""Who may prepare, approve and publish the yearly statistics (docs/statistics.md#releases).

Analysts prepare a release (generate, freeze, submit, revise) and keep the published history.
A release is approved by a second person: another analyst or a manager of the centre, never
the one who froze it. Whoever may approve may also publish an approved release.
"""

from __future__ import annotations

from typing import Any

import rules

from spor.organisations.models import Role
from spor.organisations.permissions import is_manager


def is_analyst(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.role == Role.ANALYST)


@rules.predicate
def can_prepare(user: Any) -> bool:
    return is_analyst(user)


@rules.predicate
def can_view(user: Any) -> bool:
    return is_analyst(user) or is_manager(user)


@rules.predicate
def can_approve(user: Any, release: Any) -> bool:
    if release is None or not can_view(user):
        return False
    return release.frozen_by_id is not None and release.frozen_by_id != user.pk


rules.add_perm("releases.view", can_view)
rules.add_perm("releases.prepare", can_prepare)
rules.add_perm("releases.approve", can_approve)
rules.add_perm("releases.edit_published", can_prepare)
