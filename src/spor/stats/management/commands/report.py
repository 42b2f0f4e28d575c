"""`spor report --year Y`: the yearly statistics in every format (docs/statistics.md).

    spor report --year 2025 --from DIR [--format json,html,pdf,xlsx,csv] [--lang da|en] [--out DIR]
    spor report --year 2025 --from DIR --open-data [--k 3]

Without `--from` the figures come from the case registry (`spor.stats.extract.tables_from_registry`).

    spor report --year 2025 --release --as analytiker [--note "Rettet: ..."]

makes a release from the registry (docs/statistics.md#releases), the same services as the analyst
page: the year's draft (or, with `--note`, a revision of its published release) is generated in
every format, frozen and sent for review; a second person approves and publishes
(`spor release`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from spor.interchange.reader import InterchangeErrors
from spor.stats.generate import generate
from spor.stats.render import FORMATS


class Command(BaseCommand):
    help = "Årsstatistik i alle formater / the yearly statistics in every format."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="report year")
        parser.add_argument("--from", dest="source", help="interchange folder (default: the registry)")
        parser.add_argument("--format", default=",".join(FORMATS), help="comma-separated: " + ",".join(FORMATS))
        parser.add_argument("--lang", choices=("da", "en"), default="da")
        parser.add_argument("--out", default=".", help="output folder")
        parser.add_argument("--open-data", action="store_true", help="also write open data with disclosure control")
        parser.add_argument("--k", type=int, default=3, help="open data: smallest cell shown (default 3)")
        parser.add_argument("--report-date", type=dt.date.fromisoformat, help="for the 'dated after' warning")
        parser.add_argument("--release", action="store_true", help="make a release (frozen, sent for review)")
        parser.add_argument("--note", default="", help="--release: the revision note of a correction")
        parser.add_argument("--as", dest="username", help="--release: act as this analyst")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["release"]:
            self._release(options)
            return
        formats = [f.strip() for f in options["format"].split(",") if f.strip()]
        unknown = sorted(set(formats) - set(FORMATS))
        if unknown:
            raise CommandError(f"Ukendt format / unknown format: {', '.join(unknown)}")
        if options["k"] < 1:
            raise CommandError("--k skal være mindst 1 / --k must be at least 1")
        try:
            result = generate(
                options["year"],
                out=Path(options["out"]),
                source=Path(options["source"]) if options["source"] else None,
                formats=formats,
                lang=options["lang"],
                open_data=options["open_data"],
                k=options["k"],
                report_date=options["report_date"],
            )
        except InterchangeErrors as exc:
            for error in exc.errors:
                self.stderr.write(error)
            raise CommandError(f"{len(exc.errors)} fejl i mappen / errors in the folder; intet er læst") from exc
        for path in result.paths:
            self.stdout.write(str(path))
        for warning in result.report["warnings"]:
            self.stderr.write(f"advarsel / warning: {warning['da' if options['lang'] == 'da' else 'en']}")

    def _release(self, options: dict[str, Any]) -> None:
        from django.core.exceptions import PermissionDenied, ValidationError

        from spor.audit.context import via
        from spor.interchange.management.commands._actor import actor_named
        from spor.releases import selectors, services
        from spor.releases.models import ReleaseState

        if options["source"]:
            raise CommandError("--release laves fra registret, ikke --from / a release is made from the registry")
        actor = actor_named(options["username"])
        if actor is None:
            raise CommandError("--release kræver --as / --release needs --as USERNAME")
        year = options["year"]
        try:
            with via("cli:report"):
                releases = selectors.releases_of_year(actor=actor, year=year)
                latest = releases[0] if releases else None
                if latest is not None and latest.state == ReleaseState.PUBLISHED:
                    release = services.release_revise(actor=actor, release=latest, note=options["note"])
                else:
                    release = services.release_start(actor=actor, year=year)
                    if options["note"]:
                        services.release_text_set(actor=actor, release=release, overrides=release.overrides,
                                                  revision_note=options["note"])  # fmt: skip
                services.release_generate(actor=actor, release=release, background=False,
                                          report_date=options["report_date"])  # fmt: skip
                release = services.release_freeze(actor=actor, release=release)
                release = services.release_submit(actor=actor, release=release)
        except PermissionDenied:
            raise CommandError("kun analytikere laver udgivelser / only analysts make releases") from None
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(f"{year} rev. {release.revision}: {release.state}, digest {release.digest}")
        for name, checksum in release.files.values_list("name", "sha256"):
            self.stdout.write(f"  {name} {checksum}")
