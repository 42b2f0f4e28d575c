"""`spor screening demo`: store and analyse a generated ad corpus for the demo (`spor demo` runs it)."""

from __future__ import annotations

import argparse
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

HELP = "Demodata til screeningen / a generated ad corpus for the demo, stored and analysed."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ads", type=int, default=2000, help="number of ads (default 2,000)")


def run(options: dict[str, Any], command: BaseCommand) -> None:
    from spor.screening.demo import screening_demo

    if not settings.DEBUG:
        raise CommandError("demo data is refused with SPOR_DEBUG=0 (production mode)")
    command.stdout.write(screening_demo(n_ads=options["ads"]))
