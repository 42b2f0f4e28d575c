"""`spor screening crawl SITE [--base-url URL]`: crawl one configured site and store its ads."""

from __future__ import annotations

import argparse
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from spor.screening.crawler.config import SiteConfigError, site_names
from spor.screening.crawler.service import CrawlError, crawl_run

HELP = "Gennemgå et annoncesite / crawl an ad site (resumes an interrupted crawl of it)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("site", help=f"the site's configuration name ({', '.join(site_names())})")
    parser.add_argument("--base-url", help="crawl this address instead of the configured one (tests, mirrors)")
    parser.add_argument(
        "--set", action="append", default=[], metavar="NAME=JSON", help="override a Scrapy setting, e.g. RETRY_TIMES=3"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def run(options: dict[str, Any], command: BaseCommand) -> None:
    try:
        overrides = {name: json.loads(value) for name, _, value in (s.partition("=") for s in options["set"])}
    except json.JSONDecodeError as exc:
        raise CommandError(f'--set: the value must be JSON (e.g. 0, true, "text"): {exc}', returncode=2) from None
    with tqdm(desc=options["site"], unit="ad", disable=options["quiet"]) as bar:

        def progress(count: int) -> None:
            bar.update(count - bar.n)

        try:
            crawl = crawl_run(
                site=options["site"],
                base_url=options.get("base_url"),
                scrapy_settings=overrides,
                progress=progress,
            )
        except (SiteConfigError, CrawlError) as exc:
            raise CommandError(str(exc)) from None
    command.stdout.write(
        f"{options['site']}: {crawl.get_status_display()}; nye/new {crawl.ads_new}, ændrede/changed "
        f"{crawl.ads_changed}, uændrede/unchanged {crawl.ads_unchanged}, fjernede/removed {crawl.ads_removed}, "
        f"fejl/failures {crawl.failures.count()}"
    )
