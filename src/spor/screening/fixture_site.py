"""A generated classifieds site on 127.0.0.1, for the crawler's tests and the demo.

See docs/screening-collect.md#fixture-site.

One server carries two sites with different page layouts, so that the per-site crawler
configuration is really exercised: `natlys` (articles, `?side=N` pagination, a definition list of
facts) under `/natlys/`, and `rodlygte` (tables, `/rodlygte/liste/N.html`, `vis.php?id=`) under
`/rodlygte/`. `/robots.txt` disallows `/natlys/privat/` and `/rodlygte/kontakt/`, and both
listings link there, so a crawler that ignores robots.txt is caught.

Test hooks (`hooks=True`): each first listing page also links to an ad URL that answers 500 and
one that answers only after `slow_seconds`, longer than the crawler's timeout in tests. Ads are
changed or removed between crawls from Python (`FixtureSite.ad_change`, `ad_remove`), never over
HTTP. Every requested path is kept in `FixtureSite.requests`.
"""

from __future__ import annotations

import contextlib
import csv
import threading
import time
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

SITES = ("natlys", "rodlygte")
PAGE_SIZE = 10
ROBOTS_TXT = "User-agent: *\nDisallow: /natlys/privat/\nDisallow: /rodlygte/kontakt/\n"


class CorpusLike(Protocol):
    """What the fixture site needs of the generator's `Corpus` (see spor.screening.generator)."""

    ads: list[dict[str, Any]]
    images: dict[str, bytes]
    truth: list[tuple[str, str, str | None]]


@dataclass
class SampleCorpus:
    """A few hand-written ads, used when the generator is not available."""

    ads: list[dict[str, Any]]
    images: dict[str, bytes] = field(default_factory=dict)
    truth: list[tuple[str, str, str | None]] = field(default_factory=list)


def sample_corpus(n_ads: int = 30) -> SampleCorpus:
    """`n_ads` synthetic ads spread over both sites; every third pair shares a phone (a network)."""
    ads, truth = [], []
    for i in range(n_ads):
        site = SITES[i % 2]
        network = f"n{i // 6}" if i % 3 == 0 else None
        phone = f"+45 20 40 {60 + (i // 6):02d} 00" if network else f"+45 30 {i:02d} 11 22"
        ads.append(
            {
                "site": site,
                "ad_id": f"{site[:2]}{i:04d}",
                "url": "",
                "seen_at": f"2026-03-{1 + i % 28:02d}T12:00:00+00:00",
                "title": f"Annonce nummer {i}",
                "text": f"Hej, jeg hedder Pige{i}. Ring {phone}.",
                "city": ["København", "Aarhus", "Odense"][i % 3],
                "age": 20 + i % 15,
                "name": f"Pige{i}",
                "nationality": ["thai", "rumænsk", "dansk"][i % 3],
                "price": f"{800 + 100 * (i % 5)} kr",
                "images": [],
                "phones": [phone],
            }
        )
        truth.append((site, f"{site[:2]}{i:04d}", network))
    return SampleCorpus(ads=ads, truth=truth)


def corpus_for(*, seed: int, n_ads: int) -> CorpusLike:
    """The generator's corpus for `seed`, or the hand-written sample if there is no generator."""
    try:
        from spor.screening.generator import generate_corpus
    except ImportError:
        return sample_corpus(n_ads)
    corpus: CorpusLike = generate_corpus(seed=seed, n_ads=n_ads)
    return corpus


class FixtureSite:
    """The served state: the latest version of each ad per site, mutable from Python."""

    def __init__(self, corpus: CorpusLike, *, hooks: bool = False, slow_seconds: float = 3.0) -> None:
        self.ads: dict[str, dict[str, dict[str, Any]]] = {site: {} for site in SITES}
        for ad in sorted(corpus.ads, key=lambda a: str(a.get("seen_at", ""))):
            self.ads.setdefault(ad["site"], {})[str(ad["ad_id"])] = dict(ad)
        self.images = dict(corpus.images)
        self.hooks = hooks
        self.slow_seconds = slow_seconds
        self.requests: list[str] = []
        self.lock = threading.Lock()

    def ad_change(self, site: str, ad_id: str, **fields: Any) -> None:
        with self.lock:
            self.ads[site][ad_id] = {**self.ads[site][ad_id], **fields}

    def ad_remove(self, site: str, ad_id: str) -> None:
        with self.lock:
            del self.ads[site][ad_id]

    def listing(self, site: str, page: int) -> list[dict[str, Any]]:
        with self.lock:
            ads = list(self.ads[site].values())
        return ads[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]

    def pages(self, site: str) -> int:
        return max(1, -(-len(self.ads[site]) // PAGE_SIZE))

    def ad(self, site: str, ad_id: str) -> dict[str, Any] | None:
        with self.lock:
            return self.ads.get(site, {}).get(ad_id)


class _Server(ThreadingHTTPServer):
    # The default listen backlog of 5 resets connections when a crawler opens many at once on a
    # busy machine; a real site would not.
    request_queue_size = 128
    daemon_threads = True


def serve_fixture_site(
    corpus: CorpusLike, port: int = 0, *, hooks: bool = False, slow_seconds: float = 3.0
) -> tuple[ThreadingHTTPServer, str]:
    """Serve the corpus on 127.0.0.1 in a daemon thread; return the server and its base URL.

    The served state is `server.fixture` (a FixtureSite); stop with `server.shutdown()`.
    """
    server = _Server(("127.0.0.1", port), _Handler)
    server.fixture = FixtureSite(corpus, hooks=hooks, slow_seconds=slow_seconds)  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, name="fixture-site", daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def write_truth(corpus: CorpusLike, path: Path) -> None:
    """Write the ground truth as CSV `site,ad_id,network_id` (empty = an independent ad)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["site", "ad_id", "network_id"])
        for site, ad_id, network_id in corpus.truth:
            writer.writerow([site, ad_id, network_id or ""])


class _Handler(BaseHTTPRequestHandler):
    server_version = "SporFixture/1.0"

    def log_message(self, format: str, *args: Any) -> None:  # the fixture site is quiet
        pass

    def do_GET(self) -> None:
        fixture: FixtureSite = self.server.fixture  # type: ignore[attr-defined]
        parts = urlsplit(self.path)
        with fixture.lock:
            fixture.requests.append(parts.path + (f"?{parts.query}" if parts.query else ""))
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        answer = _route(fixture, parts.path, query)
        if answer is None:
            self._send(404, "text/html; charset=utf-8", b"<h1>404</h1>")
        else:
            self._send(*answer)

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        # The crawler may have given up waiting (the timeout test) and closed the connection.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)


Answer = tuple[int, str, bytes]
HTML = "text/html; charset=utf-8"


def _route(fixture: FixtureSite, path: str, query: dict[str, str]) -> Answer | None:
    if path == "/robots.txt":
        return 200, "text/plain; charset=utf-8", ROBOTS_TXT.encode()
    if path in {"/", ""}:
        links = "".join(f'<li><a href="/{site}/">{site}</a></li>' for site in SITES)
        return 200, HTML, f"<html><body><ul>{links}</ul></body></html>".encode()
    if fixture.hooks and path.endswith("/fejl-500"):
        return 500, HTML, b"<h1>Intern fejl</h1>"
    if fixture.hooks and path.endswith("/langsom"):
        time.sleep(fixture.slow_seconds)
        return 200, HTML, b"<h1>Endelig</h1>"
    if path.startswith("/natlys/"):
        return _natlys(fixture, path.removeprefix("/natlys/"), query)
    if path.startswith("/rodlygte/"):
        return _rodlygte(fixture, path.removeprefix("/rodlygte/"), query)
    return None


def _image(fixture: FixtureSite, name: str) -> Answer | None:
    data = fixture.images.get(f"images/{name}")
    return None if data is None else (200, "image/jpeg", data)


def _image_names(ad: dict[str, Any]) -> list[str]:
    return [Path(item).name for item in ad.get("images") or [] if isinstance(item, str)]


def _page(title: str, body: str) -> bytes:
    head = f'<head><meta charset="utf-8"><title>{escape(title)}</title></head>'
    return f'<!DOCTYPE html><html lang="da">{head}<body>{body}</body></html>'.encode()


# --- natlys: articles, ?side=N, a definition list of facts -------------------------------------


def _natlys(fixture: FixtureSite, rest: str, query: dict[str, str]) -> Answer | None:
    if rest == "":
        page = int(query.get("side", "1")) if query.get("side", "1").isdigit() else 1
        return 200, HTML, _natlys_listing(fixture, page)
    if rest.startswith("annonce/"):
        ad = fixture.ad("natlys", rest.removeprefix("annonce/"))
        return None if ad is None else (200, HTML, _natlys_ad(ad))
    if rest.startswith("billeder/"):
        return _image(fixture, rest.removeprefix("billeder/"))
    if rest.startswith("privat/"):
        return 200, HTML, _page("Privat", "<h1>Kun for medlemmer</h1>")
    return None


def _natlys_listing(fixture: FixtureSite, page: int) -> bytes:
    items = "".join(
        f'<article class="annonce"><a class="annonce-link" href="/natlys/annonce/{escape(str(ad["ad_id"]))}">'
        f"{escape(ad.get('title') or '')}</a><span class='by'>{escape(ad.get('city') or '')}</span></article>"
        for ad in fixture.listing("natlys", page)
    )
    if page == 1:
        items += '<article class="annonce"><a class="annonce-link" href="/natlys/privat/annonce/vip">VIP</a></article>'
        if fixture.hooks:
            items += '<article class="annonce"><a class="annonce-link" href="/natlys/annonce/fejl-500">x</a></article>'
            items += '<article class="annonce"><a class="annonce-link" href="/natlys/annonce/langsom">y</a></article>'
    more = f'<a rel="next" class="naeste" href="/natlys/?side={page + 1}">Næste side</a>'
    nav = more if page < fixture.pages("natlys") else ""
    return _page("Natlys", f'<h1>Natlys annoncer</h1><main class="annoncer">{items}</main><nav>{nav}</nav>')


def _natlys_ad(ad: dict[str, Any]) -> bytes:
    def fact(css: str, label: str, key: str) -> str:
        value = ad.get(key)
        return "" if value is None else f'<dt>{label}</dt><dd class="{css}">{escape(str(value))}</dd>'

    facts = fact("by", "By", "city") + fact("alder", "Alder", "age") + fact("navn", "Navn", "name")
    facts += fact("nationalitet", "Nationalitet", "nationality") + fact("pris", "Pris", "price")
    phones = "".join(f'<span class="tlf">{escape(p)}</span>' for p in ad.get("phones") or [])
    mails = "".join(f'<a class="mail" href="mailto:{escape(m)}">{escape(m)}</a>' for m in ad.get("emails") or [])
    handles = "".join(f'<span class="kontakt-app">{escape(h)}</span>' for h in ad.get("handles") or [])
    images = "".join(f'<img class="foto" src="/natlys/billeder/{escape(n)}" alt="">' for n in _image_names(ad))
    body = (
        f'<div id="annonce" data-annonce-id="{escape(str(ad["ad_id"]))}">'
        f'<h1 class="overskrift">{escape(ad.get("title") or "")}</h1>'
        f'<time class="oprettet" datetime="{escape(str(ad.get("seen_at") or ""))}">oprettet</time>'
        f'<div class="beskrivelse">{escape(ad.get("text") or "")}</div>'
        f'<dl class="fakta">{facts}</dl><div class="kontakt">{phones}{mails}{handles}</div>'
        f'<div class="billeder">{images}</div></div>'
    )
    return _page(ad.get("title") or "Annonce", body)


# --- rodlygte: tables, /liste/N.html, vis.php?id= -----------------------------------------------


def _rodlygte(fixture: FixtureSite, rest: str, query: dict[str, str]) -> Answer | None:
    if rest == "" or (rest.startswith("liste/") and rest.endswith(".html")):
        number = rest.removeprefix("liste/").removesuffix(".html")
        return 200, HTML, _rodlygte_listing(fixture, int(number) if number.isdigit() else 1)
    if rest == "vis.php":
        ad = fixture.ad("rodlygte", query.get("id", ""))
        return None if ad is None else (200, HTML, _rodlygte_ad(ad))
    if rest.startswith("img/"):
        return _image(fixture, rest.removeprefix("img/"))
    if rest.startswith("kontakt/"):
        return 200, HTML, _page("Kontakt", "<h1>Kontakt</h1>")
    return None


def _rodlygte_listing(fixture: FixtureSite, page: int) -> bytes:
    rows = "".join(
        f'<tr class="ad-row"><td class="t"><a href="/rodlygte/vis.php?id={escape(str(ad["ad_id"]))}">'
        f"{escape(ad.get('title') or '')}</a></td><td>{escape(ad.get('city') or '')}</td></tr>"
        for ad in fixture.listing("rodlygte", page)
    )
    if page == 1:
        rows += '<tr class="ad-row"><td class="t"><a href="/rodlygte/kontakt/vis.php?id=skjult">z</a></td></tr>'
        if fixture.hooks:
            rows += '<tr class="ad-row"><td class="t"><a href="/rodlygte/fejl-500">x</a></td></tr>'
            rows += '<tr class="ad-row"><td class="t"><a href="/rodlygte/langsom">y</a></td></tr>'
    nav = f'<a class="next-page" href="/rodlygte/liste/{page + 1}.html">&raquo;</a>'
    nav = nav if page < fixture.pages("rodlygte") else ""
    return _page("Rødlygte", f'<table class="ads">{rows}</table><div class="pager">{nav}</div>')


def _rodlygte_ad(ad: dict[str, Any]) -> bytes:
    def row(key: str, label: str, value: Any) -> str:
        return "" if value is None else f'<tr><th>{label}</th><td id="{key}">{escape(str(value))}</td></tr>'

    contact = " / ".join([*(ad.get("phones") or []), *(ad.get("emails") or []), *(ad.get("handles") or [])])
    rows = (
        row("title", "Titel", ad.get("title") or "")
        + row("location", "Område", ad.get("city"))
        + row("years", "År", ad.get("age"))
        + row("alias", "Kaldenavn", ad.get("name"))
        + row("origin", "Fra", ad.get("nationality"))
        + row("rate", "Takst", ad.get("price"))
        + row("date", "Dato", ad.get("seen_at"))
    )
    phones = "".join(f'<li class="phone">{escape(p)}</li>' for p in ad.get("phones") or [])
    mails = "".join(f'<li class="email">{escape(m)}</li>' for m in ad.get("emails") or [])
    handles = "".join(f'<li class="messenger">{escape(h)}</li>' for h in ad.get("handles") or [])
    gallery = "".join(
        f'<a href="/rodlygte/img/{escape(n)}"><img src="/rodlygte/img/{escape(n)}" width="80"></a>'
        for n in _image_names(ad)
    )
    body = (
        f'<meta name="ad-id" content="{escape(str(ad["ad_id"]))}">'
        f'<table class="details">{rows}</table><p class="body">{escape(ad.get("text") or "")}</p>'
        f'<ul class="contact" title="{escape(contact)}">{phones}{mails}{handles}</ul>'
        f'<div class="gallery">{gallery}</div>'
    )
    return _page(ad.get("title") or "Annonce", body)
