"""ETag and If-Match on versioned records: a writer that read an old version gets 412, never a
lost update (docs/api.md#concurrent-writers). The ETag is the record's `version` counter, quoted: `"3"`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja.errors import HttpError

from spor.common.versioning import check_version

M = TypeVar("M")

_TAG = re.compile(r'^\s*(?:W/)?"?(\d{1,9})"?\s*$')


def etag(response: HttpResponse, version: int) -> None:
    response["ETag"] = f'"{version}"'


def if_match(request: HttpRequest, body_version: int | None = None) -> int | None:
    """The version the caller says it read: the If-Match header, else a `version` in the body.

    A malformed header is a 400 naming it; `*` means "any version".
    """
    header = request.headers.get("If-Match")
    if header is None or header.strip() == "*":
        return body_version
    match = _TAG.match(header)
    if match is None:
        raise HttpError(400, 'If-Match: expected an ETag such as "3"')
    return int(match.group(1))


def required_version(request: HttpRequest, body_version: int | None = None) -> int | None:
    """`if_match` for a write that changes an existing record: without a version it is a 428.

    A client must say which version it read, so that a change it never saw is not overwritten.
    `If-Match: *` is the explicit "whatever the version" and passes with no check.
    """
    header = request.headers.get("If-Match")
    if header is None and body_version is None:
        raise HttpError(428, 'If-Match: send the ETag of the version you read, e.g. "3"')
    return if_match(request, body_version)


@contextmanager
def guarded(request: HttpRequest, record: M, fields: list[str] | None = None) -> Iterator[M]:
    """A change to an existing record whose version the caller must name (If-Match).

    Without a version it is a 428 (`required_version`); the row is locked for the rest of the
    transaction and compared with the version named, so a change made since is a 412 naming the
    fields (`check_version`), never overwritten. Yields the locked, current row for the service.
    """
    version = required_version(request)
    with transaction.atomic():
        model: Any = type(record)
        current = model.objects.select_for_update().get(pk=record.pk)  # type: ignore[attr-defined]
        check_version(current, version, fields or ["version"])
        yield current
