"""A site's crawl configuration: one TOML file per site in `spor/screening/sites/`.

Read without Django, because the crawl itself runs in a separate process (the worker) that
knows nothing of the database. Errors name the file and the key.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SITES_DIR = Path(__file__).resolve().parent.parent / "sites"
AD_FIELDS = (
    "ad_id",
    "title",
    "text",
    "phones",
    "emails",
    "handles",
    "images",
    "city",
    "age",
    "name",
    "nationality",
    "price",
    "posted",
)
LIST_FIELDS = ("phones", "emails", "handles", "images")


class SiteConfigError(Exception):
    pass


@dataclass(frozen=True)
class SiteConfig:
    name: str
    base_url: str
    start_paths: tuple[str, ...]
    delay: float
    ad_links: str
    next_page: str
    ad: dict[str, str]  # field -> selector; a field without a selector is left empty

    def start_urls(self) -> list[str]:
        return [self.base_url.rstrip("/") + path for path in self.start_paths]


def site_names() -> list[str]:
    return sorted(path.stem for path in SITES_DIR.glob("*.toml"))


def load_site(name: str, *, base_url: str | None = None, path: Path | None = None) -> SiteConfig:
    """Read `sites/<name>.toml` (or `path`); `base_url` replaces the file's (tests, mirrors)."""
    path = path or SITES_DIR / f"{name}.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SiteConfigError(f"{path}: no such site configuration (known: {', '.join(site_names())})") from None
    except tomllib.TOMLDecodeError as exc:
        raise SiteConfigError(f"{path}: {exc}") from None
    listing, ad = _table(path, data, "listing"), _table(path, data, "ad")
    for key in ad:
        if key not in AD_FIELDS:
            raise SiteConfigError(f"{path}: ad.{key}: unknown field (known: {', '.join(AD_FIELDS)})")
    return SiteConfig(
        name=_str(path, data, "name"),
        base_url=base_url or _str(path, data, "base_url"),
        start_paths=tuple(_str_list(path, data, "start_paths")),
        delay=float(data.get("delay", 2.0)),
        ad_links=_str(path, listing, "ad_links", "listing."),
        next_page=_str(path, listing, "next_page", "listing."),
        ad={key: _str(path, ad, key, "ad.") for key in ad},
    )


def _table(path: Path, data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise SiteConfigError(f"{path}: [{key}]: missing table")
    return value


def _str(path: Path, data: dict[str, Any], key: str, prefix: str = "") -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise SiteConfigError(f"{path}: {prefix}{key}: expected a non-empty string")
    return value


def _str_list(path: Path, data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(item, str) for item in value):
        raise SiteConfigError(f"{path}: {key}: expected a list of paths")
    return value
