"""Erasure of a person's identifying data (docs/architecture.md#erasure).

A person is due when every case of theirs is closed and the latest closed more than
SPOR_ERASURE_AFTER_DAYS ago; a person known only from inquiries (never a case) is due
SPOR_INQUIRY_ERASURE_AFTER_DAYS after the last of them was received.

Erasing empties every encrypted column (`*_ct`, docs/architecture.md#encryption-at-rest) of the
person and of every record that hangs from the person (cases, inquiries, assessments, decisions,
stays, statuses, ...), in the live tables and in their history tables, whose rows keep the
ciphertext of every earlier version. The records are found by walking the reverse relations from
the person, so people need not import the apps that refer to it, and a new encrypted column is
erased without being listed here. Files that hang from the person (a case's documents, any
`FileField`) are deleted from their storage once the erasure has committed; their keys are in
encrypted columns, emptied with the rest, so even a copy of the file left somewhere (a backup of
the storage) can no longer be read. Blind-index rows (a model marked `BLIND_INDEX = True`, such as a
referral's name tokens) are deleted. An inquiry about several persons loses its summary when any of
them is erased: the summary may name each of them.

The pseudonymous statistical record stays, so published statistics never change because of
erasure: the age at each decision is stored on the decision, and the birth year stays.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from spor.audit import services as audit
from spor.common.update import model_update
from spor.people.models import Person

#: The columns of Person that erasure changes; the pseudonymous record stays.
ERASED = ["identity_ct", "birth_date_ct", "birth_date_token", "erased_at"]


def persons_due_for_erasure(today: date) -> QuerySet[Person]:
    """Persons not yet erased whose retention has run out (module docstring)."""
    case_cutoff = today - timedelta(days=settings.ERASURE_AFTER_DAYS)
    inquiry_cutoff = today - timedelta(days=settings.INQUIRY_ERASURE_AFTER_DAYS)
    return (
        Person.objects.filter(erased_at__isnull=True)
        .annotate(
            open_cases=Count("cases", filter=Q(cases__closed_on__isnull=True)),
            cases_count=Count("cases", distinct=True),
            last_closed=Max("cases__closed_on"),
            last_inquiry=Max("inquiries__received_on"),
        )
        .filter(
            Q(open_cases=0, last_closed__isnull=False, last_closed__lt=case_cutoff)
            | Q(cases_count=0, last_inquiry__isnull=False, last_inquiry__lt=inquiry_cutoff)
        )
    )


def _encrypted(model: type[models.Model]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if f.name.endswith("_ct")]


def _records_of(person: Person) -> Iterator[models.Model]:
    """Every record reachable from the person through reverse relations (not the person itself).

    Hidden relations (`related_name="+"`) are not followed: they point at a record from beside
    it (an assessment naming an inquiry, a history row), not from below, and following them could
    reach another person's records.
    """
    seen: set[tuple[str, Any]] = set()
    stack: list[models.Model] = [person]
    while stack:
        parent = stack.pop()
        for relation in parent._meta.related_objects:
            if relation.hidden or not (relation.one_to_many or relation.many_to_many or relation.one_to_one):
                continue
            accessor = relation.get_accessor_name() or ""
            if relation.one_to_one:
                children = [getattr(parent, accessor)] if hasattr(parent, accessor) else []
            else:
                children = list(getattr(parent, accessor).all())
            for child in children:
                if (child._meta.label, child.pk) not in seen:
                    seen.add((child._meta.label, child.pk))
                    yield child
                    stack.append(child)


def _files(model: type[models.Model]) -> list[models.FileField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def _delete_stored(storage: Any, names: list[str]) -> None:
    for name in names:
        storage.delete(name)


def _delete_files(model: type[models.Model], pks: list[Any]) -> None:
    """Empty the record's file fields now and delete the stored files after the commit."""
    for field in _files(model):
        names = [n for n in model._base_manager.filter(pk__in=pks).values_list(field.attname, flat=True) if n]
        model._base_manager.filter(pk__in=pks).update(**{field.attname: ""})
        # A callable storage is asked again: it names the storage configured now (STORAGES).
        storage = field._storage_callable() if hasattr(field, "_storage_callable") else field.storage
        transaction.on_commit(partial(_delete_stored, storage, names))


def _history_model(model: type[models.Model]) -> type[models.Model] | None:
    attribute = getattr(model._meta, "simple_history_manager_attribute", None)
    return getattr(model, attribute).model if attribute else None


def _erase_records(person: Person) -> None:
    """Empty the encrypted columns of the person's records and of their history rows."""
    by_model: dict[type[models.Model], list[Any]] = defaultdict(list)
    for record in _records_of(person):
        by_model[type(record)].append(record.pk)
    by_model[Person].append(person.pk)
    for model, pks in by_model.items():
        if getattr(model, "BLIND_INDEX", False):  # keyed name and phone tokens: gone with the identity
            model._base_manager.filter(pk__in=pks).delete()
            continue
        columns = _encrypted(model)
        if columns and model is not Person:  # the person's own row is saved through model_update
            model._base_manager.filter(pk__in=pks).update(**dict.fromkeys(columns, ""))
        _delete_files(model, pks)
        history = _history_model(model)
        if history is not None and (history_columns := _encrypted(history)):
            history._base_manager.filter(**{f"{model._meta.pk.attname}__in": pks}).update(
                **dict.fromkeys(history_columns, "")
            )


def erased(person: Person) -> dict[str, Any]:
    """The values of `ERASED` for `person` erased now."""
    return {"identity_ct": "", "birth_date_ct": "", "birth_date_token": "", "erased_at": timezone.now()}


def person_erase_data(person: Person) -> Person:
    """Erase every encrypted field of the person and of the records that hang from them.

    Called inside a service's or the purge's transaction; the caller records the audit event.
    """
    _erase_records(person)
    person.tokens.all().delete()
    return model_update(instance=person, fields=ERASED, data=erased(person))


def purge_identities(*, today: date, dry_run: bool) -> int:
    """Erase every due identity in one transaction (operator command); returns how many."""
    due = persons_due_for_erasure(today)
    if dry_run:
        return due.count()
    with transaction.atomic():
        ids = list(due.values_list("pk", flat=True))
        for person in Person.objects.filter(pk__in=ids).select_for_update():
            person_erase_data(person)
        audit.record(actor=None, event="person.purged", extra={"persons": len(ids)})
    return len(ids)
