"""Reads of persons through one gate: visibility, read log, blind-index search (logged too).

See docs/architecture.md#services-and-selectors.
"""

from __future__ import annotations

import hashlib
import hmac
import json
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


def person_search_tokens(query: str) -> set[str]:
    """The blind-index tokens a name or phone search looks up (empty for an empty query)."""
    key = settings.BLIND_INDEX_KEY.encode()
    tokens = names.search_tokens(query, key)
    if names.normalise_phone(query):
        tokens |= names.phone_tokens(query, key)
    return tokens


def person_search_for(*, actor: Any, query: str, limit: int = 50, log: bool = True) -> list[Person]:
    """Persons matching a name or phone through the blind index, best match first.

    Nothing is decrypted: the query is hashed with the same key and looked up. A search confirms
    who is registered, so it is logged (`search_logged`); `log=False` is for a caller that
    narrows the answer further and logs what it shows.
    """
    tokens = person_search_tokens(query)
    found: list[Person] = []
    if tokens:
        matching = PersonToken.objects.filter(token__in=tokens).values("person_id")
        found = list(
            persons_visible_to(actor)
            .filter(pk__in=matching)
            .annotate(hits=Count("tokens", filter=Q(tokens__token__in=tokens)))
            .order_by("-hits", "key")[:limit]
        )
    if log:
        search_logged(actor=actor, kind="search", criteria={"query": query}, tokens=tokens, found=found)
    return found


def search_logged(
    *, actor: Any, kind: str, criteria: dict[str, Any], tokens: set[str] | None = None, found: list[Person]
) -> None:
    """Log a search that can reveal persons (docs/architecture.md#read-log), in blind form only.

    One audit event `person.searched` says who searched, where from, how many hits and their codes;
    the criteria appear only as a keyed hash (HMAC-SHA256 under the blind-index key, so whoever
    holds the key can check whether a given name was searched) and the name's blind-index tokens,
    never in clear. Each hit also gets a read-log row, so "who looked this person up" is answered
    by the read log alone.
    """
    key = settings.BLIND_INDEX_KEY.encode()
    canonical = json.dumps({k: v for k, v in criteria.items() if v}, sort_keys=True, default=str)
    digest = hmac.new(key, f"search|{kind}|{canonical}".encode(), hashlib.sha256).hexdigest()
    codes = [str(person.code) for person in found]
    extra = {"kind": kind, "query": digest, "tokens": sorted(tokens or ()), "hits": len(found), "persons": codes}
    audit.record(actor=actor, event="person.searched", extra=extra)
    for code in codes:
        audit.read_logged(actor=actor, person_code=code, fields=f"search:{digest[:16]}")


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
    criteria: dict[str, Any] = {"given_name": given_name, "family_name": family_name, "birth_date": birth_date}
    criteria |= {"birth_year": birth_year, "nationalities": nationalities}
    if not tokens:
        search_logged(actor=actor, kind="duplicates", criteria=criteria, tokens=tokens, found=[])
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
    found = found[:limit]
    search_logged(actor=actor, kind="duplicates", criteria=criteria, tokens=tokens, found=[c.person for c in found])
    return found
