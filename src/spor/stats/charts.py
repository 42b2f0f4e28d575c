"""Charts as standalone SVG: horizontal bars, lines for series, doughnuts for shares.

The same SVG goes inline into the HTML report and, as an image, into the PDF. Numbers are
formatted the Danish way (1.412; 32,8) in Danish. Each SVG carries a <title> for screen readers;
the HTML also prints the chart's data as a table.
"""

from __future__ import annotations

import math
from html import escape

from spor.stats.publication import Chart

PALETTE = ["#1f4e79", "#c0504d", "#9bbb59", "#8064a2", "#f79646", "#4bacc6", "#7f7f7f", "#d4a017", "#2e8b57"]
FONT = "font-family='Helvetica, Arial, sans-serif'"


def fmt(n: float, lang: str = "da") -> str:
    """1412 -> "1.412" (da) / "1,412" (en); 32.8 -> "32,8" / "32.8"."""
    text = f"{n:,.0f}" if float(n).is_integer() else f"{n:,.1f}"
    return text.translate(str.maketrans(",.", ".,")) if lang == "da" else text


def svg(chart: Chart, lang: str = "da") -> str:
    """The chart as an SVG document."""
    draw = {"bar": _bars, "line": _lines, "donut": _donut}[chart.kind]
    return draw(chart, lang)


def _frame(width: int, height: int, title: str, body: str) -> str:
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' width='{width}' height='{height}' "
        f"role='img' aria-label='{escape(title, quote=True)}'><title>{escape(title)}</title>"
        f"<rect width='{width}' height='{height}' fill='white'/>{body}</svg>"
    )


def _bars(chart: Chart, lang: str) -> str:
    values = next(iter(chart.series.values()), [])
    width, row, left = 640, 26, 250
    height = max(row * len(values) + 20, 40)
    top = max(values, default=0) or 1
    body = []
    for i, (name, n) in enumerate(zip(chart.labels, values, strict=True)):
        y = 10 + i * row
        length = (width - left - 60) * n / top
        body.append(
            f"<text x='{left - 8}' y='{y + 16}' text-anchor='end' font-size='13' {FONT}>{escape(name)}</text>"
            f"<rect x='{left}' y='{y + 3}' width='{length:.1f}' height='{row - 8}' fill='{PALETTE[0]}'/>"
            f"<text x='{left + length + 6:.1f}' y='{y + 16}' font-size='13' {FONT}>{fmt(n, lang)}</text>"
        )
    return _frame(width, height, chart.title, "".join(body))


def _lines(chart: Chart, lang: str) -> str:
    width, height, left, bottom, top_pad = 640, 300, 50, 40, 20
    legend = 22 * len(chart.series) if len(chart.series) > 1 else 0
    top = max((max(s, default=0) for s in chart.series.values()), default=0) or 1
    plot = height - bottom - top_pad
    y_of = lambda n: top_pad + plot - plot * n / top  # noqa: E731
    # Years are placed by their value, so a gap in a series shows as a gap, not as a neighbour.
    slots = [int(x) for x in chart.labels] if all(x.isdigit() for x in chart.labels) else list(range(len(chart.labels)))
    first, span = (slots[0], max(slots[-1] - slots[0], 1)) if slots else (0, 1)
    x_of = [left + (width - left - 20) * (slot - first) / span for slot in slots]
    body = [f"<line x1='{left}' y1='{top_pad + plot}' x2='{width - 10}' y2='{top_pad + plot}' stroke='#999'/>"]
    for tick in _ticks(top):
        body.append(
            f"<text x='{left - 6}' y='{y_of(tick) + 4:.1f}' text-anchor='end' font-size='11' {FONT}>"
            f"{fmt(tick, lang)}</text>"
            f"<line x1='{left}' y1='{y_of(tick):.1f}' x2='{width - 10}' y2='{y_of(tick):.1f}' stroke='#eee'/>"
        )
    every = max(1, math.ceil(len(chart.labels) / 10))
    for i, name in enumerate(chart.labels):
        if i % every == 0 or i == len(chart.labels) - 1:
            body.append(
                f"<text x='{x_of[i]:.1f}' y='{height - bottom + 18}' text-anchor='middle' font-size='11' "
                f"{FONT}>{escape(name)}</text>"
            )
    for k, (name, values) in enumerate(chart.series.items()):
        colour = PALETTE[k % len(PALETTE)]
        points = " ".join(f"{x_of[i]:.1f},{y_of(n):.1f}" for i, n in enumerate(values))
        body.append(f"<polyline points='{points}' fill='none' stroke='{colour}' stroke-width='2.5'/>")
        for i, n in enumerate(values):
            body.append(f"<circle cx='{x_of[i]:.1f}' cy='{y_of(n):.1f}' r='3' fill='{colour}'/>")
        if len(chart.series) == 1 and len(values) <= 20:
            body.extend(
                f"<text x='{x_of[i]:.1f}' y='{y_of(n) - 7:.1f}' text-anchor='middle' font-size='10' "
                f"{FONT}>{fmt(n, lang)}</text>"
                for i, n in enumerate(values)
            )
        if legend:
            body.append(
                f"<rect x='{left + 10}' y='{height + k * 22}' width='14' height='14' fill='{colour}'/>"
                f"<text x='{left + 30}' y='{height + k * 22 + 12}' font-size='12' {FONT}>{escape(name)}</text>"
            )
    return _frame(width, height + legend, chart.title, "".join(body))


def _ticks(top: float) -> list[int]:
    step = max(1, 10 ** int(math.log10(top)) if top >= 10 else 1)
    if top / step < 4:
        step = max(1, step // 2)
    return list(range(0, int(top) + 1, step))


def _donut(chart: Chart, lang: str) -> str:
    values = next(iter(chart.series.values()), [])
    total = sum(values) or 1
    width, height, cx, cy, radius = 640, 240, 120, 120, 100
    body, angle = [], -math.pi / 2
    for i, (name, n) in enumerate(zip(chart.labels, values, strict=True)):
        colour = PALETTE[i % len(PALETTE)]
        sweep = 2 * math.pi * n / total
        if n == total:
            body.append(f"<circle cx='{cx}' cy='{cy}' r='{radius}' fill='{colour}'/>")
        elif n:
            x1, y1 = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
            x2, y2 = cx + radius * math.cos(angle + sweep), cy + radius * math.sin(angle + sweep)
            large = 1 if sweep > math.pi else 0
            body.append(
                f"<path d='M{cx},{cy} L{x1:.1f},{y1:.1f} A{radius},{radius} 0 {large} 1 {x2:.1f},{y2:.1f} Z' "
                f"fill='{colour}'/>"
            )
        angle += sweep
        pct = fmt(round(100 * n / total), lang)
        body.append(
            f"<rect x='260' y='{30 + i * 24}' width='14' height='14' fill='{colour}'/>"
            f"<text x='282' y='{42 + i * 24}' font-size='13' {FONT}>{escape(name)}: {fmt(n, lang)} ({pct} %)</text>"
        )
    body.append(f"<circle cx='{cx}' cy='{cy}' r='{radius * 0.55}' fill='white'/>")
    body.append(
        f"<text x='{cx}' y='{cy + 6}' text-anchor='middle' font-size='20' font-weight='bold' {FONT}>"
        f"{fmt(total, lang)}</text>"
    )
    return _frame(width, max(height, 40 + 24 * len(values)), chart.title, "".join(body))
