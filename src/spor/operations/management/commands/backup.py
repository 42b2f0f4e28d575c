"""`spor backup FILE`: write the whole database to one encrypted file (docs/operations.md#backups)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from spor.operations.backup import BackupError, backup_write


class Command(BaseCommand):
    help = "Tag en sikkerhedskopi / write an encrypted backup of the whole database to FILE."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            counts = backup_write(options["file"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"wrote {sum(counts.values())} rows of {len(counts)} tables to {options['file']}")
