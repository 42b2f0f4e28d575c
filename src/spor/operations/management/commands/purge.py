"""`spor purge {identities,screening,all} [--dry-run]`: erase what is past its retention period.

`identities` erases the identifying data of persons whose cases closed long enough ago (the
pseudonymous statistical record stays); `screening` deletes collected ads and images; `all` runs
both. Prints counts only, never personal data (docs/operations.md).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from spor.audit.context import via
from spor.operations.purge import TARGETS, purge


class Command(BaseCommand):
    help = "Slet data efter opbevaringsfristen / erase data past retention: identities, screening or all."

    def add_arguments(self, parser: CommandParser) -> None:
        helps = {name: text for name, (_, text) in TARGETS.items()}
        helps["all"] = "alle ovenstående / every target above"
        sub = parser.add_subparsers(dest="target", required=True, metavar="{" + ",".join(helps) + "}")
        for name, text in helps.items():
            target = sub.add_parser(name, help=text)
            target.add_argument("--dry-run", action="store_true", help="count only, erase nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        with via("cli:purge"):
            lines = purge(target=options["target"], dry_run=options["dry_run"])
        for line in lines:
            self.stdout.write(line)
