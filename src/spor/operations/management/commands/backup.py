"""`spor backup FILE`: write the whole database to one compressed file (keys kept apart)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from spor.operations.backup import backup_write


class Command(BaseCommand):
    help = "Tag en sikkerhedskopi / write a backup of the database to FILE (.json.gz)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        counts = backup_write(options["file"])
        self.stdout.write(f"wrote {sum(counts.values())} rows of {len(counts)} tables to {options['file']}")
