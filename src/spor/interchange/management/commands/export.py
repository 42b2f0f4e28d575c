"""`spor export DIR [--year-from Y] [--year-to Y] [--as USERNAME]`: the registry as interchange files.

Pseudonymous data only (`person_id`, never an identity; birth years, not birth dates), written
deterministically so that export -> import into an empty database -> export gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from spor.audit.context import via
from spor.interchange.exporter import interchange_export
from spor.interchange.management.commands._actor import actor_named


class Command(BaseCommand):
    help = "Eksportér registret som udvekslingsfiler / export the registry as an interchange folder."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", help="where to write the files (created if missing)")
        parser.add_argument("--year-from", type=int, help="first year of records")
        parser.add_argument("--year-to", type=int, help="last year of records")
        parser.add_argument("--as", dest="username", help="act as this user (a centre manager or analyst)")
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        year_from, year_to = options["year_from"], options["year_to"]
        if year_from is not None and year_to is not None and year_from > year_to:
            raise CommandError("--year-from er efter --year-to / --year-from is after --year-to")
        actor = actor_named(options["username"])
        with via("cli:export"):
            try:
                counts = interchange_export(
                    actor=actor,
                    path=Path(options["folder"]),
                    year_from=year_from,
                    year_to=year_to,
                    progress=not options["quiet"],
                )
            except PermissionDenied:
                raise CommandError("Kun ledere og analytikere må eksportere / only managers and analysts") from None
        shown = ", ".join(f"{name} {n}" for name, n in counts.rows.items())
        self.stdout.write(f"eksporteret / exported: {shown}")
