"""Charts: SVG with text as text, alternative text, Danish numbers, the same bytes every time."""

from __future__ import annotations

import re

import pytest
from django.test import SimpleTestCase

from spor.common import charts

pytestmark = pytest.mark.nodb


class ChartsTests(SimpleTestCase):
    def test_it_gives_every_chart_a_title_for_screen_readers(self) -> None:
        drawn = [
            charts.bar(["Henvendelser", "Udredt"], [1412, 369], "Henvendelser & <udredte>", "da"),
            charts.line(["2024", "2025"], {"": [78, 101]}, "Henvendelser & <udredte>", "da"),
            charts.donut(["kvinde", "mand"], [78, 23], "Henvendelser & <udredte>", "da"),
            charts.upset(["A", "B"], [(5, (1, 0)), (2, (1, 1))], "Henvendelser & <udredte>", "da"),
        ]
        for svg in drawn:
            with self.subTest(svg=svg[:60]):
                self.assertTrue(svg.startswith('<svg role="img" aria-label="Henvendelser &amp; &lt;udredte&gt;"'))
                self.assertIn("<title>Henvendelser &amp; &lt;udredte&gt;</title>", svg)
                self.assertNotIn("<udredte>", svg)

    def test_it_keeps_text_as_text_with_danish_numbers(self) -> None:
        svg = charts.bar(["Henvendelser", "Udredt"], [1412, 369], "Titel", "da")
        self.assertIn(">Henvendelser</text>", svg)
        self.assertIn(">1.412</text>", svg)
        self.assertIn(">1,412</text>", charts.bar(["Inquiries"], [1412], "Title", "en"))

    def test_it_draws_the_same_bytes_every_time_without_a_date(self) -> None:
        first = charts.line(["2023", "2024", "2025"], {"a": [1, 2, 3], "b": [3, 2, 1]}, "Titel", "da")
        second = charts.line(["2023", "2024", "2025"], {"a": [1, 2, 3], "b": [3, 2, 1]}, "Titel", "da")
        self.assertEqual(first, second)
        self.assertNotIn("<dc:date>", first)

    def test_it_leaves_the_title_to_a_caption_when_asked(self) -> None:
        self.assertIn(
            ">Overskrift i billedteksten</text>", charts.bar(["Henvendelser"], [5], "Overskrift i billedteksten", "da")
        )
        svg = charts.bar(["Henvendelser"], [5], "Overskrift i billedteksten", "da", show_title=False)
        self.assertNotIn(">Overskrift i billedteksten</text>", svg)
        self.assertIn("<title>Overskrift i billedteksten</title>", svg)

    def test_a_line_breaks_at_a_missing_year_and_at_no_figure(self) -> None:
        def segments(svg: str) -> int:
            paths = re.findall(r'<path d="([^"]*)" clip-path', svg)
            return max(path.count("M") for path in paths)

        self.assertEqual(segments(charts.line(["2008", "2009", "2010", "2011"], {"": [1, 2, 3, 4]}, "t", "da")), 1)
        self.assertEqual(segments(charts.line(["2008", "2009", "2011", "2012"], {"": [1, 2, 3, 4]}, "t", "da")), 2)
        self.assertEqual(segments(charts.line(["2008", "2009", "2010", "2011"], {"": [1, 2, None, 4]}, "t", "da")), 2)
