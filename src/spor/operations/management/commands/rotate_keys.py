"""`spor rotate-keys` (also `spor rotate_keys`): re-encrypt every encrypted value of every app
under the newest key of SPOR_FIELD_KEYS. Put the new key first, run this, then drop the old key."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from spor.audit.context import via
from spor.operations.keys import keys_rotate


class Command(BaseCommand):
    help = "Genkrypter identitetsdata under den nyeste nøgle / re-encrypt identifying data under the newest key."

    def handle(self, *args: Any, **options: Any) -> None:
        with via("cli:rotate-keys"):
            count = keys_rotate()
        self.stdout.write(f"re-encrypted {count} rows")
