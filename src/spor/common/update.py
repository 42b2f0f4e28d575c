"""One write path for changing a stored record (docs/architecture.md).

Every service that changes a row calls `model_update`: it sets the named fields, validates them,
adds one to the row's `version` (the optimistic lock of `spor.common.versioning`), saves only
those columns, and so writes the row's change-history entry. Inside a service (`@service`), that
entry names the service's actor. No service bumps a version or saves a changed row by hand.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


def model_update(*, instance: M, fields: Sequence[str], data: Mapping[str, Any]) -> M:
    """Set each of `fields` that `data` names, validate, bump the version, save those columns.

    `fields` are the columns this write saves; the ones also in `data` are set from it first (a
    field not in `data` keeps the value the caller gave the instance). Only the saved columns are
    validated (`full_clean` excluding the others): a write answers for what it changes, and each
    foreign key validated costs a query. Raises ValidationError naming the field. The history row
    is written by the save (django-simple-history), with the acting service's actor as its user.
    """
    for name in fields:
        if name in data:
            setattr(instance, name, data[name])
    concrete = {f.name for f in instance._meta.concrete_fields}
    instance.full_clean(exclude=sorted(concrete - set(fields)))
    saved = list(dict.fromkeys(fields))
    if "version" in concrete:
        instance.version = instance.version + 1  # type: ignore[attr-defined]
        saved.append("version")
    if "updated_at" in concrete:
        saved.append("updated_at")
    instance.save(update_fields=saved)
    return instance
