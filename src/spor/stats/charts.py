"""The publication's charts as SVG, drawn by `spor.common.charts` (docs/adr/0003-charts.md).

The same SVG goes inline into the HTML report and, as an image, into the PDF. The chart's title
is the figure's caption in both, so the SVG does not draw it again; it carries it as <title> and
aria-label for screen readers. The HTML also prints the chart's data as a table.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from spor.common import charts
from spor.stats.publication import Chart


def svg(chart: Chart, lang: str = "da") -> str:
    """The chart as an SVG document, its axis and numbers in `lang`."""
    with translation.override(lang):
        values = next(iter(chart.series.values()), [])
        if chart.kind == "bar":
            return charts.bar(chart.labels, values, chart.title, lang, axis=_("Antal"), show_title=False)
        if chart.kind == "donut":
            return charts.donut(chart.labels, [n or 0 for n in values], chart.title, lang, show_title=False)
        return charts.line(chart.labels, chart.series, chart.title, lang, axis=_("Antal"), show_title=False)
