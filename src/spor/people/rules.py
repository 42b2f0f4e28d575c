"""The permissions on identifying data, registered with django-rules at start-up.

`rules.apps.AutodiscoverRulesConfig` imports every app's `rules.py`, so `people.view_identity`
and `people.change_identity` exist as soon as Django is set up. It builds on `spor.people.selectors.persons_visible_to`
(docs/architecture.md).
"""

from __future__ import annotations

from typing import Any

import rules

from spor.organisations.permissions import is_centre_staff
from spor.people.models import Person
from spor.people.selectors import persons_visible_to


@rules.predicate
def can_view_identity(user: Any, person: Person | None) -> bool:
    return person is not None and persons_visible_to(user).filter(pk=person.pk).exists()


rules.add_perm("people.view_identity", can_view_identity)


@rules.predicate
def can_change_identity(user: Any, person: Person | None) -> bool:
    """Changing, merging, consenting for a person: centre staff only.

    An immigration officer may read the identity of a person on a case put to DIS, but never
    alter it (docs/architecture.md#rules).
    """
    return is_centre_staff(user) and can_view_identity(user, person)


rules.add_perm("people.change_identity", can_change_identity)
