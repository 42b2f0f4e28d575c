"""The permission on identifying data, registered with django-rules at start-up.

`rules.apps.AutodiscoverRulesConfig` imports every app's `rules.py`, so `people.view_identity`
exists as soon as Django is set up. It builds on `spor.people.selectors.persons_visible_to`
(docs/architecture.md).
"""

from __future__ import annotations

from typing import Any

import rules

from spor.people.models import Person
from spor.people.selectors import persons_visible_to


@rules.predicate
def can_view_identity(user: Any, person: Person | None) -> bool:
    return person is not None and persons_visible_to(user).filter(pk=person.pk).exists()


rules.add_perm("people.view_identity", can_view_identity)
