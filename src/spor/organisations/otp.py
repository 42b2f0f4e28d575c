"""The second factor: TOTP devices (django-otp), their enrolment and the demo users' devices.

A user has at most one confirmed device. Enrolment creates an unconfirmed device whose secret the
page shows as a QR code; the first correct code confirms it. Codes are checked by django-otp,
which refuses a code used before and slows down repeated wrong codes (throttling).
"""

from __future__ import annotations

import base64

import segno
from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from spor.audit import services as audit
from spor.organisations.models import User

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
