"""`spor reindex-persons`: rebuild every person's blind index (names, phones, birth date) from the
encrypted identity, in batches (docs/operations.md#blind-index)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from spor.people.models import Person, PersonToken
from spor.people.reindex import BATCH, reindex_persons


class Command(BaseCommand):
    help = "Genopbyg personernes blinde indeks / rebuild the persons' blind index."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=BATCH, help="persons per transaction")

    def handle(self, *args: Any, **options: Any) -> None:
        count = reindex_persons(Person, PersonToken, batch=options["batch"])
        self.stdout.write(f"reindexed {count} persons")
