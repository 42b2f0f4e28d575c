"""`spor linkage encode|match`: privacy-preserving list exchange for the dark figure (docs/estimation.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from spor.estimation import linkage
from spor.estimation.table import to_csv


class Command(BaseCommand):
    help = "Kodning og sammenkobling af lister uden identiteter / encode and link lists without identities."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        encode = sub.add_parser("encode", help="at the partner: a list of persons -> Bloom-filter encodings")
        encode.add_argument("--secret-file", required=True, help="file holding the secret shared by the partners")
        encode.add_argument(
            "--in", dest="source", required=True, help="CSV: name, birth_date|birth_year, nationality, gender"
        )
        encode.add_argument("--out", required=True, help="the encodings (JSON), safe to send to the centre")
        encode.add_argument("--list", dest="list_name", help="the list's name in the table (default: file name)")
        match = sub.add_parser("match", help="at the centre: encodings of several lists -> capture-history table")
        match.add_argument("files", nargs="+", help="encoding files, one per list")
        match.add_argument("--out", required=True, help="capture-history CSV to write")
        match.add_argument("--threshold", type=float, default=0.8, help="similarity at or above which records link")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["verb"] == "encode":
                self._encode(options)
            else:
                self._match(options)
        except linkage.LinkageError as exc:
            raise CommandError(str(exc)) from exc

    def _encode(self, options: dict[str, Any]) -> None:
        secret = Path(options["secret_file"]).read_bytes().strip()
        if len(secret) < 16:
            raise CommandError(f"{options['secret_file']}: the shared secret must be at least 16 bytes")
        people = linkage.read_people(options["source"])
        name = options["list_name"] or Path(options["source"]).stem
        linkage.write_clk(options["out"], name, linkage.encode_all(people, secret))
        self.stdout.write(f"{len(people)} personer kodet / persons encoded -> {options['out']}")

    def _match(self, options: dict[str, Any]) -> None:
        if len(options["files"]) < 2:
            raise CommandError("match: give at least two encoding files")
        if not 0 < options["threshold"] <= 1:
            raise CommandError("--threshold: must be in (0, 1]")
        loaded = [linkage.read_clk(f) for f in options["files"]]
        names = [n for n, _ in loaded]
        if len(set(names)) != len(names):
            raise CommandError(f"match: list names must differ, got {', '.join(names)}")
        clusters = linkage.link([e for _, e in loaded], threshold=options["threshold"])
        table = linkage.capture_table(names, clusters)
        Path(options["out"]).write_text(to_csv(table), encoding="utf-8")
        self.stdout.write(f"{table.observed} personer på {len(names)} lister / persons on lists -> {options['out']}")
