"""`spor totp`: the current TOTP code of the demo users (debug mode only), for `make demo`."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp

from spor.organisations.otp import DEMO_TOTP_KEY


class Command(BaseCommand):
    help = "Vis demobrugernes engangskode / print the demo users' current TOTP code (demo only)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("the demo TOTP code is refused with SPOR_DEBUG=0 (production mode)")
        self.stdout.write(f"{totp(bytes.fromhex(DEMO_TOTP_KEY)):06d}")
