"""Abstract bases shared by the apps' models."""

from __future__ import annotations

import uuid

from django.db import models


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Coded(TimeStamped):
    """A record with a public UUID `code`: URLs and API carry the code, never the row id.

    See docs/architecture.md#logs-and-urls.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True
