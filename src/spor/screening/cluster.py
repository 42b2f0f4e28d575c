"""The analysis stages on a Dask cluster (docs/screening-analysis.md#scale).

The feature stage is the one that runs Python per distinct text; it depends on each ad alone, so
the ad table is cut into partitions that workers compute independently, with the same function as
the single-process run (``spor.screening.features.extract.ad_features``). Partitions are cut from
the table in canonical order and put back in that order, so the result is the same table whatever
the number of workers or partitions.

``scheduler`` is the address of a running Dask scheduler (``tcp://host:8786``); without it a
``LocalCluster`` of worker processes on this machine is started for the run and closed after.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import polars as pl

#: Ads per partition: large enough that a task's overhead is small, small enough to spread the work.
PARTITION_ADS = 50_000


def _features_part(part: pl.DataFrame) -> pl.DataFrame:
    from spor.screening.features.extract import ad_features

    return ad_features(part)


@contextmanager
def client(scheduler: str | None = None, *, workers: int | None = None) -> Iterator[Any]:
    """A Dask client of the cluster at ``scheduler``, or of a local cluster started for the run."""
    from dask.distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as connected:
            yield connected
        return
    count = workers or max(1, min(4, os.cpu_count() or 1))
    with (
        LocalCluster(
            n_workers=count,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            scheduler_kwargs={"dashboard": False},
            silence_logs=logging.ERROR,
        ) as local,
        Client(local) as connected,
    ):
        yield connected


def partitions(frame: pl.DataFrame, size: int) -> list[pl.DataFrame]:
    return [frame.slice(start, size) for start in range(0, frame.height, size)] or [frame]


def features(
    ads: pl.DataFrame, *, scheduler: str | None = None, partition_ads: int = PARTITION_ADS, workers: int | None = None
) -> pl.DataFrame:
    """``ad_features(ads)`` computed in partitions on a Dask cluster; rows numbered as in one process."""
    parts = partitions(ads, partition_ads)
    with client(scheduler, workers=workers) as dask:
        scattered = dask.scatter(parts)  # the data travels to the workers once, not inside the task graph
        done = dask.gather(dask.map(_features_part, scattered, pure=False))
    offsets = [0]
    for part in parts[:-1]:
        offsets.append(offsets[-1] + part.height)
    return pl.concat([part.with_columns(pl.col("row") + start) for part, start in zip(done, offsets, strict=True)])
