"""`spor messages`: update the English catalogue from the source (no GNU gettext needed)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from spor.web import messages


class Command(BaseCommand):
    help = "Opdatér den engelske oversættelse / update the English catalogue from the source code."

    def handle(self, *args: Any, **options: Any) -> None:
        strings, untranslated = messages.update()
        self.stdout.write(f"{messages.CATALOGUE}: {strings} strings, {untranslated} untranslated")
