"""`spor audit-verify`: walk the audit chain and report the first altered or missing row."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from spor.audit.services import chain_verify


class Command(BaseCommand):
    help = "Kontrollér revisionssporet / verify the tamper-evident audit chain."

    def handle(self, *args: Any, **options: Any) -> None:
        report = chain_verify()
        if report.broken_at is not None:
            raise CommandError(f"audit chain broken at event id {report.broken_at} after {report.checked} good rows")
        self.stdout.write(f"audit chain intact: {report.checked} events")
