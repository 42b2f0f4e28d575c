"""Reads of persons through one gate: visibility, read log, blind-index search.

See docs/architecture.md#services-and-selectors.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from spor.audit import services as audit
from spor.common.errors import NotFound
from spor.organisations.permissions import is_centre_staff, is_immigration_officer
from spor.people import crypto, names
from spor.people.models import DuplicateLink, Person, PersonToken
from spor.people.services import Identity


def persons_visible_to(user: Any) -> QuerySet[Person]:
    """Persons whose identity the user may see (and whose timeline, through their cases).

    An immigration officer sees the persons with a case put to DIS; the lookup goes through the
    reverse relation from the case, so people need not import cases.
    """
    if is_centre_staff(user):
        return Person.objects.all()
    if is_immigration_officer(user):
        return Person.objects.filter(cases__put_to_dis_on__isnull=False).distinct()
    return Person.objects.none()


def person_get_for(*, actor: Any, code: Any) -> Person:
    """The person with `code` if `actor` may see it; NotFound otherwise (missing or not yours)."""
    try:
        return persons_visible_to(actor).get(code=code)
    except (Person.DoesNotExist, ValueError, TypeError):
        raise NotFound from None


@dataclass(frozen=True)
class IdentityView:
    identity: Identity
    birth_date: date | None


def person_identity_for(*, actor: Any, person: Person) -> IdentityView:
    """Decrypt a person's identity for `actor`; every call writes the read log (docs/architecture.md#read-log), naming
    the page or endpoint through `spor.audit.context` (set by the web middleware and the API)."""
    person = person_get_for(actor=actor, code=person.code)
    audit.read_logged(actor=actor, person_code=str(person.code), fields="identity")
    raw_birth = crypto.decrypt_json(person.birth_date_ct)
    return IdentityView(
        identity=Identity.from_dict(crypto.decrypt_json(person.identity_ct, {})),
        birth_date=date.fromisoformat(raw_birth) if raw_birth else None,
    )


def person_search_for(*, actor: Any, query: str, limit: int = 50) -> QuerySet[Person]:
    """Persons matching a name or phone through the blind index, best match first.

    Nothing is decrypted: the query is hashed with the same key and looked up.
    """
    key = settings.BLIND_INDEX_KEY.encode()
    tokens = names.search_tokens(query, key)
    phone = names.normalise_phone(query)
    if phone:
        tokens |= names.phone_tokens(query, key)
    if not tokens:
        return persons_visible_to(actor).none()
    matching = PersonToken.objects.filter(token__in=tokens).values("person_id")
    return (
        persons_visible_to(actor)
        .filter(pk__in=matching)
        .annotate(hits=Count("tokens", filter=Q(tokens__token__in=tokens)))
        .order_by("-hits", "key")[:limit]
    )


@dataclass(frozen=True)
class DuplicateCandidate:
    person: Person
    score: float


def person_duplicates_for(
    *,
    actor: Any,
    given_name: str,
    family_name: str,
    birth_date: date | None = None,
    birth_year: int | None = None,
    nationalities: list[str] | None = None,
    exclude: Person | None = None,
    limit: int = 10,
) -> list[DuplicateCandidate]:
    """Possible duplicates of a person being registered (docs/definitions.md#repeat-victims), best first.

    Candidates share at least one blind-index token with the name; each is scored on name
    similarity (over tokens, no decryption), birth date or year, and nationality. Pairs that a
    caseworker already dismissed are left out.
    """
    key = settings.BLIND_INDEX_KEY.encode()
    tokens = names.blind_tokens(f"{given_name} {family_name}", key)
    if not tokens:
        return []
    candidate_ids = set(PersonToken.objects.filter(token__in=tokens).values_list("person_id", flat=True)[:2000])
    people = persons_visible_to(actor).filter(pk__in=candidate_ids, erased_at__isnull=True)
    if exclude is not None:
        people = people.exclude(pk=exclude.pk)
        dismissed = set(DuplicateLink.objects.filter(person=exclude, same=False).values_list("other_key", flat=True))
        people = people.exclude(key__in=dismissed)
    token_sets: dict[int, set[str]] = {}
    for person_id, token in PersonToken.objects.filter(person__in=people).values_list("person_id", "token"):
        token_sets.setdefault(person_id, set()).add(token)
    found = []
    for person in people:
        other_birth = crypto.decrypt_json(person.birth_date_ct)
        score = names.duplicate_score(
            tokens,
            token_sets.get(person.pk, set()),
            birth_date=birth_date,
            other_birth_date=date.fromisoformat(other_birth) if other_birth else None,
            birth_year=birth_date.year if birth_date else birth_year,
            other_birth_year=person.birth_year,
            nationalities=nationalities or [],
            other_nationalities=person.nationalities,
        )
        if score >= names.DUPLICATE_THRESHOLD:
            found.append(DuplicateCandidate(person=person, score=score))
    found.sort(key=lambda c: (-c.score, c.person.key))
    return found[:limit]
