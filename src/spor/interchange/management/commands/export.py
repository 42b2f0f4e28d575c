"""`spor export DIR [--year-from Y] [--year-to Y] [--as USERNAME]`: the registry as interchange files.

`spor export --htcds DIR [--from FOLDER]`: the case-level data in IOM's HTCDS v2.0 instead, from the
registry or from an interchange folder (`spor.stats.htcds`, docs/reporting.md#htcds).

Pseudonymous data only (`person_id`, never an identity; birth years, not birth dates), written
deterministically so that export -> import into an empty database -> export gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from spor.audit.context import via
from spor.interchange.exporter import can_export, interchange_export
from spor.interchange.management.commands._actor import actor_named


class Command(BaseCommand):
    help = "Eksportér registret som udvekslingsfiler / export the registry as an interchange folder."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", help="where to write the files (created if missing)")
        parser.add_argument("--year-from", type=int, help="first year of records")
        parser.add_argument("--year-to", type=int, help="last year of records")
        parser.add_argument("--as", dest="username", help="act as this user (a centre manager or analyst)")
        parser.add_argument("--quiet", action="store_true", help="no progress bar")
        parser.add_argument("--htcds", action="store_true", help="write HTCDS v2.0 case data instead")
        parser.add_argument(
            "--consented-only", action="store_true", help="with --htcds: only persons who consented to research"
        )
        parser.add_argument("--from", dest="source", help="with --htcds: an interchange folder instead of the registry")

    def handle(self, *args: Any, **options: Any) -> None:
        year_from, year_to = options["year_from"], options["year_to"]
        if year_from is not None and year_to is not None and year_from > year_to:
            raise CommandError("--year-from er efter --year-to / --year-from is after --year-to")
        actor = actor_named(options["username"])
        if options["htcds"]:
            self._htcds(options, actor)
            return
        if options["source"]:
            raise CommandError("--from gælder kun --htcds / --from is for --htcds only")
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

    def _htcds(self, options: dict[str, Any], actor: Any) -> None:
        # Imported here: the statistics' flat tables read this app's extract (docs/reporting.md#htcds).
        from spor.interchange.reader import InterchangeErrors
        from spor.stats.extract import tables_from_folder, tables_from_registry
        from spor.stats.htcds import write_htcds

        if not can_export(actor):
            raise CommandError("Kun ledere og analytikere må eksportere / only managers and analysts")
        try:
            with via("cli:export-htcds"):
                tables = tables_from_folder(Path(options["source"])) if options["source"] else tables_from_registry()
        except InterchangeErrors as exc:
            for error in exc.errors:
                self.stderr.write(error)
            raise CommandError(f"{len(exc.errors)} fejl i mappen / errors in the folder; intet er læst") from exc
        self.stdout.write(str(write_htcds(tables, Path(options["folder"]), consented_only=options["consented_only"])))
