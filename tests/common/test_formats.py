"""Numbers and dates for people: Danish conventions in Danish, British ones in English."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import SimpleTestCase
from django.utils import translation

from spor.common import formats

pytestmark = pytest.mark.nodb


class FormatsTests(SimpleTestCase):
    def test_it_writes_danish_numbers_and_dates(self) -> None:
        self.assertEqual(formats.number(1412, "da"), "1.412")
        self.assertEqual(formats.number(0.17, "da", decimals=2), "0,17")
        self.assertEqual(formats.number(32.0, "da"), "32")
        self.assertEqual(formats.fixed(0.17, 3, "da"), "0,170")
        self.assertEqual(formats.date(dt.date(2026, 12, 6), "da"), "6. december 2026")

    def test_it_writes_english_numbers_and_dates(self) -> None:
        self.assertEqual(formats.number(1412, "en"), "1,412")
        self.assertEqual(formats.number(32.8, "en"), "32.8")
        self.assertEqual(formats.date(dt.date(2026, 12, 6), "en"), "6 December 2026")

    def test_it_follows_the_active_language(self) -> None:
        with translation.override("en"):
            self.assertEqual(formats.number(2483), "2,483")
        with translation.override("da"):
            self.assertEqual(formats.number(2483), "2.483")

    def test_it_shows_a_dash_for_a_missing_or_infinite_estimate(self) -> None:
        self.assertEqual(formats.rounded(None, "da"), "—")
        self.assertEqual(formats.rounded(float("inf"), "da"), "—")
        self.assertEqual(formats.rounded(2482.6, "da"), "2.483")
