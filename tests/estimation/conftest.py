"""Shared fixtures: the published capture-history tables (tests/data/mse, or the folder SPOR_MSE_DATA names)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from spor.estimation.table import CaptureTable, read_csv

MSE_DIR = Path(os.environ.get("SPOR_MSE_DATA", Path(__file__).resolve().parents[1] / "data" / "mse"))


def dataset(name: str) -> CaptureTable:
    path = MSE_DIR / name
    if not path.exists():
        pytest.skip(f"published MSE data not found at {path} (set SPOR_MSE_DATA)")
    return read_csv(path)
