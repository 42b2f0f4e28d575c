"""Running a crawl: start the worker process, then store what it wrote (docs/screening-collect.md#crawler).

Steps of `crawl_run`:
1. Pick up the site's interrupted crawl, if any (same JOBDIR: Scrapy resumes its queue), else
   start a new one under `VAR_DIR/screening/crawls/<site>/<crawl code>/`.
2. Run `python -m spor.screening.crawler.run` as a child process (Twisted's reactor cannot be
   restarted, so every crawl gets a fresh process) and relay its progress.
3. Store the session's ad file through `ads_save` (new / changed / unchanged) and its failures.
4. If the worker finished the whole site, mark the ads it did not see as removed; if it was
   interrupted, leave the crawl open for the next run to resume.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from spor.screening.crawler.adfile import read_ads
from spor.screening.crawler.config import load_site
from spor.screening.models import Crawl, CrawlFailure, Site
from spor.screening.store import ads_mark_removed, ads_save


class CrawlError(Exception):
    pass


def crawls_dir() -> Path:
    return Path(settings.VAR_DIR) / "screening" / "crawls"


def crawl_run(
    *,
    site: str,
    base_url: str | None = None,
    scrapy_settings: dict[str, Any] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Crawl:
    """Crawl one site (resuming an interrupted crawl of it) and store the result; see module doc.

    Raises CrawlError if the site has no configuration or the worker process fails.
    """
    load_site(site, base_url=base_url)  # fail early, in this process, on a bad configuration
    crawl = _crawl_open(site)
    folder = Path(crawl.jobdir).parent
    session = 1 + len(list(folder.glob("finish-*.json")))
    _worker(site, base_url, folder, session, scrapy_settings or {}, progress)
    finish = json.loads((folder / f"finish-{session}.json").read_text(encoding="utf-8"))
    return _crawl_store(crawl, folder, session, finished=finish["reason"] == "finished")


def _crawl_open(slug: str) -> Crawl:
    site, _ = Site.objects.get_or_create(slug=slug)
    crawl = Crawl.objects.filter(site=site, status=Crawl.Status.INTERRUPTED).order_by("-started_at").first()
    if crawl is not None:
        return crawl
    crawl = Crawl(site=site, started_at=timezone.now(), status=Crawl.Status.RUNNING)
    crawl.jobdir = str(crawls_dir() / slug / str(crawl.code) / "job")
    crawl.save()
    return crawl


def _worker(
    site: str,
    base_url: str | None,
    folder: Path,
    session: int,
    overrides: dict[str, Any],
    progress: Callable[[int], None] | None,
) -> None:
    command = [sys.executable, "-m", "spor.screening.crawler.run", site, "--out", str(folder)]
    command += ["--jobdir", str(folder / "job"), "--session", str(session)]
    if base_url:
        command += ["--base-url", base_url]
    for name, value in overrides.items():
        command += ["--set", f"{name}={json.dumps(value)}"]
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"worker-{session}.log").open("w", encoding="utf-8") as log:
        worker = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log, text=True)  # noqa: S603
        assert worker.stdout is not None
        for line in worker.stdout:
            if line.startswith("PROGRESS ") and progress is not None:
                progress(int(line.split()[1]))
        status = worker.wait()
    if status != 0 or not (folder / f"finish-{session}.json").exists():
        raise CrawlError(f"the crawl worker failed (exit {status}); see {folder / f'worker-{session}.log'}")


@transaction.atomic
def _crawl_store(crawl: Crawl, folder: Path, session: int, *, finished: bool) -> Crawl:
    ads_file = folder / f"ads-{session}.jsonl"
    records = read_ads(ads_file, missing_images_ok=True) if ads_file.exists() else []
    counts = ads_save(records)
    crawl.ads_new += counts.new
    crawl.ads_changed += counts.changed
    crawl.ads_unchanged += counts.unchanged
    failures_file = folder / f"failures-{session}.jsonl"
    if failures_file.exists():
        for line in failures_file.read_text(encoding="utf-8").splitlines():
            failure = json.loads(line)
            CrawlFailure.objects.create(
                crawl=crawl, url=failure["url"], status=failure["status"], reason=failure["reason"]
            )
    if finished:
        crawl.status, crawl.finished_at = Crawl.Status.FINISHED, timezone.now()
        crawl.ads_removed = ads_mark_removed(crawl=crawl)
        # Everything in the folder is now in the database; personal data is not left lying on disk.
        transaction.on_commit(lambda: shutil.rmtree(folder, ignore_errors=True))
    else:
        crawl.status = Crawl.Status.INTERRUPTED
    crawl.save()
    return crawl
