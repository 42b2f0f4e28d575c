"""Personal API tokens (docs/api.md#authentication): a program acts as the user who holds the token.

Only the SHA-256 digest of the secret is stored, so a copy of the database does not give access;
the secret itself is shown once, when the token is created. A token expires and can be revoked.
Idempotent referrals need no table here: the inquiry itself carries its idempotency key
(`spor.cases.services.referral_submit`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spor.common.models import Coded


class ApiToken(Coded):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)  # hex SHA-256 of the secret
    label = models.CharField(_("navn"), max_length=100, blank=True)
    expires_at = models.DateTimeField(_("udløber"))
    revoked_at = models.DateTimeField(_("tilbagekaldt"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"token {self.code}"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
