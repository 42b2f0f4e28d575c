"""Limit/offset pages with a total count, and whitelisted ordering (issue 3)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from ninja import Schema
from pydantic import Field

MAX_LIMIT = 200


class PageQuery(Schema):
    limit: int = Field(default=50, ge=1, le=MAX_LIMIT)
    offset: int = Field(default=0, ge=0, le=10_000_000)


def page(queryset: QuerySet[Any], query: PageQuery, order: str) -> dict[str, Any]:
    """One page of `queryset` ordered by `order` (then by row id, so pages never overlap)."""
    tiebreak = "-pk" if order.startswith("-") else "pk"
    items = list(queryset.order_by(order, tiebreak)[query.offset : query.offset + query.limit])
    return {"count": queryset.count(), "limit": query.limit, "offset": query.offset, "items": items}
