"""Reading the ad format (JSON Lines; docs/screening-collect.md#ingest), strictly, into `AdIn` records.

The same reader serves `spor screening ingest` and the crawler, whose worker process writes its
findings in this format (plus the fields in `CRAWL_FIELDS`) for the parent process to store.
Every problem is reported as `file:line: field: message`, all of them, not only the first.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from spor.screening.store import AdIn, ImageIn

REQUIRED = ("site", "ad_id", "url", "seen_at")
OPTIONAL_TEXT = ("city", "name", "nationality", "price")
# Written by the crawler only: the posting date as shown, messenger handles, the raw page's file.
CRAWL_FIELDS = ("posted", "handles", "raw_page")
KNOWN = {*REQUIRED, "title", "text", *OPTIONAL_TEXT, "age", "images", "phones", "emails", *CRAWL_FIELDS}
SITE_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
HEX16 = re.compile(r"^[0-9a-f]{16}$")


class AdFileError(Exception):
    """The file has errors; `errors` lists every one as `file:line: field: message`."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


@dataclass
class _Line:
    """One line being read: collects its errors under the file name and line number."""

    where: str
    errors: list[str]

    def error(self, field: str, message: str) -> None:
        self.errors.append(f"{self.where}: {field}: {message}")


def read_ads(path: Path, *, missing_images_ok: bool = False) -> list[AdIn]:
    """Read an ad file; raise AdFileError listing every error if there is any.

    Image paths are relative to the file. `missing_images_ok` (the crawler's case, where an image
    download may have failed and was recorded as a failure) skips images that are not there.
    """
    errors: list[str] = []
    records: list[AdIn] = []
    seen: dict[tuple[str, str, datetime], tuple[str, str]] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise AdFileError([f"{path}: -: cannot read the file: {exc}"]) from exc
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        line = _Line(f"{path}:{number}", errors)
        record = _record(line, text, path.parent, missing_images_ok)
        if record is None:
            continue
        key = (record.site, record.ad_id, record.seen_at)
        if key in seen and seen[key][1] != record.fingerprint():
            line.error("seen_at", f"another version of this ad has the same time (line {seen[key][0]})")
            continue
        seen[key] = (str(number), record.fingerprint())
        records.append(record)
    if errors:
        raise AdFileError(errors)
    return records


def _record(line: _Line, text: str, folder: Path, missing_images_ok: bool) -> AdIn | None:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        line.error("-", f"not valid JSON: {exc.msg} (column {exc.colno})")
        return None
    if not isinstance(data, dict):
        line.error("-", "expected a JSON object")
        return None
    before = len(line.errors)
    for name in sorted(set(data) - KNOWN):
        line.error(name, "unknown field")
    for name in REQUIRED:
        if name not in data:
            line.error(name, "missing")
    fields = {
        "site": _site(line, data.get("site")),
        "ad_id": _text(line, "ad_id", data.get("ad_id"), required=True),
        "url": _text(line, "url", data.get("url"), required=True),
        "seen_at": _time(line, data.get("seen_at")),
        "title": _text(line, "title", data.get("title")) or "",
        "text": _text(line, "text", data.get("text")) or "",
        "age": _age(line, data.get("age")),
        "posted": _text(line, "posted", data.get("posted")),
        "phones": _strings(line, "phones", data.get("phones")),
        "emails": _strings(line, "emails", data.get("emails")),
        "handles": _strings(line, "handles", data.get("handles")),
        "images": _images(line, data.get("images"), folder, missing_images_ok),
        "raw_html": _raw_page(line, data.get("raw_page"), folder),
    }
    for name in OPTIONAL_TEXT:
        fields[name] = _text(line, name, data.get(name))
    if len(line.errors) > before:
        return None
    return AdIn(**fields)


def _site(line: _Line, value: Any) -> str:
    if value is not None and (not isinstance(value, str) or not SITE_SLUG.match(value)):
        line.error("site", "expected a short code of lower-case letters, digits, - or _ (e.g. natlys)")
    return value if isinstance(value, str) else ""


def _text(line: _Line, name: str, value: Any, *, required: bool = False) -> Any:
    if value is None:
        return "" if required else None
    if not isinstance(value, str):
        line.error(name, f"expected text, got {type(value).__name__}")
        return None
    if required and not value.strip():
        line.error(name, "must not be empty")
    return value


def _time(line: _Line, value: Any) -> datetime:
    if value is None:
        return datetime.min.replace(tzinfo=UTC)
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None:
        line.error("seen_at", f"expected an ISO 8601 time such as 2026-03-01T12:00:00Z, got {value!r}")
        return datetime.min.replace(tzinfo=UTC)
    # A time without a zone is read as UTC, the convention of crawl logs.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _age(line: _Line, value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 130:
        line.error("age", f"expected a whole number of years or null, got {value!r}")
        return None
    return value


def _strings(line: _Line, name: str, value: Any) -> list[str] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        line.error(name, "expected a list of text")
        return None
    return value


def _images(line: _Line, value: Any, folder: Path, missing_ok: bool) -> list[ImageIn]:
    if value is None:
        return []
    if not isinstance(value, list):
        line.error("images", 'expected a list of paths or of {"phash": "<16 hex>"}')
        return []
    images = []
    for index, item in enumerate(value):
        image = _image(line, f"images[{index}]", item, folder, missing_ok)
        if image is not None:
            images.append(image)
    return images


def _image(line: _Line, name: str, item: Any, folder: Path, missing_ok: bool) -> ImageIn | None:
    if isinstance(item, dict):
        phash = item.get("phash")
        if set(item) - {"phash", "dhash"} or not isinstance(phash, str) or not HEX16.match(phash.lower()):
            line.error(name, 'expected {"phash": "<16 hex digits>"}')
            return None
        dhash = item.get("dhash") or ""
        return ImageIn(phash=phash.lower(), dhash=dhash.lower() if isinstance(dhash, str) else "")
    inside = _inside(folder, item)
    if inside is None:
        line.error(name, OUTSIDE)
        return None
    try:
        data = inside.read_bytes()
    except OSError:
        if not missing_ok:
            line.error(name, f"no such image file: {item}")
        return None
    try:
        return ImageIn.from_bytes(data, _content_type(item))
    except (OSError, ValueError) as exc:  # Pillow's decoder errors: not an image we can read
        line.error(name, f"not a readable image: {item} ({type(exc).__name__})")
        return None


OUTSIDE = "expected a path relative to the file, inside its folder"


def _inside(folder: Path, value: Any) -> Path | None:
    """`value` as a path under `folder`, or None if it is not a relative path that stays inside.

    An ad file names files that are read into the database: an absolute path, a `..` or a symbolic
    link leading out of the file's folder would let the file read anything the operator can read
    (docs/screening-collect.md#ingest). The resolved path, links followed, must lie under the
    resolved folder.
    """
    if not isinstance(value, str) or not value or Path(value).is_absolute() or ".." in Path(value).parts:
        return None
    base = folder.resolve()
    target = (base / value).resolve()
    return target if target.is_relative_to(base) else None


def _content_type(path: str) -> str:
    suffix = Path(path).suffix.lower()
    return {".png": "image/png", ".gif": "image/gif", ".webp": "image/webp"}.get(suffix, "image/jpeg")


def _raw_page(line: _Line, value: Any, folder: Path) -> bytes | None:
    if value is None:
        return None
    inside = _inside(folder, value)
    if inside is None:
        line.error("raw_page", OUTSIDE)
        return None
    try:
        return inside.read_bytes()
    except OSError:
        line.error("raw_page", f"no such file: {value}")
        return None
