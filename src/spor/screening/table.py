"""The ad table: the input of every analysis stage (docs/screening-analysis.md#scale).

One row per ad (its latest version), as a polars DataFrame with ``AD_TABLE_SCHEMA``. The store
(``spor.screening.store.ads_frame``) builds it from the database; ``read_jsonl`` builds it from the
JSON Lines ad format (docs/screening-collect.md#ingest), so the analysis also runs on a file alone (evaluation, bench).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from spor.screening.features.images import phash_hex

AD_TABLE_SCHEMA: dict[str, Any] = {
    "site": pl.String,
    "ad_id": pl.String,
    "url": pl.String,
    "seen_at": pl.Datetime("us", "UTC"),
    "first_seen": pl.Datetime("us", "UTC"),
    "last_seen": pl.Datetime("us", "UTC"),
    "title": pl.String,
    "text": pl.String,
    "city": pl.String,
    "age": pl.Int64,
    "name": pl.String,
    "nationality": pl.String,
    "price": pl.String,
    "image_hashes": pl.List(pl.String),
    "phones": pl.List(pl.String),
    "emails": pl.List(pl.String),
}
_HEX16 = frozenset("0123456789abcdef")


class AdFormatError(ValueError):
    """A line of an ad file that cannot be read; the message names file, line and field."""


def _when(value: Any, where: str) -> datetime:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise AdFormatError(f"{where}: seen_at: not an ISO 8601 time: {value!r}") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _image_hash(item: Any, folder: Path, where: str) -> str:
    if isinstance(item, dict):
        value = str(item.get("phash", "")).lower()
        if len(value) != 16 or not set(value) <= _HEX16:
            raise AdFormatError(f"{where}: images: phash must be 16 hex digits, got {value!r}")
        return value
    path = folder / str(item)
    try:
        return phash_hex(path.read_bytes())
    except OSError as exc:
        raise AdFormatError(f"{where}: images: cannot read {item!r}: {exc.strerror}") from exc


def _row(record: dict[str, Any], folder: Path, where: str) -> dict[str, Any]:
    for key in ("site", "ad_id", "seen_at"):
        if not record.get(key):
            raise AdFormatError(f"{where}: {key}: missing")
    age = record.get("age")
    if age is not None and (isinstance(age, bool) or not isinstance(age, int)):
        raise AdFormatError(f"{where}: age: must be an integer or null, got {age!r}")
    return {
        "site": str(record["site"]),
        "ad_id": str(record["ad_id"]),
        "url": str(record.get("url") or ""),
        "seen_at": _when(record["seen_at"], where),
        "title": str(record.get("title") or ""),
        "text": str(record.get("text") or ""),
        "city": record.get("city") or None,
        "age": age,
        "name": record.get("name") or None,
        "nationality": record.get("nationality") or None,
        "price": record.get("price") or None,
        "image_hashes": [_image_hash(item, folder, where) for item in record.get("images") or []],
        "phones": record.get("phones"),
        "emails": record.get("emails"),
    }


def read_jsonl(path: Path | str) -> pl.DataFrame:
    """Read an ad file into the ad table: versions collapsed to the latest, first/last seen kept.

    Raises AdFormatError naming ``file:line: field: problem`` for the first bad line.
    """
    path = Path(path)
    rows = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise AdFormatError(f"{where}: column {exc.colno}: not JSON: {exc.msg}") from exc
            if not isinstance(record, dict):
                raise AdFormatError(f"{where}: not a JSON object")
            rows.append(_row(record, path.parent, where))
    return collapse_versions(rows)


def collapse_versions(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """One row per (site, ad_id): the latest version, with first_seen and last_seen over all."""
    schema = {k: v for k, v in AD_TABLE_SCHEMA.items() if k not in ("first_seen", "last_seen")}
    frame = pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)
    seen = frame.group_by("site", "ad_id").agg(
        pl.col("seen_at").min().alias("first_seen"), pl.col("seen_at").max().alias("last_seen")
    )
    latest = frame.sort("seen_at").unique(subset=["site", "ad_id"], keep="last", maintain_order=True)
    return latest.join(seen, on=["site", "ad_id"]).select(list(AD_TABLE_SCHEMA)).sort("site", "ad_id")


def empty() -> pl.DataFrame:
    return pl.DataFrame(schema=AD_TABLE_SCHEMA)
