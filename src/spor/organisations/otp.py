"""The second factor: TOTP devices (django-otp), their enrolment and the demo users' devices.

A user has at most one confirmed device. Enrolment needs a one-time enrolment code that a manager
(or the administrator, for users outside the centre) issued, so a stolen password alone cannot
enrol a device; then it creates an unconfirmed device whose secret the page shows as a QR code,
and the first correct code confirms it. Codes are checked by django-otp,
which refuses a code used before and slows down repeated wrong codes (throttling).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from datetime import timedelta

import segno
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from spor.audit import services as audit
from spor.common.actor import Actor, service
from spor.organisations.models import EnrolmentCode, OrganisationType, Role, User
from spor.organisations.permissions import is_manager

DEVICE_NAME = "spor"
# A public secret for the demo users only (refused outside debug mode): 20 bytes, hex.
DEMO_TOTP_KEY = "73706f722d64656d6f2d746f74702d6b65792121"


def device_for(user: User) -> TOTPDevice | None:
    """The user's confirmed TOTP device, if enrolled."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def enrolment_device(user: User) -> TOTPDevice:
    """The unconfirmed device being enrolled (created on first need, the same on reload)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def device_confirm(*, actor: User, device: TOTPDevice) -> TOTPDevice:
    """Confirm an enrolled device after its first correct code; other devices are removed.

    Audit: user.second_factor_enrolled.
    """
    TOTPDevice.objects.filter(user=actor).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit.record(actor=actor, event="user.second_factor_enrolled", subject=actor)
    return device


def secret_base32(device: TOTPDevice) -> str:
    """The secret as an authenticator app takes it when typed in (RFC 4648 base32, no padding)."""
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URI of the device as an inline SVG QR code (no image file, nothing external)."""
    return str(segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#1a1a1a", omitsize=False))


@transaction.atomic
def demo_devices_enrol(users: list[User]) -> str:
    """Give each demo user a confirmed device with the public demo secret; returns the secret.

    Debug mode only: the secret is in this file, so it protects nothing (docs/web.md).
    """
    if not settings.DEBUG:
        raise RuntimeError("demo TOTP devices are refused with SPOR_DEBUG=0")
    for user in users:
        TOTPDevice.objects.filter(user=user).delete()
        TOTPDevice.objects.create(user=user, name=DEVICE_NAME, key=DEMO_TOTP_KEY, confirmed=True)
    return base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode("ascii").rstrip("=")


@transaction.atomic
def demo_devices_remove() -> int:
    """Delete every device with the public demo secret, in any mode; returns how many.

    The way out of a database that was once demo-seeded (`spor demo --remove`). Audit:
    user.second_factor_removed, one per device owner.
    """
    devices = list(TOTPDevice.objects.filter(key=DEMO_TOTP_KEY).select_related("user"))
    for device in devices:
        audit.record(actor=None, event="user.second_factor_removed", subject=device.user)
        device.delete()
    return len(devices)


# --- enrolment codes --------------------------------------------------------------------------

#: Unambiguous letters and digits (no 0/O, 1/I/L), in four groups of four: 75 bits.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def _code_digest(code: str) -> str:
    normalised = "".join(code.upper().split()).replace("-", "")
    return hashlib.sha256(normalised.encode()).hexdigest()


def may_issue_enrolment_code(actor: User | None, user: User) -> bool:
    """Managers issue codes for the centre's users, the administrator for other organisations' users.

    The operator at the command line (actor None, `spor enrolment-code`) issues any, so the first
    manager and administrator can enrol.
    """
    if actor is None:
        return user.is_active
    if actor.pk == user.pk or not actor.is_active or not user.is_active:
        return False
    if user.organisation is not None and user.organisation.type == OrganisationType.CMM:
        return is_manager(actor)
    return actor.role == Role.ADMINISTRATOR or actor.is_superuser


@service
def enrolment_code_issue(*, actor: Actor | None, user: User) -> str:
    """Issue a one-time enrolment code for `user`, valid SPOR_ENROLMENT_CODE_HOURS; returns it.

    Only the digest is stored, so the code is shown once. An earlier unused code of the user stops
    working. Raises PermissionDenied unless `may_issue_enrolment_code`. Audit: user.enrolment_code_issued.
    """
    if not may_issue_enrolment_code(actor, user):
        raise PermissionDenied
    EnrolmentCode.objects.filter(user=user, used_at__isnull=True).delete()
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(16))
    code = "-".join(raw[i : i + 4] for i in range(0, 16, 4))
    expires_at = timezone.now() + timedelta(hours=settings.ENROLMENT_CODE_HOURS)
    EnrolmentCode.objects.create(user=user, digest=_code_digest(code), issued_by=actor, expires_at=expires_at)
    audit.record(actor=actor, event="user.enrolment_code_issued", subject=user)
    return code


@service
def enrolment_code_redeem(*, actor: Actor, code: str) -> bool:
    """Use `actor`'s enrolment code once; False if it is wrong, used or expired. Audit: user.enrolment_code_used."""
    found = (
        EnrolmentCode.objects.select_for_update()
        .filter(user=actor, digest=_code_digest(code), used_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if found is None:
        return False
    found.used_at = timezone.now()
    found.save(update_fields=["used_at"])
    audit.record(actor=actor, event="user.enrolment_code_used", subject=actor)
    return True
