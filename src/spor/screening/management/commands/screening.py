"""`spor screening <verb>`: the online screening tool's command line (docs/screening-*.md)."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from spor.screening import commands as verbs


def _verb_modules() -> dict[str, Any]:
    found = {}
    for info in pkgutil.iter_modules(verbs.__path__):
        module = importlib.import_module(f"{verbs.__name__}.{info.name}")
        if hasattr(module, "run"):
            found[info.name.replace("_", "-")] = module
    return found


class Command(BaseCommand):
    help = "Skærmning af annoncer / screening of online ads: crawl, ingest, analyse, networks, evaluate."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        for name, module in sorted(_verb_modules().items()):
            verb_parser = sub.add_parser(name, help=getattr(module, "HELP", ""))
            module.add_arguments(verb_parser)

    def handle(self, *args: Any, **options: Any) -> None:
        _verb_modules()[options["verb"]].run(options, self)
