"""`spor messages`: update the English catalogues from the source (no GNU gettext needed)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from spor.web import messages


class Command(BaseCommand):
    help = "Opdatér de engelske oversættelser / update the English catalogues from the source code."

    def handle(self, *args: Any, **options: Any) -> None:
        for path, strings, untranslated in messages.update_all():
            self.stdout.write(f"{path}: {strings} strings, {untranslated} untranslated")
