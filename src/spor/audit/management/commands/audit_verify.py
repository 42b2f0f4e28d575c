"""`spor audit-verify`: walk both audit chains, check them against the signed checkpoints."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from spor.audit.services import CHAINS, CheckpointError, chain_verify, checkpoints_read


class Command(BaseCommand):
    help = "Kontrollér revisionssporet / verify the tamper-evident audit chains against their checkpoints."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--checkpoints", type=Path, help="checkpoint file (default: SPOR_AUDIT_CHECKPOINT_FILE)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["checkpoints"] or settings.AUDIT_CHECKPOINT_FILE
        try:
            checkpoints = checkpoints_read(path)
        except CheckpointError as exc:
            raise CommandError(str(exc)) from None
        if not checkpoints:
            self.stderr.write(f"no checkpoints in {path}: removal of the newest rows cannot be detected")
        reports = [chain_verify(chain, checkpoints=checkpoints) for chain in CHAINS]
        failed = [r for r in reports if not r.ok]
        if failed:
            raise CommandError(
                "; ".join(
                    f"audit chain {r.chain} broken at id {r.broken_at} after {r.checked} good rows: {r.problem}"
                    for r in failed
                )
            )
        counts = ", ".join(f"{r.checked} {r.chain}" for r in reports)
        self.stdout.write(f"audit chain intact: {counts}; {len(checkpoints)} checkpoints")
