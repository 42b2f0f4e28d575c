"""The browser-test kit (docs/web.md#browser-tests): a live server, Debian's Chromium driven by Playwright, log-in
with the second factor, axe-core and screenshots.

- `browser` (one per test session) and `page` (a fresh context per test, Danish, with the live
  server as its base URL, so `page.goto("/soeg/")` works).
- `login(page, user)`: password, then the TOTP step (enrolment on a first log-in: the code is
  computed from the secret the page shows, as an authenticator app would).
- `axe(page)`: injects the vendored axe-core (`make setup` copies it) and asserts no violation.
- `shot(page, name)`: a full-page screenshot in test-artifacts/ (CI keeps the folder).

Chromium comes from Debian (`make browser`), never from a Playwright download. Without it the
tests are skipped with a message, except in CI (CI=true), where they fail.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.base import PASSWORD

# Playwright's sync API runs an event loop in the test's thread; the test's own ORM calls are
# synchronous and safe, so Django's async guard is switched off for browser tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
IN_CI = os.environ.get("CI") == "true"
ROOT = Path(__file__).resolve().parents[3]
ARTIFACTS = ROOT / "test-artifacts"
AXE_JS = ROOT / "src/spor/web/static/vendor/axe-core/axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
# Chromium reports each thing the Content-Security-Policy refuses on the console with these words.
CSP = "Content Security Policy"
AXE_RUN = """async () => (await axe.run(document)).violations.map(
    v => v.id + " (" + v.impact + "): " + v.help + " -> " + v.nodes.map(n => n.target.join(" ")).join(" | "))"""


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole session (start-up costs about a second)."""
    if not CHROMIUM.exists():
        if IN_CI:
            pytest.fail(f"{CHROMIUM} is missing in CI: `make browser` installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is missing: `make browser` installs Debian's chromium (apt-get)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, live_server: Any, transactional_db: None) -> Iterator[Any]:
    """A fresh browser context (no cookies) in Danish, based at the live server.

    The live server needs a transactional database, which is emptied after each test, seeded rows
    included: a journey that needs seeded data puts it back (`tests.make.make_reintegration_rates`).
    """
    context = browser.new_context(locale="da-DK", base_url=live_server.url)
    # An upper bound, not a speed requirement: waits end as soon as the page is ready, and a loaded
    # 2-core CI machine running the other tests alongside can take several seconds for one htmx
    # round trip (journey 1 timed out at 10 s once that way).
    context.set_default_timeout(30_000)
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda message: refused.append(f"{page.url}: {message.text}") if CSP in message.text else None)
    yield page
    context.close()
    assert refused == [], "the Content-Security-Policy refused something:\n" + "\n".join(refused)


def login(page: Any, user: Any, password: str = PASSWORD) -> None:
    """Log `user` in through the log-in pages, second factor included, and land on My work."""
    page.goto("/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(password)
    page.locator("#id_password").press("Enter")
    page.wait_for_load_state()
    if page.locator("#id_enrolment_code").count():  # a first log-in: the code a manager would issue
        from spor.organisations.otp import enrolment_code_issue

        page.locator("#id_enrolment_code").fill(enrolment_code_issue(actor=None, user=user))
        page.locator("#id_enrolment_code").press("Enter")
        page.wait_for_load_state()
    if page.locator("#id_otp_token").count():
        page.locator("#id_otp_token").fill(totp_now(page, user))
        page.locator("#id_otp_token").press("Enter")
        page.wait_for_load_state()
    assert "/login/" not in page.url, f"log-in of {user.username} failed: {page.locator('main').inner_text()}"


def totp_now(page: Any, user: Any) -> str:
    """The current TOTP code: from the secret shown at enrolment, or from the user's device."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    shown = page.locator("[data-totp-secret]")
    if shown.count():
        key = base64.b32decode(shown.get_attribute("data-totp-secret"))
    else:
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        # A code is accepted once; a test logging the same user in twice within 30 s starts afresh.
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
        key = device.bin_key
    return f"{totp(key):06d}"


def axe(page: Any) -> None:
    """Run axe-core (all rules: WCAG 2.1 A/AA and best practice) and fail on any violation."""
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: `make setup` copies axe-core from node_modules")
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(url="/static/vendor/axe-core/axe.min.js")  # a file of Spor's own: the CSP allows it
    violations = page.evaluate(AXE_RUN)
    assert violations == [], f"axe-core on {page.url}:\n" + "\n".join(violations)


def shot(page: Any, name: str) -> Path:
    """Save a full-page screenshot as test-artifacts/<name>.png."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    # caret="initial": hiding the caret would inject a <style> element, which the CSP refuses.
    page.screenshot(path=str(path), full_page=True, caret="initial")
    return path


def check(page: Any, name: str) -> None:
    """A page of a journey: a screenshot, one main heading, and no axe-core violation."""
    shot(page, name)
    assert page.locator("main h1").count() == 1, f"{name}: {page.url} has no main heading"
    axe(page)
