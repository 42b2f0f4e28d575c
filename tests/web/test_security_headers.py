"""The headers of every response and the absolute session lifetime (docs/operations.md#production-checklist).

Every response of Spor's own carries the Content-Security-Policy (debug mode too) and
`Cache-Control: no-store`: pages, the API and the pages that show identifying data. A session
ends SPOR_SESSION_MAX_HOURS after its log-in however busy it is.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from django.test import SimpleTestCase, override_settings
from django.urls import reverse

from spor.web.middleware import LOGIN_AT
from tests.api.base import ApiTestCase
from tests.base import SporTestCase
from tests.make import make_person

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "spor"
# A script element without src (a JSON data block is not run), a style attribute or element, an
# event handler attribute.
INLINE = (r"<script(?![^>]*\b(src=|type=\"application/json\"))[^>]*>", r"\sstyle=", r"\son[a-z]+=", r"<style")


class HeaderTests(SporTestCase):
    def assert_protected(self, response) -> None:
        csp = response["Content-Security-Policy"]
        self.assertIn("default-src 'self'", csp)
        self.assertIn("script-src 'self';", csp)
        self.assertNotIn("unsafe-inline", csp)
        self.assertNotIn("unsafe-eval", csp)
        self.assertIn("frame-ancestors 'none'", csp)
        self.assertIn("no-store", response["Cache-Control"])

    def test_the_log_in_page_is_protected(self):
        self.assert_protected(self.client.get(reverse("login")))

    @override_settings(DEBUG=True)
    def test_the_policy_is_on_in_debug_mode_too(self):
        response = self.client.get(reverse("login"))
        self.assert_protected(response)
        self.assertNotIn("Strict-Transport-Security", self.client.get(reverse("login"), secure=True))

    def test_pages_with_identifying_data_are_never_stored(self):
        person = make_person(self.caseworker, given="Ana", family="Popescu")
        self.client.force_login(self.caseworker)
        reveal = self.client.post(reverse("casework:person-identity", args=[person.code]))
        self.assertIn(reveal.status_code, {200, 302})
        self.assert_protected(reveal)
        self.assert_protected(self.client.get(reverse("casework:person-detail", args=[person.code])))
        self.assert_protected(self.client.get(reverse("home")))

    def test_a_404_is_protected_too(self):
        self.client.force_login(self.caseworker)
        self.assert_protected(self.client.get("/sag/00000000-0000-0000-0000-000000000000/"))


class ApiHeaderTests(ApiTestCase):
    def test_api_answers_are_never_stored(self):
        person = make_person(self.caseworker, given="Ana", family="Popescu")
        response = self.call("caseworker", "GET", f"/persons/{person.code}/identity")
        self.assertEqual(response.status_code, 200)
        self.assertIn("no-store", response["Cache-Control"])
        self.assertIn("default-src 'self'", response["Content-Security-Policy"])

    def test_search_answers_are_never_stored_and_a_token_gets_no_session(self):
        make_person(self.caseworker, given="Ana", family="Popescu")
        response = self.call("caseworker", "POST", "/persons/search", {"query": "Ana Popescu"})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertIn("no-store", response["Cache-Control"])
        self.assertNotIn("sessionid", response.cookies)


class SessionLifetimeTests(SporTestCase):
    def age_session(self, hours: float) -> None:
        session = self.client.session
        session[LOGIN_AT] = int(time.time() - hours * 3600)
        session.save()

    def test_a_session_ends_ten_hours_after_log_in_however_busy(self):
        self.client.force_login(self.caseworker)
        self.assertEqual(self.client.get(reverse("home")).status_code, 200)
        self.age_session(9.9)
        self.assertEqual(self.client.get(reverse("home")).status_code, 200)
        self.age_session(10.1)
        response = self.client.get(reverse("home"))
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("login")))
        self.assertEqual(self.client.get(reverse("home")).status_code, 302)  # logged out for good

    @override_settings(SESSION_MAX_AGE=3600)
    def test_the_limit_is_configurable(self):
        self.client.force_login(self.caseworker)
        self.client.get(reverse("home"))
        self.age_session(1.1)
        self.assertEqual(self.client.get(reverse("home")).status_code, 302)

    @override_settings(ROOT_URLCONF="tests.api.urls")
    def test_the_api_refuses_an_old_session(self):
        person = make_person(self.caseworker, given="Ana", family="Popescu")
        self.client.force_login(self.caseworker)
        self.assertEqual(self.client.get(f"/api/persons/{person.code}").status_code, 200)
        self.age_session(11)
        self.assertEqual(self.client.get(f"/api/persons/{person.code}").status_code, 401)

    def test_the_log_in_time_is_stamped_at_log_in(self):
        self.client.force_login(self.caseworker)
        self.client.get(reverse("home"))
        self.assertAlmostEqual(self.client.session[LOGIN_AT], time.time(), delta=60)


class InlineCodeTests(SimpleTestCase):
    """The policy allows no inline script or style, so no page template may have one.

    The publication and the estimate's report are documents people download and open as files, not
    pages Spor serves: they are one self-contained file each, with their style inside.
    """

    # Standalone documents written to files (the publication, its internal appendix, the estimate), not pages.
    DOCUMENTS = (
        "stats/templates/stats/report.html",
        "stats/templates/stats/internal.html",
        "estimation/templates/estimation/report.html",
    )

    def test_no_template_has_inline_script_or_style(self):
        offenders = []
        for template in TEMPLATES.rglob("templates/**/*.html"):
            if str(template.relative_to(TEMPLATES)) in self.DOCUMENTS:
                continue
            text = template.read_text(encoding="utf-8")
            for pattern in INLINE:
                if re.search(pattern, text):
                    offenders.append(f"{template.relative_to(TEMPLATES)}: {pattern}")
        self.assertEqual(offenders, [])
