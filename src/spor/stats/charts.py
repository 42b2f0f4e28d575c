"""The publication's charts as SVG, drawn by `spor.common.charts` (docs/adr/0003-charts.md).

The same SVG goes inline into the HTML report and, as an image, into the PDF. The chart's title
is the figure's caption in both, so the SVG does not draw it again; it carries it as <title> and
aria-label for screen readers. The HTML also prints the chart's data as a table.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from spor.common import charts
from spor.stats.publication import Chart


def svg(chart: Chart, lang: str = "da") -> str:
    """The chart as an SVG document, its axis and numbers in `lang`.

    Drawn once per chart and language: the HTML and the PDF of one run embed the same SVG, and
    matplotlib is the costly part of rendering a Danish-sized year.
    """
    series = tuple((name, tuple(values)) for name, values in chart.series.items())
    return _drawn(chart.kind, chart.title, tuple(chart.labels), series, lang)


@lru_cache(maxsize=128)
def _drawn(
    kind: str, title: str, labels: tuple[str, ...], series: tuple[tuple[str, tuple[Any, ...]], ...], lang: str
) -> str:
    with translation.override(lang):
        values = list(series[0][1]) if series else []
        if kind == "bar":
            return charts.bar(list(labels), values, title, lang, axis=_("Antal"), show_title=False)
        if kind == "donut":
            return charts.donut(list(labels), [n or 0 for n in values], title, lang, show_title=False)
        return charts.line(
            list(labels), {k: list(v) for k, v in series}, title, lang, axis=_("Antal"), show_title=False
        )
