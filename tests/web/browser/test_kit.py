"""The browser kit itself: the log-in page renders with the design system and passes axe-core."""

from __future__ import annotations

from tests.web.browser.conftest import axe, shot


def test_the_login_page_is_accessible(page):
    page.goto("/login/")
    assert page.locator("main h1").inner_text() == "Log ind"
    # The design system's stylesheet is served (whitenoise in production, staticfiles in tests).
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith('"IBM Plex Sans"')
    shot(page, "kit-login")
    axe(page)
