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
from spor.audit.models import AuditEvent
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
        # Not a person known only from the Immigration Service's own cases (kept_by "dis"):
        # the person did not want the centre involved (docs/definitions.md#the-authorities-own-tracks).
        dis_only = Person.objects.filter(cases__kept_by="dis").exclude(cases__kept_by="cmm")
        return Person.objects.exclude(pk__in=dis_only.values("pk"))
    if is_immigration_officer(user):
        return Person.objects.filter(Q(cases__put_to_dis_on__isnull=False) | Q(cases__kept_by="dis")).distinct()
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


@dataclass(frozen=True)
class PersonChange:
    at: Any
    by: str
    event: str
    fields: list[str]


#: The audit events that change a person's record, shown as its change history.
CHANGE_EVENTS = ("person.created", "person.updated", "person.merged", "person.erased")


def person_changes_for(*, actor: Any, person: Person, limit: int = 50) -> list[PersonChange]:
    """Who changed the person's record, when, and which fields: names of fields only, never a
    value (the audit log holds none), newest first (docs/web.md#identity-correction)."""
    person = person_get_for(actor=actor, code=person.code)
    events = (
        AuditEvent.objects.filter(subject_type="person", subject_code=str(person.code), event__in=CHANGE_EVENTS)
        .select_related("actor")
        .order_by("-at", "-id")[:limit]
    )
    return [
        PersonChange(
            at=e.at,
            by=getattr(e.actor, "username", "") or "",
            event=e.event,
            fields=list(e.extra.get("fields", [])) if isinstance(e.extra, dict) else [],
        )
        for e in events
    ]


def person_search_tokens(query: str) -> set[str]:
    """The blind-index tokens a name or phone search looks up (empty for an empty query)."""
    key = settings.BLIND_INDEX_KEY.encode()
    tokens = names.search_tokens(query, key)
    if names.normalise_phone(query):
        tokens |= names.phone_tokens(query, key)
    return tokens


def _ranked_by_tokens(visible: QuerySet[Person], tokens: set[str], limit: int) -> list[int]:
    """Ids of the visible persons sharing most of `tokens`, best first, at most `limit`.

    Counted on the token table alone (its index on `token`), then joined to the visible persons:
    a common name shares a token with thousands, and ranking them must not load their rows.
    """
    ranked = (
        PersonToken.objects.filter(token__in=tokens, person__in=visible)
        .values("person_id")
        .annotate(hits=Count("id"))
        .order_by("-hits", "person_id")[:limit]
    )
    return [row["person_id"] for row in ranked]


def person_search_for(*, actor: Any, query: str, limit: int = 50, log: bool = True) -> list[Person]:
    """Persons matching a name or phone through the blind index, best match first.

    Nothing is decrypted: the query is hashed with the same key and looked up. A name in another
    script finds its Latin spellings and back (names.latin_spellings). A search confirms who is
    registered, so it is logged (`search_logged`); `log=False` is for a caller that narrows the
    answer further and logs what it shows.
    """
    tokens = person_search_tokens(query)
    found: list[Person] = []
    if tokens:
        ids = _ranked_by_tokens(persons_visible_to(actor), tokens, limit)
        by_id = Person.objects.in_bulk(ids)
        found = [by_id[pk] for pk in ids if pk in by_id]
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


#: The persons sharing most name tokens that the duplicate check scores (docs/web.md#performance).
DUPLICATE_CANDIDATES = 200


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

    Candidates are the DUPLICATE_CANDIDATES persons sharing most blind-index tokens with the name;
    each is scored on name similarity, birth date (keyed token) or year, and nationality, without
    decrypting anything. Pairs that a
    caseworker already dismissed are left out.
    """
    key = settings.BLIND_INDEX_KEY.encode()
    tokens = names.blind_tokens(f"{given_name} {family_name}", key)
    criteria: dict[str, Any] = {"given_name": given_name, "family_name": family_name, "birth_date": birth_date}
    criteria |= {"birth_year": birth_year, "nationalities": nationalities}
    if not tokens:
        search_logged(actor=actor, kind="duplicates", criteria=criteria, tokens=tokens, found=[])
        return []
    visible = persons_visible_to(actor).filter(erased_at__isnull=True)
    if exclude is not None:
        visible = visible.exclude(pk=exclude.pk)
        dismissed = set(DuplicateLink.objects.filter(person=exclude, same=False).values_list("other_key", flat=True))
        visible = visible.exclude(key__in=dismissed)
    ids = _ranked_by_tokens(visible, tokens, DUPLICATE_CANDIDATES)
    people = Person.objects.in_bulk(ids)
    token_sets: dict[int, set[str]] = {}
    for person_id, token in PersonToken.objects.filter(person_id__in=ids).values_list("person_id", "token"):
        token_sets.setdefault(person_id, set()).add(token)
    # Birth dates are compared as keyed tokens: nothing is decrypted (docs/architecture.md#blind-index).
    mine = names.birth_date_token(birth_date, key)
    swapped = names.birth_date_token(names.swapped_birth_date(birth_date), key)
    year = birth_date.year if birth_date else birth_year
    found = []
    for person in people.values():
        other = person.birth_date_token
        birth = names.birth_agreement_known(
            has_date=bool(mine),
            other_has_date=bool(other),
            same_date=bool(mine) and other == mine,
            swapped=bool(swapped) and other == swapped,
            year=year,
            other_year=person.birth_year,
        )
        score = names.duplicate_score(
            tokens,
            token_sets.get(person.pk, set()),
            nationalities=nationalities or [],
            other_nationalities=person.nationalities,
            birth=birth,
        )
        if score >= names.DUPLICATE_THRESHOLD:
            found.append(DuplicateCandidate(person=person, score=score))
    found.sort(key=lambda c: (-c.score, c.person.key))
    found = found[:limit]
    search_logged(actor=actor, kind="duplicates", criteria=criteria, tokens=tokens, found=[c.person for c in found])
    return found
