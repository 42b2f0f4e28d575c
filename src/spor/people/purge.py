"""Erasure of identifying data a configurable time after a person's cases close (docs/architecture.md#erasure).

A person is due when every case of theirs is closed, the latest closed more than
SPOR_ERASURE_AFTER_DAYS ago, and the identity is not yet erased. The pseudonymous statistical
record stays, so published statistics never change because of erasure.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet

from spor.audit import services as audit
from spor.common.update import model_update
from spor.people.models import Person
from spor.people.services import ERASED, erased


def persons_due_for_erasure(today: date) -> QuerySet[Person]:
    cutoff = today - timedelta(days=settings.ERASURE_AFTER_DAYS)
    return (
        Person.objects.filter(erased_at__isnull=True)
        .annotate(
            open_cases=Count("cases", filter=Q(cases__closed_on__isnull=True)), last_closed=Max("cases__closed_on")
        )
        .filter(open_cases=0, last_closed__isnull=False, last_closed__lt=cutoff)
    )


def purge_identities(*, today: date, dry_run: bool) -> int:
    """Erase every due identity in one transaction (operator command); returns how many."""
    due = persons_due_for_erasure(today)
    if dry_run:
        return due.count()
    with transaction.atomic():
        ids = list(due.values_list("pk", flat=True))
        for person in Person.objects.filter(pk__in=ids).select_for_update():
            model_update(instance=person, fields=ERASED, data=erased())
            person.tokens.all().delete()
        audit.record(actor=None, event="person.purged", extra={"persons": len(ids)})
    return len(ids)
