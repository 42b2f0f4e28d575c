"""`spor restore FILE [--dry-run] --yes`: replace all data with a backup's (docs/operations.md#backups)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from spor.operations.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Gendan fra en sikkerhedskopi / replace ALL data with the backup in FILE (cannot be undone)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check the whole file and count, change nothing")
        parser.add_argument("--yes", action="store_true", help="confirm that all current data is replaced")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["dry_run"] and not options["yes"]:
            raise CommandError("restore replaces all data in the database and cannot be undone; add --yes to confirm")
        try:
            counts = backup_restore(options["file"], dry_run=options["dry_run"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        verb = "would restore" if options["dry_run"] else "restored"
        self.stdout.write(f"{verb} {sum(counts.values())} rows of {len(counts)} tables")
