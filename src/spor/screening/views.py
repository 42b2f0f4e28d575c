"""The outreach workers' pages (docs/screening-collect.md#outreach-pages): ranked networks, a network, search, trends.

Outreach workers only; everyone else gets 404 (`spor.organisations.access`). Every page logs its
read in the audit trail with codes only: never a phone number, handle or name
(docs/architecture.md#logs-and-urls). The analysis
results come from `spor.screening.results`; these views only arrange them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spor.audit.services import record
from spor.common import charts
from spor.organisations.access import SignedInRequest, access
from spor.organisations.models import Role
from spor.screening import results
from spor.screening.referrals import referrals_for
from spor.screening.store import ads_latest, follow_up_mark, follow_ups_for, image_copy

NETWORK_ID = re.compile(r"^[A-Za-z0-9_-]{1,100}$")
PHASH = re.compile(r"^[0-9a-f]{16}$")
NOTE_MAX = 2000


@require_GET
@access(Role.OUTREACH_WORKER)
def network_list(request: SignedInRequest) -> HttpResponse:
    networks = results.networks_ranked()
    record(actor=request.user, event="screening.networks_listed", extra={"networks": len(networks)})
    marks = follow_ups_for(n.network_id for n in networks)
    rows = [{"network": n, "follow_ups": marks.get(n.network_id, [])} for n in networks]
    return render(request, "screening/network_list.html", {"rows": rows})


@require_GET
@access(Role.OUTREACH_WORKER)
def network_detail(request: SignedInRequest, network_id: str) -> HttpResponse:
    detail = results.network_detail(network_id) if NETWORK_ID.match(network_id) else None
    if detail is None:
        raise Http404
    record(actor=request.user, event="screening.network_viewed", extra={"network": network_id})
    # The analysis keeps no ad text (pipeline module doc): the text shown is the stored version's.
    stored = ads_latest((ad.site, ad.ad_id) for ad in detail.ads)
    ads = []
    for ad in detail.ads:
        version = stored.get((ad.site, ad.ad_id))
        title, text = (version.title, version.text) if version else (ad.title, ad.text)
        ads.append({"ad": ad, "title": title, "text": _highlight(text, ad.indicator_phrases)})
    context = {
        "network": detail,
        "network_id": network_id,
        "ads": ads,
        "graph": _graph_svg(ads=detail.ads, identifiers=detail.identifiers),
        "follow_ups": follow_ups_for([network_id]).get(network_id, []),
        "referrals": referrals_for([network_id]).get(network_id, []),
        "note_max": NOTE_MAX,
    }
    return render(request, "screening/network_detail.html", context)


@require_POST
@access(Role.OUTREACH_WORKER)
def network_follow_up(request: SignedInRequest, network_id: str) -> HttpResponse:
    if not NETWORK_ID.match(network_id) or results.network_detail(network_id) is None:
        raise Http404
    follow_up_mark(actor=request.user, network_id=network_id, note=request.POST.get("note", "")[:NOTE_MAX])
    return redirect("screening:network-detail", network_id=network_id)


@require_http_methods(["GET", "POST"])
@access(Role.OUTREACH_WORKER)
def search(request: SignedInRequest) -> HttpResponse:
    # The number or handle searched for is personal data: it travels in the POST body, never in the
    # URL, where it would end up in access logs and browser history (docs/architecture.md#logs-and-urls).
    query = request.POST.get("q", "").strip()[:200] if request.method == "POST" else ""
    hits = results.find_by_identifier(query) if query else []
    # The searched number or handle is personal data: the audit row keeps only the hit count.
    record(actor=request.user, event="screening.identifier_searched", extra={"hits": len(hits)})
    return render(request, "screening/search.html", {"query": query, "hits": hits})


@require_GET
@access(Role.OUTREACH_WORKER)
def trends(request: SignedInRequest) -> HttpResponse:
    weekly = results.weekly_trends()
    record(actor=request.user, event="screening.trends_viewed")
    return render(request, "screening/trends.html", {"trends": weekly, "chart": _trends_chart(weekly)})


def _trends_chart(weekly: list[dict[str, object]]) -> SafeString | None:
    """Ads per week, one line per site (the table below the chart has every dimension)."""
    rows = [row for row in weekly if row["dimension"] == "site"]
    if not rows:
        return None
    weeks = sorted({str(row["week"]) for row in rows})
    counts = {(str(row["week"]), str(row["value"])): int(str(row["ads"])) for row in rows}
    sites = sorted({site for _week, site in counts})
    series = {site: [counts.get((week, site), 0) for week in weeks] for site in sites}
    svg = charts.line(weeks, series, _("Annoncer pr. uge"), get_language(), axis=_("Annoncer"), show_title=False)
    return mark_safe(svg)  # noqa: S308 - matplotlib's SVG; spor.common.charts escapes the title


@require_GET
@access(Role.OUTREACH_WORKER)
def image(request: SignedInRequest, phash: str) -> HttpResponse:
    """The stored copy of an ad image, for thumbnails; never cached by shared caches."""
    stored = image_copy(phash) if PHASH.match(phash) else None
    if stored is None or stored.data is None:
        raise Http404
    record(actor=request.user, event="screening.image_viewed", extra={"phash": phash})
    response = HttpResponse(bytes(stored.data), content_type=stored.content_type or "image/jpeg")
    response["Cache-Control"] = "private, max-age=600"
    return response


# --- helpers ----------------------------------------------------------------------------------


def _highlight(text: str, phrases: Iterable[str]) -> SafeString:
    """The ad text, escaped, with each indicator phrase wrapped in <mark> (case-insensitive)."""
    wanted = sorted({p for p in phrases if p.strip()}, key=len, reverse=True)
    if not wanted:
        return SafeString(escape(text))
    pattern = re.compile("|".join(re.escape(p) for p in wanted), re.IGNORECASE)
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(format_html("<mark>{}</mark>", match.group()))
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 - every part above is escaped


def _graph_svg(
    *, ads: list[results.AdResult], identifiers: list[results.SharedIdentifier], size: int = 360
) -> SafeString:
    """Ads on an outer circle, shared identifiers on an inner one, a line for each use.

    Identifier values are not drawn (only their kind and a count): the page lists them in text.
    """
    nodes_a = [f"{ad.site}:{ad.ad_id}" for ad in ads][:60]
    index = {key: i for i, key in enumerate(nodes_a)}
    centre, outer, inner = size / 2, size / 2 - 16, size / 4

    def point(i: int, n: int, radius: float) -> tuple[float, float]:
        angle = 2 * math.pi * i / max(n, 1)
        return round(centre + radius * math.cos(angle), 1), round(centre + radius * math.sin(angle), 1)

    shapes: list[str] = []
    for j, identifier in enumerate(identifiers[:30]):
        ix, iy = point(j, min(len(identifiers), 30), inner)
        for key in identifier.ads:
            if key in index:
                ax, ay = point(index[key], len(nodes_a), outer)
                shapes.append(f'<line x1="{ix}" y1="{iy}" x2="{ax}" y2="{ay}" stroke="#999" stroke-width="1"/>')
        kind = escape(identifier.label)
        shapes.append(
            f'<rect x="{ix - 6}" y="{iy - 6}" width="12" height="12" fill="#b5121b"><title>{kind}</title></rect>'
        )
    for i, key in enumerate(nodes_a):
        ax, ay = point(i, len(nodes_a), outer)
        shapes.append(f'<circle cx="{ax}" cy="{ay}" r="6" fill="#0059b3"><title>{escape(key)}</title></circle>')
    label = escape(_("Annoncer (blå) og fælles kendetegn (røde)"))
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{label}" width="{size}" '
        f'height="{size}" viewBox="0 0 {size} {size}">{"".join(shapes)}</svg>'
    )
    return mark_safe(svg)  # noqa: S308 - numbers and escaped text only
