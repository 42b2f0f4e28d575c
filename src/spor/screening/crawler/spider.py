"""The Scrapy spider that walks one site by its configuration and writes the ad file.

It runs in the crawl worker process (`spor.screening.crawler.run`), without Django. For each ad
page it writes one line in the ad format (docs/screening-collect.md#ingest) to `ads-<session>.jsonl`, with the raw
page and the images saved next to it; every URL it could not fetch or parse goes to
`failures-<session>.jsonl`. Ad text, phones and names are never logged (docs/architecture.md#logs-and-urls).

Resuming: Scrapy's JOBDIR keeps the queue of pending requests and the fingerprints of those
already scheduled. A request that was in the downloader when the crawl was interrupted is in
neither, so Scrapy alone would lose it; the spider therefore tracks requests from the moment they
reach the downloader until their callback runs, and writes those still open to
`<jobdir>/inflight.json` on an interrupted close, to be requested again on resume.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from spor.screening.crawler.config import LIST_FIELDS, SiteConfig

USER_AGENT = "Spor-screening/1.0 (+https://github.com/spor-dk/spor; a national centre against human trafficking)"
IMAGE_PRIORITY = 10  # finish an ad's images before opening more ads: interrupted crawls lose less


class AdSpider(scrapy.Spider):
    name = "spor-ads"

    def __init__(self, *, config: SiteConfig, out: str, session: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.config = config
        self.out = Path(out)
        self.session = session
        self.open_requests: dict[tuple[str, str], Request] = {}
        for folder in ("images", "raw"):
            (self.out / folder).mkdir(parents=True, exist_ok=True)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> AdSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider._reached_downloader, signal=signals.request_reached_downloader)
        return spider

    # --- request bookkeeping for resume ---------------------------------------------------------

    def _key(self, request: Request) -> tuple[str, str]:
        callback = request.callback
        return request.url, getattr(callback, "__name__", "parse")

    def _reached_downloader(self, request: Request, spider: scrapy.Spider) -> None:
        if getattr(request.callback, "__self__", None) is self:  # not robots.txt and the like
            self.open_requests[self._key(request)] = request

    def _done(self, request: Request) -> None:
        self.open_requests.pop(self._key(request), None)

    def _inflight_path(self) -> Path | None:
        jobdir = self.settings.get("JOBDIR")
        return Path(jobdir) / "inflight.json" if jobdir else None

    async def start(self) -> AsyncIterator[Any]:
        path = self._inflight_path()
        if path is not None and path.exists():
            for saved in json.loads(path.read_text(encoding="utf-8")):
                callback = getattr(self, saved["callback"])
                yield Request(
                    saved["url"],
                    callback=callback,
                    errback=self.failed,
                    cb_kwargs=saved["cb_kwargs"],
                    dont_filter=True,
                    priority=IMAGE_PRIORITY if saved["callback"] == "parse_image" else 0,
                )
            path.unlink()
        for url in self.config.start_urls():
            yield Request(url, callback=self.parse_listing, errback=self.failed)

    def closed(self, reason: str) -> None:
        path = self._inflight_path()
        if reason != "finished" and path is not None:
            saved = [
                {"url": r.url, "callback": self._key(r)[1], "cb_kwargs": r.cb_kwargs}
                for r in self.open_requests.values()
            ]
            path.write_text(json.dumps(saved), encoding="utf-8")
        summary = {"reason": reason, "open_requests": len(self.open_requests)}
        (self.out / f"finish-{self.session}.json").write_text(json.dumps(summary), encoding="utf-8")

    # --- callbacks ------------------------------------------------------------------------------

    def parse_listing(self, response: Response) -> Iterator[Request]:
        self._done(response.request)  # type: ignore[arg-type]
        for href in _select(response, self.config.ad_links):
            yield response.follow(href, callback=self.parse_ad, errback=self.failed)
        for href in _select(response, self.config.next_page)[:1]:
            yield response.follow(href, callback=self.parse_listing, errback=self.failed)

    def parse_ad(self, response: Response) -> Iterator[Any]:
        self._done(response.request)  # type: ignore[arg-type]
        item = self._ad_fields(response)
        if not item["ad_id"]:
            self._failure(response.url, response.status, "no ad id on the page (not an ad page?)")
            return
        raw_name = f"raw/{hashlib.sha1(response.body).hexdigest()}.html"  # noqa: S324 - a file name, not security
        (self.out / raw_name).write_bytes(response.body)
        item["raw_page"] = raw_name
        image_urls = [response.urljoin(src) for src in item.pop("images")]
        item["images"] = []
        yield from self._next_image(item, image_urls)

    def parse_image(self, response: Response, item: dict[str, Any], pending: list[str]) -> Iterator[Any]:
        self._done(response.request)  # type: ignore[arg-type]
        name = f"images/{hashlib.sha1(response.url.encode()).hexdigest()}{_suffix(response.url)}"  # noqa: S324
        (self.out / name).write_bytes(response.body)
        item["images"].append(name)
        yield from self._next_image(item, pending)

    def _next_image(self, item: dict[str, Any], pending: list[str]) -> Iterator[Any]:
        """Fetch an ad's images one after the other; the ad is written once all are tried."""
        if not pending:
            yield item
            return
        yield Request(
            pending[0],
            callback=self.parse_image,
            errback=self.failed,
            cb_kwargs={"item": item, "pending": pending[1:]},
            dont_filter=True,  # stock photos recur across ads; each ad needs its copy
            priority=IMAGE_PRIORITY,
        )

    def failed(self, failure: Failure) -> Iterator[Any]:
        request: Request = failure.request  # type: ignore[attr-defined]
        self._done(request)
        if failure.check(IgnoreRequest) and not failure.check(HttpError):
            return  # forbidden by robots.txt or filtered on purpose: not a failure
        if isinstance(failure.value, HttpError):
            status = failure.value.response.status
            self._failure(request.url, status, f"HTTP {status}")
        else:
            self._failure(request.url, None, f"{type(failure.value).__name__}: {failure.getErrorMessage()}"[:400])
        if request.callback == self.parse_image:  # an image failed: keep the ad without it
            yield from self._next_image(request.cb_kwargs["item"], request.cb_kwargs["pending"])

    # --- parsing --------------------------------------------------------------------------------

    def _ad_fields(self, response: Response) -> dict[str, Any]:
        item: dict[str, Any] = {"site": self.config.name, "url": response.url}
        item["seen_at"] = datetime.now(UTC).isoformat()
        for field_name in ("ad_id", "title", "text", "city", "age", "name", "nationality", "price", "posted"):
            selector = self.config.ad.get(field_name)
            item[field_name] = _text(response, selector) if selector else None
        for field_name in LIST_FIELDS:
            selector = self.config.ad.get(field_name)
            values = [v.strip() for v in _select(response, selector)] if selector else []
            item[field_name] = [v for v in values if v] if field_name == "images" else [v for v in values if v] or None
        item["age"] = _age(item["age"])
        item["title"] = item["title"] or ""
        item["text"] = item["text"] or ""
        return item

    def _failure(self, url: str, status: int | None, reason: str) -> None:
        line = json.dumps({"url": url, "status": status, "reason": reason})
        with (self.out / f"failures-{self.session}.jsonl").open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")


class AdFilePipeline:
    """Appends each ad to the session's ad file at once, so an interruption loses no written ad."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.count = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AdFilePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        spider = self.crawler.spider
        assert isinstance(spider, AdSpider)
        self.handle = (spider.out / f"ads-{spider.session}.jsonl").open("a", encoding="utf-8")

    def close_spider(self) -> None:
        self.handle.close()

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        self.handle.write(json.dumps(item, ensure_ascii=False) + "\n")
        self.handle.flush()
        self.count += 1
        print(f"PROGRESS {self.count}", flush=True)  # read by the parent process; no ad content
        return item


def _select(response: Response, selector: str) -> list[str]:
    if selector.startswith(("/", "(")):
        return response.xpath(selector).getall()
    return response.css(selector).getall()


def _text(response: Response, selector: str) -> str | None:
    text = " ".join(part.strip() for part in _select(response, selector) if part.strip())
    return text or None


def _age(value: str | None) -> int | None:
    match = re.search(r"\d{1,3}", value or "")
    return int(match.group()) if match and 0 < int(match.group()) < 130 else None


def _suffix(url: str) -> str:
    match = re.search(r"\.(jpe?g|png|gif|webp)$", url.split("?")[0], re.IGNORECASE)
    return f".{match.group(1).lower()}" if match else ".jpg"
