"""`spor rotate_keys` (alias `spor rotate-keys`): re-encrypt every identifying value under the
newest key of SPOR_FIELD_KEYS. Put the new key first, run this, then drop the old key."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from spor.audit import services as audit
from spor.audit.context import via
from spor.people.services import rotate_keys


class Command(BaseCommand):
    help = "Genkrypter identitetsdata under den nyeste nøgle / re-encrypt identifying data under the newest key."

    def handle(self, *args: Any, **options: Any) -> None:
        with via("cli:rotate-keys"):
            count = rotate_keys()
            audit.record(actor=None, event="keys.rotated", extra={"rows": count})
        self.stdout.write(f"re-encrypted {count} rows")
