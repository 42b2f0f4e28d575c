"""The crawl worker: `python -m spor.screening.crawler.run SITE --out DIR --jobdir DIR --session N`.

One process per crawl, because Twisted's reactor cannot be restarted within a process. The worker
knows nothing of the database; the parent (`spor.screening.crawler.service`) stores what it wrote.
`--set NAME=JSON` overrides a Scrapy setting (the tests use it for delays, timeouts and
CLOSESPIDER_ITEMCOUNT).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from scrapy.crawler import CrawlerProcess

from spor.screening.crawler.config import SiteConfigError, load_site
from spor.screening.crawler.spider import USER_AGENT, AdSpider


def crawl_settings(delay: float, jobdir: str) -> dict[str, Any]:
    """The polite defaults: robots.txt, an honest user agent, throttling, retries (docs/screening-collect.md)."""
    return {
        "ROBOTSTXT_OBEY": True,
        "USER_AGENT": USER_AGENT,
        "DOWNLOAD_DELAY": delay,  # per host: Scrapy keys its download slots by host name
        "DOWNLOAD_DELAY_JITTER": 0.5,  # 0.5x to 1.5x the delay, like a person reading
        "CONCURRENT_REQUESTS_PER_DOMAIN": 2,
        "AUTOTHROTTLE_ENABLED": True,
        "AUTOTHROTTLE_START_DELAY": max(delay, 1.0),
        "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
        "RETRY_ENABLED": True,
        "RETRY_TIMES": 2,
        "DOWNLOAD_TIMEOUT": 30,
        "JOBDIR": jobdir,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",  # Scrapy logs scraped items at DEBUG: ad content stays out of logs
        "ITEM_PIPELINES": {"spor.screening.crawler.spider.AdFilePipeline": 100},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="spor.screening.crawler.run")
    parser.add_argument("site")
    parser.add_argument("--base-url")
    parser.add_argument("--out", required=True)
    parser.add_argument("--jobdir", required=True)
    parser.add_argument("--session", type=int, default=1)
    parser.add_argument("--set", action="append", default=[], metavar="NAME=JSON")
    args = parser.parse_args(argv)
    try:
        config = load_site(args.site, base_url=args.base_url)
    except SiteConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    settings = crawl_settings(config.delay, args.jobdir)
    for assignment in args.set:
        name, _, value = assignment.partition("=")
        settings[name] = json.loads(value)
    process = CrawlerProcess(settings)
    process.crawl(AdSpider, config=config, out=args.out, session=args.session)
    process.start()
    return 0


if __name__ == "__main__":
    sys.exit(main())
