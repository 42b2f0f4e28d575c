"""`spor serve [ADDRPORT]`: collect static files and serve Spor.

With SPOR_DEBUG=1 (the demo) Django's development server; otherwise gunicorn, the production
server, with the given bind address. Either way it first refuses to serve a production database
that still lets the demo users in (`spor.web.checks`).
"""

from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from spor.web.checks import refuse_unsafe_start


class Command(BaseCommand):
    help = "Start Spor's webserver / serve Spor on ADDRPORT (default 127.0.0.1:8000)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--workers", type=int, default=4)

    def handle(self, *args: Any, **options: Any) -> None:
        refuse_unsafe_start()  # demo users in production mode (spor.web.checks)
        call_command("collectstatic", interactive=False, verbosity=0)
        if settings.DEBUG:
            call_command("runserver", options["addrport"], use_reloader=False)
            return
        gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
        os.execv(gunicorn, [gunicorn, "spor.wsgi", "--bind", options["addrport"], "--workers", str(options["workers"])])  # noqa: S606
