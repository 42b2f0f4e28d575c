"""`spor report --year Y`: the yearly statistics in every format (docs/statistics.md).

    spor report --year 2025 --from DIR [--format json,html,pdf,xlsx,csv] [--lang da|en] [--out DIR]
    spor report --year 2025 --from DIR --open-data [--k 3]
    spor report --year 2025 --from DIR --override KEY=TEXT [--override en:KEY=TEXT] [--revision-note TEXT]
    spor report --year 2025 --from DIR --sentences      # the keyed sentences an override can replace

Without `--from` the figures come from the case registry (`spor.stats.extract.tables_from_registry`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from spor.interchange.reader import InterchangeErrors
from spor.stats.extract import tables_from_folder, tables_from_registry
from spor.stats.generate import generate
from spor.stats.publication import Edition, UnknownOverride, check_overrides, narrative
from spor.stats.render import FORMATS
from spor.stats.report import build_report


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

    def handle(self, *args: Any, **options: Any) -> None:
        formats = [f.strip() for f in options["format"].split(",") if f.strip()]
        unknown = sorted(set(formats) - set(FORMATS))
        if unknown:
            raise CommandError(f"Ukendt format / unknown format: {', '.join(unknown)}")
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
        for warning in result.report["warnings"]:
            self.stderr.write(f"advarsel / warning: {warning['da' if options['lang'] == 'da' else 'en']}")

    def _sentences(self, options: dict[str, Any], overrides: dict[str, str]) -> None:
        """Print each keyed sentence of the year's publication: `key<TAB>text`."""
        source = Path(options["source"]) if options["source"] else None
        try:
            tables = tables_from_folder(source) if source is not None else tables_from_registry()
        except InterchangeErrors as exc:
            for error in exc.errors:
                self.stderr.write(error)
            raise CommandError(f"{len(exc.errors)} fejl i mappen / errors in the folder; intet er læst") from exc
        report = build_report(tables, options["year"], report_date=options["report_date"])
        for key, text in narrative(report, options["lang"], Edition(overrides=overrides)):
            self.stdout.write(f"{key}\t{text}")
