"""Renderers: each writes a report dict (spor.stats.report) to one format; none computes a figure."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def render_json(report: dict[str, Any], out: Path) -> Path:
    """report.json, UTF-8, keys in the order of REPORT_JSON.md."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / "report.json"
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
