"""`spor demo [--years N] [--scale X] [--seed S]`: generate the synthetic demo population.

`spor demo --remove` deactivates the demo users and deletes the demo TOTP devices; it runs in
production mode too, since a server refuses to start while they are there.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from spor.audit.context import via
from spor.cases.demo import DEMO_PASSWORD, DEMO_USERS, Generator, demo_users, demo_users_remove
from spor.organisations.otp import demo_devices_enrol
from spor.people.models import Person


class Command(BaseCommand):
    help = "Generér syntetiske demodata / generate a synthetic, reproducible demo population (never real persons)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--years", type=int, default=10, help="years of history ending this year (default 10)")
        parser.add_argument("--scale", type=float, default=1.0, help="1.0 = about 500 inquiries a year")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--quiet", action="store_true", help="no progress bar")
        parser.add_argument("--remove", action="store_true", help="deactivate the demo users, delete demo TOTP devices")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["remove"]:
            with via("cli:demo"):
                removed = demo_users_remove()
            self.stdout.write(f"{removed} demo users deactivated; demo TOTP devices deleted")
            return
        if not settings.DEBUG:
            raise CommandError("demo data is refused with SPOR_DEBUG=0 (production mode)")
        if options["years"] < 1 or options["scale"] <= 0:
            raise CommandError("--years must be at least 1 and --scale above 0")
        with via("cli:demo"):
            users = demo_users()
            totp_secret = demo_devices_enrol(list(users.values()))
            if Person.objects.exists():
                self.stdout.write("demo data already present; users checked, nothing generated")
            else:
                self._generate(users, options)
            # The published history Spor ships, as registry data (spor.releases.published).
            call_command("load_published", stdout=self.stdout)
            call_command(
                "screening", "demo", "--ads", str(max(200, round(2000 * options["scale"]))), stdout=self.stdout
            )
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        for _, _, org_name, username, role in DEMO_USERS:
            self.stdout.write(f"  {username:<14} {role:<20} {org_name}")
        self.stdout.write(f"TOTP secret for all demo users (demo only): {totp_secret}; `spor totp` prints the code")

    def _generate(self, users: dict[str, Any], options: dict[str, Any]) -> None:
        generator = Generator(seed=options["seed"], scale=options["scale"], users=users)
        this_year = timezone.localdate().year
        years = range(this_year - options["years"] + 1, this_year + 1)
        total = round(500 * options["scale"]) * len(years)
        with tqdm(total=total, desc="demo", unit="inquiry", disable=options["quiet"]) as bar:
            for year in years:
                with transaction.atomic():
                    generator.year(year, bar.update)
        c = generator.counts
        self.stdout.write(
            f"generated {c.persons} persons, {c.inquiries} inquiries, {c.assessments} assessments, "
            f"{c.identified} identified, {c.returns} returns, {c.police_reports} police reports, "
            f"{c.repeat_registrations} repeat victims merged"
        )
