"""`spor load-published [--as USERNAME]`: put the published history Spor ships into the registry.

Loads src/spor/stats/data/ (identified persons per year with breakdowns, § 262 a court
statistics, with their sources) into the registry's aggregate tables for every year the registry
has none for; run after `spor migrate` (the demo runs it). Never overwrites a year already there.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from spor.audit.context import via
from spor.interchange.management.commands._actor import actor_named
from spor.releases.published import published_load


class Command(BaseCommand):
    help = "Indlæs de offentliggjorte tal i registret / load the shipped published figures into the registry."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as", dest="username", help="act as this user (default: the operator)")

    def handle(self, *args: Any, **options: Any) -> None:
        with via("cli:load-published"):
            counts = published_load(actor=actor_named(options["username"]))
        shown = ", ".join(f"{name} {n}" for name, n in counts.items())
        self.stdout.write(f"indlæst / loaded: {shown}")
