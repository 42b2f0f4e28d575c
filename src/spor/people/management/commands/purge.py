"""`spor purge [--dry-run]`: erase identities due under the retention rule (docs/architecture.md#erasure)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from spor.audit.context import via
from spor.people.purge import purge_identities


class Command(BaseCommand):
    help = "Slet identitetsoplysninger efter opbevaringsfristen / erase identities past the retention period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="count only")

    def handle(self, *args: Any, **options: Any) -> None:
        with via("cli:purge"):
            count = purge_identities(today=timezone.localdate(), dry_run=options["dry_run"])
        verb = "would erase" if options["dry_run"] else "erased"
        self.stdout.write(f"{verb} the identity of {count} persons")
