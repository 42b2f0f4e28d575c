"""Networks referred to the centre (docs/screening-collect.md#outreach-pages).

The web layer creates the inquiry in the case registry and calls ``referral_mark`` with its id;
the screening tool only keeps that code, so the network page can show that it was referred.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from spor.audit.services import record
from spor.screening.models import NetworkReferral


def referral_mark(
    *, actor: Any, network_id: str, inquiry_code: str, ad: tuple[str, str] | None = None
) -> NetworkReferral:
    """Record that ``network_id`` (or its ad ``ad``) was referred as inquiry ``inquiry_code``."""
    site, ad_id = ad or ("", "")
    referral, _created = NetworkReferral.objects.get_or_create(
        network_id=network_id, site=site, ad_id=ad_id, inquiry_code=inquiry_code, defaults={"referred_by": actor}
    )
    record(actor=actor, event="screening.network_referred", extra={"network": network_id, "inquiry": inquiry_code})
    return referral


def referrals_for(network_ids: Iterable[str]) -> dict[str, list[NetworkReferral]]:
    """The referrals of each network id, newest first."""
    out: dict[str, list[NetworkReferral]] = {}
    for referral in NetworkReferral.objects.filter(network_id__in=list(network_ids)):
        out.setdefault(referral.network_id, []).append(referral)
    return out
