"""`spor enrolmentcode USERNAME`: issue a one-time enrolment code for a user's second factor (operator command).

For the first manager and administrator, who have nobody to issue theirs; everyone else gets a code
from a manager or the administrator on the users page (docs/web.md#log-in-and-sessions).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from spor.organisations import otp
from spor.organisations.models import User


class Command(BaseCommand):
    help = "Udsted en tilmeldingskode / issue a one-time code with which USERNAME enrols a TOTP device."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError("no active user of that name")
        self.stdout.write(otp.enrolment_code_issue(actor=None, user=user))
