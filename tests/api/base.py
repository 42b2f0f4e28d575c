"""The API's test base: personas with personal tokens, and JSON requests through Django's client."""

from __future__ import annotations

import json
from typing import Any

from django.test import override_settings

from spor.api import tokens
from tests.base import SporTestCase

ROLES = [
    "caseworker",
    "manager",
    "analyst",
    "police_referrer",
    "ngo_referrer",
    "immigration_officer",
    "return_officer",
    "outreach_worker",
    "outsider_caseworker",
    "admin",
]


@override_settings(ROOT_URLCONF="tests.api.urls")
class ApiTestCase(SporTestCase):
    secrets: dict[str, str]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.secrets = {}
        for role in ROLES:
            _, cls.secrets[role] = tokens.token_create(actor=None, user=getattr(cls, role), days=30)

    def tag(self, role: str, url: str) -> dict[str, str]:
        """The If-Match header for the version `role` reads at `url` (its ETag)."""
        return {"If-Match": self.call(role, "GET", url).headers["ETag"]}

    def call(self, role: str | None, method: str, url: str, body: Any = None, **headers: str) -> Any:
        """One request as `role` (None: anonymous); returns Django's test response."""
        extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
        if role is not None:
            extra["HTTP_AUTHORIZATION"] = f"Bearer {self.secrets[role]}"
        data = json.dumps(body) if body is not None else None
        return self.client.generic(method, "/api" + url, data=data or "", content_type="application/json", **extra)
