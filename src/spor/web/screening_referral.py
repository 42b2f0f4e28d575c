"""From a network to a referral: an outreach worker refers a network or one ad to the centre.

The web layer composes the two apps (the screening tool never imports the case registry,
docs/architecture.md): it reads the network from the analysis results, creates an inquiry of the
channel `screening` through the referral service with the evidence (ad ids, the phones in blind
form, the reasons) and nothing personal beyond what the ads show, and records the inquiry's id on
the screening side so that the network page shows that it was referred.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spor.cases import services
from spor.organisations.access import SignedInRequest, access
from spor.organisations.models import Role
from spor.screening import results
from spor.screening.referrals import referral_mark
from spor.screening.views import NETWORK_ID


def blind_phone(phone: str) -> str:
    """A phone number with all but its country code, first two and last two digits hidden."""
    digits = phone.lstrip("+")
    country = "+45" if phone.startswith("+45") else ("+" + digits[:2] if phone.startswith("+") else "")
    national = digits[len(country) - 1 :] if country else digits
    if len(national) < 6:
        return "•" * len(national)
    return f"{country} {national[:2]}{'•' * (len(national) - 4)}{national[-2:]}".strip()


@require_POST
@access(Role.OUTREACH_WORKER)
def screening_refer(request: SignedInRequest, network_id: str) -> HttpResponse:
    detail = results.network_detail(network_id) if NETWORK_ID.match(network_id) else None
    if detail is None:
        raise Http404
    wanted = request.POST.get("ad", "")[:250]
    ads = [ad for ad in detail.ads if not wanted or f"{ad.site}:{ad.ad_id}" == wanted]
    if not ads:
        raise Http404
    keys = {f"{ad.site}:{ad.ad_id}" for ad in ads}
    phones = sorted({blind_phone(i.value) for i in detail.identifiers if i.kind == "phone" and keys & set(i.ads)})
    evidence = services.ScreeningEvidence(
        network_id=network_id,
        ads=sorted((ad.site, ad.ad_id) for ad in ads),
        phones=phones,
        reasons=list(detail.reasons),
    )
    inquiry, created = services.screening_refer(
        actor=request.user, evidence=evidence, idempotency_key=f"screening:{network_id}:{wanted}"
    )
    ad = (ads[0].site, ads[0].ad_id) if wanted else None
    referral_mark(actor=request.user, network_id=network_id, inquiry_code=inquiry.external_id, ad=ad)
    if created:
        messages.success(request, _("Henvist til CMM som henvendelse %(id)s.") % {"id": inquiry.external_id})
    else:
        messages.info(request, _("Allerede henvist som henvendelse %(id)s.") % {"id": inquiry.external_id})
    return redirect("screening:network-detail", network_id=network_id)
