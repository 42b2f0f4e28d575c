"""`spor estimate --table FILE.csv`: the dark figure from a capture-history table (issue 7)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from spor.estimation.dga import DgaOptions
from spor.estimation.estimate import ALL_METHODS, estimate_total
from spor.estimation.report import fmt, write_report
from spor.estimation.table import TableError, read_csv


class Command(BaseCommand):
    help = "Skøn over mørketallet ud fra overlap mellem lister / estimate the dark figure from list overlaps."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--table", required=True, help="capture-history CSV: one 0/1 column per list, then count")
        parser.add_argument("--method", choices=ALL_METHODS, default="stepwise")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument("--out", help="directory for report.html and report.pdf")
        parser.add_argument("--lang", choices=("da", "en"), default="da")
        parser.add_argument("--seed", type=int, default=1234)
        parser.add_argument("--bootstrap", type=int, default=1000, help="BCa resamples; 0 = profile interval")
        parser.add_argument("--max-order", type=int, help="highest interaction order for bic/downhill")
        parser.add_argument("--workers", type=int, help="processes for the bootstrap (default: up to 2)")
        parser.add_argument("--dga-delta", type=float, help="hyper-Dirichlet prior per cell (default 1/2^t)")
        parser.add_argument("--dga-prior", choices=("jeffreys", "uniform", "negbin"), default="jeffreys")
        parser.add_argument("--dga-a", type=float, default=1.0, help="negbin prior shape")
        parser.add_argument("--dga-b", type=float, default=1.0, help="negbin prior scale")
        parser.add_argument(
            "--dga-missing", default="0:", help="range of the missing count, min:max (max default 10 x n)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            table = read_csv(options["table"])
        except TableError as exc:
            raise CommandError(str(exc)) from exc
        if options["bootstrap"] < 0:
            raise CommandError("--bootstrap: must be 0 or more")
        result = estimate_total(
            table,
            method=options["method"],
            resamples=options["bootstrap"],
            seed=options["seed"],
            max_order=options["max_order"],
            workers=options["workers"],
            dga_options=_dga_options(options),
        )
        if options["out"]:
            write_report(table, result, options["out"], lang=options["lang"])
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
        else:
            self._summary(result, options["lang"])

    def _summary(self, result: Any, lang: str) -> None:
        if result.estimate is None:
            self.stdout.write("Intet endeligt skøn / no finite estimate")
        else:
            low, high = fmt(result.ci_low, lang), fmt(result.ci_high, lang)
            self.stdout.write(
                f"Skøn / estimate: {fmt(result.estimate, lang)} [{low}; {high}] "
                f"(kendte / observed {fmt(result.observed, lang)}; model {', '.join(result.model) or '-'})"
            )
        for warning in result.warnings:
            self.stdout.write(f"! {warning}")


def _dga_options(options: dict[str, Any]) -> DgaOptions:
    low, _, high = options["dga_missing"].partition(":")
    try:
        m_min = int(low or 0)
        m_max = int(high) if high else None
    except ValueError as exc:
        raise CommandError(f"--dga-missing: expected min:max as whole numbers, got {options['dga_missing']!r}") from exc
    return DgaOptions(
        delta=options["dga_delta"],
        prior=options["dga_prior"],
        a=options["dga_a"],
        b=options["dga_b"],
        m_min=m_min,
        m_max=m_max,
    )
