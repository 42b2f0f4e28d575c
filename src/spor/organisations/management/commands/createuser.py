"""`spor createuser USERNAME --organisation NAME --role ROLE`: create a user (operator command)."""

from __future__ import annotations

import getpass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from spor.organisations import services
from spor.organisations.models import Organisation, OrganisationType, Role


class Command(BaseCommand):
    help = "Opret en bruger / create a user of an organisation with a role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--organisation", required=True, help="organisation name (created if --type is given)")
        parser.add_argument("--type", choices=OrganisationType.values, help="type of a new organisation")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--password-stdin", action="store_true", help="read the password from standard input")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(name=options["organisation"]).first()
        if organisation is None:
            if not options["type"]:
                raise CommandError("unknown organisation; give --type to create it")
            organisation = services.organisation_create(actor=None, name=options["organisation"], type=options["type"])
        password = input() if options["password_stdin"] else getpass.getpass("Password: ")
        try:
            services.user_create(
                actor=None,
                username=options["username"],
                password=password,
                organisation=organisation,
                role=options["role"],
            )
        except ValidationError as exc:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from None
        self.stdout.write(f"created user {options['username']} ({options['role']})")
