"""Runs of the dark-figure estimate from the analyst's page (docs/estimation.md#the-analysts-page).

`run_create` keeps the inputs and settings and `run_start` computes in a background thread of the
web process, writing its progress to the row as it goes (the page polls it); `run_execute` is the
computation itself, also callable directly. The bootstrap runs in that one thread (no process
pool: forking a threaded web server is unsafe), so a 1,000-resample run of a small table takes
seconds to a minute. A run whose process stops (a restart of the web server) stays `running`;
`run_stalled` tells the page so after `STALLED_AFTER`.
"""

from __future__ import annotations

import logging
import tempfile
import threading
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.db import close_old_connections, connection
from django.utils import timezone

from spor.estimation.estimate import estimate_total
from spor.estimation.lcmcr import LcmcrOptions
from spor.estimation.models import EstimateRun, RunStatus
from spor.estimation.provenance import provenance, registry_mapping
from spor.estimation.report import write_report
from spor.estimation.sensitivity import sensitivity_table
from spor.estimation.table import CaptureTable, parse_csv, to_csv
from spor.organisations.models import User

log = logging.getLogger(__name__)
STALLED_AFTER = timedelta(hours=1)
METHODS = ("stepwise", "homeoffice", "bic", "downhill", "dga", "lcmcr")


def run_create(
    *,
    actor: User,
    table: CaptureTable,
    inputs: dict[str, Any],
    method: str = "stepwise",
    resamples: int = 1000,
    sensitivity_resamples: int = 0,
    seed: int = 1234,
    notes: list[dict[str, Any]] | None = None,
) -> EstimateRun:
    """Keep a new run: the table itself goes into the inputs, so the run can be repeated."""
    if method not in METHODS:
        raise ValueError(f"method: expected one of {', '.join(METHODS)}, got {method!r}")
    return EstimateRun.objects.create(
        created_by=actor,
        inputs={**inputs, "table": to_csv(table)},
        settings={
            "method": method,
            "resamples": resamples,
            "sensitivity_resamples": sensitivity_resamples,
            "seed": seed,
        },
        notes=notes or [],
    )


def run_start(run: EstimateRun) -> threading.Thread:
    """Compute the run in a background thread; the page polls its progress."""
    thread = threading.Thread(target=_in_thread, args=(run.pk,), name=f"estimate-{run.code}", daemon=True)
    thread.start()
    return thread


def _in_thread(pk: int) -> None:
    close_old_connections()
    try:
        run_execute(EstimateRun.objects.get(pk=pk))
    finally:
        connection.close()


def _progress(run: EstimateRun, stage: str, percent: int) -> None:
    run.stage, run.progress = stage, percent
    EstimateRun.objects.filter(pk=run.pk).update(stage=stage, progress=percent, updated_at=timezone.now())


def run_execute(run: EstimateRun) -> EstimateRun:
    """Estimate, build the sensitivity table and the report, and keep it all on the run."""
    EstimateRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)
    run.status = RunStatus.RUNNING
    try:
        _execute(run)
    except Exception as exc:  # the run must end, whatever failed; the message names no person
        log.exception("estimate run %s failed", run.code)
        run.status, run.error = RunStatus.FAILED, f"{type(exc).__name__}: {exc}"
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "error", "finished_at", "updated_at"])
    return run


def _execute(run: EstimateRun) -> None:
    table = parse_csv(run.inputs["table"], name=run.inputs.get("filename", "table"))
    settings = run.settings
    method, seed = settings["method"], settings["seed"]
    lcmcr = LcmcrOptions(seed=seed)
    _progress(run, "estimate", 5)
    result = estimate_total(
        table, method=method, resamples=settings["resamples"], seed=seed, workers=1, lcmcr_options=lcmcr
    )
    for note in run.notes:
        result.add_warning(note["key"], **note.get("params", {}))
    _progress(run, "sensitivity", 40)
    if result.estimate is not None:
        result.sensitivity = sensitivity_table(
            table,
            method=method,
            main=result,
            resamples=settings["sensitivity_resamples"],
            seed=seed,
            workers=1,
            lcmcr_options=lcmcr,
            progress=lambda done, total: _progress(run, "sensitivity", 40 + (50 * done) // max(total, 1)),
        )
    result.provenance = run_provenance(run, table)
    _progress(run, "report", 92)
    with tempfile.TemporaryDirectory(prefix="spor-estimate-") as folder:
        html, pdf = write_report(table, result, folder, lang="da")
        run.report_html = Path(html).read_text(encoding="utf-8")
        run.report_pdf = Path(pdf).read_bytes()
    run.result = result.as_json()
    run.notes = [{"key": n.key, "params": n.params} for n in result.notes]
    run.status, run.progress, run.stage, run.finished_at = RunStatus.DONE, 100, "", timezone.now()
    run.save()


def run_provenance(run: EstimateRun, table: CaptureTable) -> dict[str, Any]:
    inputs = run.inputs
    settings = {k: v for k, v in run.settings.items() if k != "method"}
    settings["run"] = str(run.code)
    settings["by"] = run.created_by.username
    if inputs["kind"] == "registry":
        settings["population"] = inputs["population"]
        return provenance(
            source=f"the case registry (pseudonymous extract), year {inputs['year']}",
            data_date=inputs["data_date"],
            lists=table.lists,
            method=run.settings["method"],
            settings=settings,
            mapping=registry_mapping(table.lists),
        )
    return provenance(
        source=f"uploaded capture table {inputs['filename']}",
        data_date=inputs["data_date"],
        lists=table.lists,
        method=run.settings["method"],
        settings=settings,
    )


def run_stalled(run: EstimateRun) -> bool:
    """A run still queued or running long after its last progress: its process has stopped."""
    return run.status in (RunStatus.QUEUED, RunStatus.RUNNING) and timezone.now() - run.updated_at > STALLED_AFTER
