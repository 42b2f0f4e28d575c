"""Persons: create, the pseudonymous record, the identity (read-logged), search, duplicates,
consent and status override."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status
from ninja.responses import codes_4xx

from spor.api import schemas as s
from spor.api.auth import actor
from spor.api.conditional import etag, guarded, required_version
from spor.cases import services as cases
from spor.people import selectors, services

router = Router(tags=["persons"])
ERRORS: dict[Any, Any] = {codes_4xx: s.ErrorOut}


def _identity(data: s.IdentityIn) -> services.Identity:
    return services.Identity(**data.dict())


@router.post("/persons", response={201: s.PersonOut, **ERRORS}, summary="Create a person")
def person_create(request: HttpRequest, payload: s.PersonIn) -> Any:
    fields = payload.dict(exclude={"identity"})
    person = services.person_create(actor=actor(request), identity=_identity(payload.identity), **fields)
    return Status(201, person)


@router.get("/persons/{uuid:code}", response={200: s.PersonOut, **ERRORS}, summary="The pseudonymous record")
def person_detail(request: HttpRequest, code: UUID, response: HttpResponse) -> Any:
    person = selectors.person_get_for(actor=actor(request), code=code)
    etag(response, person.version)
    return person


@router.patch("/persons/{uuid:code}", response={200: s.PersonOut, **ERRORS}, summary="Update (If-Match)")
def person_update(request: HttpRequest, code: UUID, payload: s.PersonUpdateIn, response: HttpResponse) -> Any:
    """Needs the version read (If-Match or `version`): an update never overwrites unseen changes."""
    person = selectors.person_get_for(actor=actor(request), code=code)
    version = required_version(request, payload.version)
    if version is None:  # If-Match: * (any version)
        version = person.version
    fields = payload.dict(exclude={"identity", "birth_date", "version"}, exclude_none=True)
    identity = _identity(payload.identity) if payload.identity else None
    person = services.person_update(
        actor=actor(request), person=person, version=version, identity=identity, birth_date=payload.birth_date, **fields
    )
    etag(response, person.version)
    return person


@router.post("/persons/{uuid:code}/merge", response={200: s.PersonOut, **ERRORS}, summary="Merge a duplicate in")
def person_merge(request: HttpRequest, code: UUID, payload: s.MergeIn) -> Any:
    keep = selectors.person_get_for(actor=actor(request), code=code)
    duplicate = selectors.person_get_for(actor=actor(request), code=payload.duplicate)
    with guarded(request, keep) as current:
        return services.person_merge(actor=actor(request), keep=current, duplicate=duplicate)


@router.post("/persons/{uuid:code}/erase", response={200: s.PersonOut, **ERRORS}, summary="Erase the identity")
def person_erase(request: HttpRequest, code: UUID) -> Any:
    """Managers: the identity goes, the pseudonymous statistical record stays (docs/architecture.md#erasure)."""
    person = selectors.person_get_for(actor=actor(request), code=code)
    with guarded(request, person) as current:
        return services.person_erase(actor=actor(request), person=current)


@router.get("/persons/{uuid:code}/identity", response={200: s.IdentityOut, **ERRORS}, summary="Identity (logged)")
def person_identity(request: HttpRequest, code: UUID) -> Any:
    """Decrypts the identity; every call writes the read log with the token that asked."""
    person = selectors.person_get_for(actor=actor(request), code=code)
    view = selectors.person_identity_for(actor=actor(request), person=person)
    return {**services.Identity().__dict__, **view.identity.__dict__, "birth_date": view.birth_date}


@router.get("/persons/{uuid:code}/changes", response={200: list[s.PersonChangeOut], **ERRORS}, summary="Change history")
def person_changes(request: HttpRequest, code: UUID) -> Any:
    """Who changed the record, when and which fields; never a value (docs/api.md#identity-correction)."""
    person = selectors.person_get_for(actor=actor(request), code=code)
    return selectors.person_changes_for(actor=actor(request), person=person)


@router.post("/persons/search", response={200: list[s.PersonOut], **ERRORS}, summary="Search by name or phone")
def person_search(request: HttpRequest, payload: s.SearchIn) -> Any:
    """POST, so that a searched name never appears in a URL or an access log (docs/architecture.md#logs-and-urls)."""
    return list(selectors.person_search_for(actor=actor(request), query=payload.query, limit=payload.limit))


@router.post("/persons/duplicates", response={200: list[s.DuplicateOut], **ERRORS}, summary="Likely duplicates")
def person_duplicates(request: HttpRequest, payload: s.DuplicatesIn) -> Any:
    found = selectors.person_duplicates_for(actor=actor(request), **payload.dict())
    return [{"person": c.person, "score": c.score} for c in found]


@router.post("/persons/{uuid:code}/consents", response={201: s.ConsentOut, **ERRORS}, summary="Record consent")
def consent_record(request: HttpRequest, code: UUID, payload: s.ConsentIn) -> Any:
    person = selectors.person_get_for(actor=actor(request), code=code)
    return Status(201, services.consent_record(actor=actor(request), person=person, **payload.dict()))


@router.post("/persons/{uuid:code}/status", response={201: s.StatusOut, **ERRORS}, summary="Override the status")
def status_override(request: HttpRequest, code: UUID, payload: s.StatusIn) -> Any:
    person = selectors.person_get_for(actor=actor(request), code=code)
    return Status(201, cases.status_override(actor=actor(request), person=person, **payload.dict()))
