"""`spor release --year Y ACTION --as USERNAME`: the release workflow at the command line.

    spor release --year 2025 status  --as analytiker   # the year's releases and their state
    spor release --year 2025 approve --as leder        # a second person approves the release in review
    spor release --year 2025 publish --as leder
    spor release --year 2025 download DIR --as leder   # the published release's files into DIR

Making a release is `spor report --year Y --release --as USERNAME [--note TEXT]` (same services
as the analyst page, `spor.releases.services`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from spor.audit.context import via
from spor.interchange.management.commands._actor import actor_named
from spor.releases import selectors, services
from spor.releases.models import ReleaseState


class Command(BaseCommand):
    help = "Årsstatistikkens udgivelser / the releases of the yearly statistics."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("action", choices=("status", "approve", "publish", "download"))
        parser.add_argument("folder", nargs="?", help="download: where to write the files")
        parser.add_argument("--as", dest="username", required=True, help="act as this user")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = actor_named(options["username"])
        if actor is None:
            raise CommandError("--as er påkrævet / --as is required")
        year, action = options["year"], options["action"]
        try:
            with via("cli:release"):
                releases = selectors.releases_of_year(actor=actor, year=year)
                if action == "status":
                    for r in releases:
                        frozen = (
                            f"frosset {r.frozen_at:%Y-%m-%d %H:%M} af {r.frozen_by}" if r.frozen_at else "ikke frosset"
                        )
                        self.stdout.write(f"{r.year} rev. {r.revision}: {r.state}, {frozen}, digest {r.digest[:12]}")
                    return
                if action == "download":
                    self._download(actor, year, options["folder"])
                    return
                review = next((r for r in releases if r.state == ReleaseState.REVIEW), None)
                if review is None:
                    raise CommandError("ingen udgivelse til godkendelse / no release in review")
                if action == "approve":
                    services.release_approve(actor=actor, release=review)
                else:
                    services.release_publish(actor=actor, release=review)
                self.stdout.write(f"{year} rev. {review.revision}: {action}")
        except PermissionDenied:
            raise CommandError("ikke tilladt / not allowed (the one who froze a release cannot approve it)") from None
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None

    def _download(self, actor: Any, year: int, folder: str | None) -> None:
        if not folder:
            raise CommandError("download kræver en mappe / download needs a folder")
        release = selectors.release_published(year)
        if release is None:
            raise CommandError(f"{year} har ingen udgivet statistik / no published release")
        selectors.releases_of_year(actor=actor, year=year)  # the permission check
        out = Path(folder)
        for f in release.files.all():
            target = out / f.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(bytes(f.content))
            self.stdout.write(f"{target} {f.sha256}")
