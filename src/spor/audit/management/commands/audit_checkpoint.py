"""`spor audit-checkpoint`: append the signed end of the audit chains to a file outside the database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from spor.audit.services import checkpoint_write


class Command(BaseCommand):
    help = "Skriv et signeret kontrolpunkt for revisionssporet / append a signed audit checkpoint."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", type=Path, help="file to append to (default: SPOR_AUDIT_CHECKPOINT_FILE)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["out"] or settings.AUDIT_CHECKPOINT_FILE
        checkpoint = checkpoint_write(path)
        heads = ", ".join(f"{chain} {row_id}" for chain, (row_id, _hash) in checkpoint.heads.items())
        self.stdout.write(f"checkpoint written to {path}: {heads}")
