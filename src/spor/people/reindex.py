"""Rebuild the blind index of every person: name and phone tokens and the birth-date token
(docs/operations.md#blind-index). Needed after the token rules change (a new release says so) or
after SPOR_BLIND_INDEX_KEY is replaced; run by the people migration that introduced the
transliterated tokens and by `spor reindex-persons`. Works in batches, one transaction each."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction

from spor.people import crypto, names

BATCH = 500


def person_tokens(identity: dict[str, Any], key: bytes) -> set[str]:
    """The name and phone tokens of a decrypted identity (as `services._write_tokens` stores them)."""
    text = " ".join([identity.get("given_name", ""), identity.get("family_name", ""), *identity.get("aliases", [])])
    tokens = names.blind_tokens(text, key)
    for phone in identity.get("phones", []):
        tokens |= names.phone_tokens(phone, key)
    return tokens


def reindex_persons(
    person_model: Any, token_model: Any, *, batch: int = BATCH, progress: Callable[[int], None] | None = None
) -> int:
    """Recompute every person's tokens from the encrypted identity; returns the persons done.

    Model classes are parameters so a migration can pass its historical models. Erased persons
    (empty identity) keep no tokens.
    """
    key = settings.BLIND_INDEX_KEY.encode()
    done, last = 0, 0
    while True:
        rows = list(
            person_model.objects.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", "identity_ct", "birth_date_ct")[:batch]
        )
        if not rows:
            return done
        with transaction.atomic():
            token_model.objects.filter(person_id__in=[pk for pk, _, _ in rows]).delete()
            new, dates = [], []
            for pk, identity_ct, birth_date_ct in rows:
                identity = crypto.decrypt_json(identity_ct, {}) if identity_ct else {}
                raw = crypto.decrypt_json(birth_date_ct) if birth_date_ct else None
                birth = date.fromisoformat(raw) if raw else None
                new += [token_model(person_id=pk, token=t) for t in sorted(person_tokens(identity or {}, key))]
                dates.append(person_model(pk=pk, birth_date_token=names.birth_date_token(birth, key)))
            token_model.objects.bulk_create(new)
            person_model.objects.bulk_update(dates, ["birth_date_token"])
        done += len(rows)
        last = rows[-1][0]
        if progress:
            progress(done)
