"""`spor report --year Y`: the yearly statistics in every format (docs/statistics.md).

    spor report --year 2025 --from DIR [--format json,html,pdf,xlsx,csv] [--lang da|en] [--out DIR]
    spor report --year 2025 --from DIR --open-data [--k 3] [--synthetic --epsilon 1 --seed 0]
    spor report --year 2025 [--from DIR] --eu --out DIR
    spor report --year 2025 --from DIR --override KEY=TEXT [--override en:KEY=TEXT] [--revision-note TEXT]
    spor report --year 2025 --from DIR --sentences      # the keyed sentences an override can replace

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
from spor.stats.eu import eu_tables, write_eu
from spor.stats.extract import Tables, tables_from_folder, tables_from_registry
from spor.stats.generate import generate
from spor.stats.publication import Edition, UnknownOverride, check_overrides, narrative
from spor.stats.render import FORMATS
from spor.stats.report import build_report
from spor.stats.synthetic import synthesise, write_synthetic


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
        parser.add_argument("--eu", action="store_true", help="write the EU data collection's tables instead")
        parser.add_argument("--synthetic", action="store_true", help="open data: also private synthetic rows")
        parser.add_argument("--epsilon", type=float, default=1.0, help="synthetic rows: privacy budget (default 1)")
        parser.add_argument("--seed", type=int, default=0, help="synthetic rows: seed of the noise (default 0)")
        parser.add_argument("--synthetic-from", type=int, help="synthetic rows: first year (default: ten years)")
        parser.add_argument("--report-date", type=dt.date.fromisoformat, help="for the 'dated after' warning")
        parser.add_argument(
            "--override",
            action="append",
            default=[],
            metavar="KEY=TEXT",
            help="replace the sentence KEY (da:KEY or KEY Danish, en:KEY English); repeatable",
        )
        parser.add_argument("--revision-note", help="a revised edition's note, printed on the front and back page")
        parser.add_argument("--published", type=dt.date.fromisoformat, help="publication date (default: today)")
        parser.add_argument("--sentences", action="store_true", help="list the sentence keys and texts and stop")
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
        if options["eu"]:
            self._eu(options)
            return
        if options["epsilon"] <= 0:
            raise CommandError("--epsilon skal være positiv / --epsilon must be positive")
        if options["k"] < 1:
            raise CommandError("--k skal være mindst 1 / --k must be at least 1")
        overrides = {}
        for item in options["override"]:
            key, sep, text = item.partition("=")
            if not sep or not key.strip():
                raise CommandError(f"--override {item!r}: skriv / write KEY=TEXT")
            overrides[key.strip()] = text
        try:
            check_overrides(overrides)
        except UnknownOverride as exc:
            raise CommandError(str(exc)) from exc
        if options["sentences"]:
            self._sentences(options, overrides)
            return
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
                overrides=overrides,
                revision_note=options["revision_note"],
                published_on=options["published"],
            )
        except InterchangeErrors as exc:
            for error in exc.errors:
                self.stderr.write(error)
            raise CommandError(f"{len(exc.errors)} fejl i mappen / errors in the folder; intet er læst") from exc
        for path in result.paths:
            self.stdout.write(str(path))
        if result.internal:
            self.stdout.write(f"{result.internal} (internt bilag / internal appendix)")
        if options["synthetic"]:
            year = options["year"]
            first = options["synthetic_from"] or year - 9
            if first > year:
                raise CommandError("--synthetic-from er efter --year / --synthetic-from is after --year")
            made = synthesise(
                self._tables(options), list(range(first, year + 1)), epsilon=options["epsilon"], seed=options["seed"]
            )
            for path in write_synthetic(made, Path(options["out"]) / "open_data"):
                self.stdout.write(str(path))
        for warning in result.report["warnings"]:
            self.stderr.write(f"advarsel / warning: {warning['da' if options['lang'] == 'da' else 'en']}")

    def _tables(self, options: dict[str, Any]) -> Tables:
        try:
            return tables_from_folder(Path(options["source"])) if options["source"] else tables_from_registry()
        except InterchangeErrors as exc:
            for error in exc.errors:
                self.stderr.write(error)
            raise CommandError(f"{len(exc.errors)} fejl i mappen / errors in the folder; intet er læst") from exc

    def _sentences(self, options: dict[str, Any], overrides: dict[str, str]) -> None:
        """Print each keyed sentence of the year's publication: `key<TAB>text`."""
        report = build_report(self._tables(options), options["year"], report_date=options["report_date"])
        for key, text in narrative(report, options["lang"], Edition(overrides=overrides)):
            self.stdout.write(f"{key}\t{text}")

    def _eu(self, options: dict[str, Any]) -> None:
        """The EU data collection's tables (docs/reporting.md#eu-data-collection)."""
        tables = eu_tables(self._tables(options), options["year"])
        for path in write_eu(tables, Path(options["out"])):
            self.stdout.write(str(path))
        for warning in tables.warnings:
            self.stderr.write(f"advarsel / warning: ikke i kilden / not in the source: {warning}")

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
