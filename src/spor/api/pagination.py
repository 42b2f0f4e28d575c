"""Limit/offset pages and whitelisted ordering (docs/api.md#lists).

A page says whether more follow (`next_offset`) by fetching one row beyond the limit. The total
(`count`) is given only when asked for (`with_count=true`): an exact count reads every visible
row, which on a registry of 100,000 persons costs more than the page itself (bench/api.py).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from ninja import Schema
from pydantic import Field

MAX_LIMIT = 200


class PageQuery(Schema):
    limit: int = Field(default=50, ge=1, le=MAX_LIMIT)
    offset: int = Field(default=0, ge=0, le=10_000_000)
    with_count: bool = False


def page(queryset: QuerySet[Any], query: PageQuery, order: str) -> dict[str, Any]:
    """One page of `queryset` ordered by `order` (then by row id, so pages never overlap)."""
    tiebreak = "-pk" if order.startswith("-") else "pk"
    rows = list(queryset.order_by(order, tiebreak)[query.offset : query.offset + query.limit + 1])
    more = len(rows) > query.limit
    return {
        "count": queryset.count() if query.with_count else None,
        "limit": query.limit,
        "offset": query.offset,
        "next_offset": query.offset + query.limit if more else None,
        "items": rows[: query.limit],
    }
