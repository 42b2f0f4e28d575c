"""`spor estimate`: the dark figure from a capture-history table or the case registry (docs/estimation.md).

spor estimate --table FILE.csv [--method ...] [--json] [--out DIR] [--lang da|en] [--resamples FILE]
spor estimate --year Y --lists police,dis,ngo,cmm [--population identified|assessed]
              [--stratify gender|exploitation] [--from DIR] [...]
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from spor.common.formats import rounded as fmt
from spor.estimation.dga import DgaOptions
from spor.estimation.estimate import ALL_METHODS, EstimateResult, estimate_total
from spor.estimation.intervals import read_resamples
from spor.estimation.lcmcr import LcmcrOptions
from spor.estimation.provenance import provenance, registry_mapping
from spor.estimation.registry import POPULATIONS, STRATA, capture_tables_from_registry
from spor.estimation.report import write_report
from spor.estimation.sensitivity import sensitivity_table
from spor.estimation.table import CaptureTable, TableError, read_csv
from spor.interchange.reader import InterchangeErrors


class Command(BaseCommand):
    help = "Skøn over mørketallet ud fra overlap mellem lister / estimate the dark figure from list overlaps."

    def add_arguments(self, parser: CommandParser) -> None:
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--table", help="capture-history CSV: one 0/1 column per list, then count")
        source.add_argument("--year", type=int, help="the registry: the population of this year")
        parser.add_argument("--lists", default="police,dis,ngo,cmm", help="registry lists, comma-separated")
        parser.add_argument("--population", choices=POPULATIONS, default="identified", help="registry population")
        parser.add_argument("--stratify", choices=STRATA, help="registry: one estimate per stratum")
        parser.add_argument("--from", dest="source", help="with --year: an exported folder instead of the registry")
        parser.add_argument("--method", choices=ALL_METHODS, default="stepwise")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument("--out", help="directory for report.html and report.pdf")
        parser.add_argument("--lang", choices=("da", "en"), default="da")
        parser.add_argument("--seed", type=int, default=1234)
        parser.add_argument("--bootstrap", type=int, default=1000, help="BCa resamples; 0 = profile interval")
        parser.add_argument(
            "--resamples", help="replay these resamples (CSV: resample, then one column per history) instead of drawing"
        )
        parser.add_argument("--threshold", type=float, help="p-value threshold of stepwise/homeoffice")
        parser.add_argument(
            "--sensitivity-resamples",
            type=int,
            default=200,
            help="BCa resamples per row of the sensitivity table; 0 = profile intervals; -1 = no table",
        )
        parser.add_argument("--max-order", type=int, help="highest interaction order for bic/downhill")
        parser.add_argument("--workers", type=int, help="processes for the bootstrap (default: up to 2)")
        parser.add_argument("--lcmcr-classes", type=int, default=10, help="LCMCR: latent classes K (truncation)")
        parser.add_argument("--lcmcr-samples", type=int, default=500, help="LCMCR: kept draws per chain")
        parser.add_argument("--lcmcr-thin", type=int, default=20, help="LCMCR: sweeps per kept draw")
        parser.add_argument("--lcmcr-burn-in", type=int, default=3000, help="LCMCR: sweeps discarded per chain")
        parser.add_argument("--lcmcr-chains", type=int, default=16, help="LCMCR: chains (for the split R-hat)")
        parser.add_argument("--dga-delta", type=float, help="hyper-Dirichlet prior per cell (default 1/2^t)")
        parser.add_argument("--dga-prior", choices=("jeffreys", "uniform", "negbin"), default="jeffreys")
        parser.add_argument("--dga-a", type=float, default=1.0, help="negbin prior shape")
        parser.add_argument("--dga-b", type=float, default=1.0, help="negbin prior scale")
        parser.add_argument(
            "--dga-missing", default="0:", help="range of the missing count, min:max (max default 10 x n)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["bootstrap"] < 0:
            raise CommandError("--bootstrap: must be 0 or more")
        tables, population, unlisted = self._tables(options)
        results = {}
        for stratum, table in tables.items():
            result = self._estimate(table, options)
            result.provenance = _provenance(table, options, stratum)
            if options["sensitivity_resamples"] >= 0 and result.estimate is not None:
                result.sensitivity = sensitivity_table(
                    table,
                    method=options["method"],
                    main=result,
                    resamples=options["sensitivity_resamples"],
                    seed=options["seed"],
                    workers=options["workers"],
                    max_order=options["max_order"],
                    dga_options=_dga_options(options),
                    lcmcr_options=_lcmcr_options(options),
                )
            if unlisted.get(stratum):
                result.add_warning("unlisted", count=unlisted[stratum], population=population[stratum])
            results[stratum] = result
            if options["out"]:
                out = Path(options["out"]) / stratum if stratum else Path(options["out"])
                write_report(table, result, out, lang=options["lang"])
        if options["json"]:
            data = (
                results[""].as_json()
                if list(results) == [""]
                else {"stratify": options["stratify"], "strata": {k: r.as_json() for k, r in results.items()}}
            )
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        for stratum, result in results.items():
            if stratum:
                self.stdout.write(f"{options['stratify']} = {stratum}")
            self._summary(result, options["lang"])

    def _tables(self, options: dict[str, Any]) -> tuple[dict[str, CaptureTable], dict[str, int], dict[str, int]]:
        """The table(s) to estimate from, and per stratum the registry population and the unlisted."""
        try:
            if options["table"]:
                return {"": read_csv(options["table"])}, {}, {}
            found = capture_tables_from_registry(
                options["year"],
                options["lists"].split(","),
                population=options["population"],
                stratify=options["stratify"],
                source=options["source"],
            )
        except (TableError, InterchangeErrors) as exc:
            raise CommandError(str(exc)) from exc
        return found.tables, found.population, found.unlisted

    def _estimate(self, table: CaptureTable, options: dict[str, Any]) -> EstimateResult:
        replay = None
        if options["resamples"]:
            try:
                replay = read_resamples(options["resamples"], table)
            except TableError as exc:
                raise CommandError(str(exc)) from exc
        return estimate_total(
            table,
            threshold=options["threshold"],
            replay=replay,
            method=options["method"],
            resamples=options["bootstrap"],
            seed=options["seed"],
            max_order=options["max_order"],
            workers=options["workers"],
            dga_options=_dga_options(options),
            lcmcr_options=_lcmcr_options(options),
        )

    def _summary(self, result: Any, lang: str) -> None:
        if result.estimate is None:
            self.stdout.write("Intet endeligt skøn / no finite estimate")
        else:
            low, high = fmt(result.ci_low, lang), fmt(result.ci_high, lang)
            self.stdout.write(
                f"Skøn / estimate: {fmt(result.estimate, lang)} [{low}; {high}] "
                f"(kendte / observed {fmt(result.observed, lang)}; model {', '.join(result.model) or '-'})"
            )
        for warning in result.warning_texts(lang):
            self.stdout.write(f"! {warning}")


def _provenance(table: CaptureTable, options: dict[str, Any], stratum: str) -> dict[str, Any]:
    settings = {
        k: options[k]
        for k in ("seed", "bootstrap", "resamples", "threshold", "max_order", "population", "stratify")
        if options.get(k) is not None
    }
    if stratum:
        settings["stratum"] = stratum
    if options["table"]:
        path = Path(options["table"])
        data_date = date.fromtimestamp(path.stat().st_mtime).isoformat()
        return provenance(
            source=path.name, data_date=data_date, lists=table.lists, method=options["method"], settings=settings
        )
    source = f"extract of {options['source']}" if options["source"] else "the case registry (pseudonymous extract)"
    return provenance(
        source=f"{source}, year {options['year']}",
        data_date=date.today().isoformat(),
        lists=table.lists,
        method=options["method"],
        settings=settings,
        mapping=registry_mapping(table.lists),
    )


def _lcmcr_options(options: dict[str, Any]) -> LcmcrOptions:
    lcmcr = LcmcrOptions(
        classes=options["lcmcr_classes"],
        samples=options["lcmcr_samples"],
        thin=options["lcmcr_thin"],
        burn_in=options["lcmcr_burn_in"],
        chains=options["lcmcr_chains"],
        seed=options["seed"],
    )
    try:
        lcmcr.check()
    except ValueError as exc:
        raise CommandError(str(exc)) from exc
    return lcmcr


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
