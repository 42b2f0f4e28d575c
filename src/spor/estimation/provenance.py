"""Where an estimate comes from, printed in every report and kept with every run (docs/estimation.md#output).

The data date (the table file's date, or the day the registry was read), the source, the lists and
what puts a person on each (the registry mapping), the method with its settings, and the software
version: enough for another analyst to repeat the run.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from importlib import metadata
from typing import Any

from spor.estimation.registry import DEFAULT_MAPPING, ListSource


def software_version() -> str:
    try:
        return f"Spor {metadata.version('spor')}"
    except metadata.PackageNotFoundError:
        return "Spor (development)"


def describe_source(source: ListSource) -> str:
    """One list's sources as text (English field names, the vocabulary's codes)."""
    parts = []
    for label, values in (
        ("sender/referrer type", source.actor_types),
        ("organisation", source.orgs),
        ("channel", source.channels),
        ("assessed by", source.assessed_by),
        ("decision by", source.authorities),
    ):
        if values:
            parts.append(f"{label} {', '.join(sorted(str(v) for v in values))}")
    return "; ".join(parts)


def registry_mapping(lists: Iterable[str], mapping: Mapping[str, ListSource] | None = None) -> dict[str, str]:
    mapping = mapping or DEFAULT_MAPPING
    return {name: describe_source(mapping[name]) for name in lists if name in mapping}


def provenance(
    *,
    source: str,
    data_date: str,
    lists: Iterable[str],
    method: str,
    settings: Mapping[str, Any],
    mapping: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The provenance record of one estimate (JSON-ready)."""
    return {
        "source": source,
        "data_date": data_date,
        "lists": list(lists),
        "mapping": dict(mapping or {}),
        "method": method,
        "settings": {k: v for k, v in settings.items() if v is not None},
        "software": software_version(),
        "computed_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
