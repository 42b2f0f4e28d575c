"""`spor notify`: announce the deadlines that came within their warning window (docs/operations.md#notifications).

Run daily by a timer; running it twice announces nothing twice. Prints a count, never a case.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django.utils.dateparse import parse_date

from spor.tasks.notifications import notify_due


class Command(BaseCommand):
    help = "Notify contact persons of deadlines within their warning window (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="the day to run for (YYYY-MM-DD); default today")

    def handle(self, *args: Any, **options: Any) -> None:
        today = parse_date(options["today"]) if options["today"] else timezone.localdate()
        if today is None:
            self.stderr.write("--today: expected YYYY-MM-DD")
            raise SystemExit(2)
        created = notify_due(today=today)
        self.stdout.write(f"notifications: {created}")
