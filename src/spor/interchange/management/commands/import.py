"""`spor import DIR [--dry-run] [--as USERNAME]`: import an interchange folder, all or nothing.

Runs as the operator (like `spor migrate`), or with `--as` as a named user, who must be a centre
manager. Every error of the folder is printed as `file:line: column: message`, the exit status
is non-zero and the database is left exactly as it was.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from spor.audit.context import via
from spor.interchange.importer import ImportErrors, interchange_import
from spor.interchange.management.commands._actor import actor_named
from spor.interchange.reader import InterchangeErrors, read_folder


class Command(BaseCommand):
    help = "Importér en udvekslingsmappe (alt eller intet) / import an interchange folder, all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", help="the interchange folder (docs/interchange.md)")
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        parser.add_argument("--as", dest="username", help="act as this user (a centre manager)")
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["folder"])
        actor = actor_named(options["username"])
        try:
            folder = read_folder(path)
        except InterchangeErrors as exc:
            self._fail(exc.errors)
        for warning in folder.warnings:
            self.stderr.write(f"advarsel / warning: {warning}")
        with via("cli:import"):
            try:
                counts = interchange_import(
                    actor=actor, folder=folder, dry_run=options["dry_run"], source=path, progress=not options["quiet"]
                )
            except ImportErrors as exc:
                self._fail(exc.errors)
            except PermissionDenied:
                raise CommandError("Kun centrets ledere må importere / only centre managers may import") from None
        verb = "ville importere / would import" if options["dry_run"] else "importeret / imported"
        shown = ", ".join(f"{name} {n}" for name, n in counts.as_dict().items())
        self.stdout.write(f"{verb}: {shown}")

    def _fail(self, errors: list[str]) -> None:
        for error in errors:
            self.stderr.write(error)
        raise CommandError(f"{len(errors)} fejl; intet er importeret / {len(errors)} error(s); nothing imported")
