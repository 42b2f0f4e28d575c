"""The API's documentation: only for its users, and nothing loaded from another site (src/spor/api/docs.py)."""

from __future__ import annotations

import re

from tests.api.base import ApiTestCase


class DocsTests(ApiTestCase):
    def test_an_outsider_is_sent_to_log_in_for_the_docs(self):
        response = self.client.get("/api/docs")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith("/login/"))

    def test_an_outsider_gets_401_for_the_openapi_document(self):
        response = self.client.get("/api/openapi.json")
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json()["fields"], {})
        unknown = self.call(None, "GET", "/openapi.json", Authorization="Bearer spor_nope")
        self.assertEqual(unknown.status_code, 401)

    def test_a_token_holder_reads_the_openapi_document(self):
        response = self.call("analyst", "GET", "/openapi.json")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["info"]["title"], "Spor API")

    def test_a_logged_in_user_reads_the_docs_from_spors_own_files(self):
        self.client.force_login(self.police_referrer)  # any role may read the docs
        page = self.client.get("/api/docs")
        self.assertEqual(page.status_code, 200)
        html = page.content.decode()
        self.assertIn("/static/vendor/swagger-ui/swagger-ui-bundle.js", html)
        self.assertIn('"validatorUrl": null', html)
        self.assertEqual(re.findall(r"(?:src|href)=\"(?:https?:)?//[^\"]*", html), [])
        self.assertNotIn("<script>", html)  # the start-up code is a static file
        self.assertIn("default-src 'self'", page["Content-Security-Policy"])
        self.assertEqual(self.client.get("/api/openapi.json").status_code, 200)
