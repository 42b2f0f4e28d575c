"""Every chart Spor draws, as SVG through matplotlib: bars, lines, doughnuts and overlap plots.

One module draws the statistics publication's charts (HTML and PDF), the estimate report's overlap
plot and the screening trends page, so they share fonts, colours, number formats and accessibility
(docs/adr/0003-charts.md). Each function takes labels, values, a title and a language and returns
one SVG document as text. The title is drawn above the chart unless the document around it
already shows it as a caption (`show_title=False`); it is always the chart's alternative text:
- text stays text (`svg.fonttype` "none"), so it is searchable, scales and is read by screen readers;
- the root element has role="img", an aria-label and a <title> with the chart's title;
- the output is deterministic: a fixed hash salt for element ids and no date in the metadata, so
  the same figures give the same bytes;
- numbers on axes and bars are formatted by `spor.common.formats` in the chart's language.
No browser or display is needed: a plain Figure drawn by the SVG backend's canvas, without pyplot.
The style is applied per chart with `rc_context`; since matplotlib's settings are process-wide, a
lock keeps two threads of the web server from drawing at once.
"""

from __future__ import annotations

import io
import textwrap
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from html import escape
from typing import Any

import matplotlib
from cycler import cycler
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from spor.common import formats

PALETTE = ["#1f4e79", "#c0504d", "#9bbb59", "#8064a2", "#f79646", "#4bacc6", "#7f7f7f", "#d4a017", "#2e8b57"]
GREY = "#d0d0d0"
WIDTH = 6.4  # inches: 460.8 pt in the SVG, the text column of the HTML report and the PDF

STYLE: Any = {
    "svg.fonttype": "none",
    "svg.hashsalt": "spor",
    "font.family": "sans-serif",
    "font.sans-serif": ["Helvetica", "Arial", "DejaVu Sans", "Liberation Sans"],
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#999999",
    "axes.prop_cycle": cycler(color=PALETTE),
    "legend.frameon": False,
}


_LOCK = threading.Lock()


@contextmanager
def _style() -> Iterator[None]:
    with _LOCK, matplotlib.rc_context(STYLE):
        yield


def bar(
    labels: Sequence[str],
    values: Sequence[float | None],
    title: str,
    lang: str,
    *,
    axis: str = "",
    show_title: bool = True,
) -> str:
    """Horizontal bars in the order given, each with its value at the end ("–" for None: no figure)."""
    rows = max(len(values), 1)
    with _style():
        fig = Figure(figsize=(WIDTH, 0.8 + 0.3 * rows))
        ax = fig.add_subplot()
        names = [_wrap(name) for name in labels]
        positions = range(len(values))
        ax.barh(list(positions), [n or 0 for n in values], color=PALETTE[0], height=0.7)
        ax.set_yticks(list(positions), names)
        ax.invert_yaxis()
        top = max((n for n in values if n is not None), default=0) or 1
        ax.set_xlim(0, top * 1.15)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))
        ax.xaxis.set_major_formatter(_numbers(lang))
        for y, n in zip(positions, values, strict=True):
            # No figure is not zero: the bar is missing and says so.
            ax.text((n or 0) + top * 0.01, y, "–" if n is None else formats.number(n, lang), va="center")
        ax.set_xlabel(axis)
        if show_title:
            ax.set_title(title)
        return _svg(fig, title)


def line(
    labels: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    title: str,
    lang: str,
    *,
    axis: str = "",
    show_title: bool = True,
) -> str:
    """One line per series; a value None, and a year missing between two labels, is a gap: the
    line breaks there and is never drawn across it as if it were a trend."""
    with _style():
        fig = Figure(figsize=(WIDTH, 3.2))
        ax = fig.add_subplot()
        years = bool(labels) and all(str(x).isdigit() for x in labels)
        if years:
            given = [int(x) for x in labels]
            xs = list(range(min(given), max(given) + 1))
            at = {x: i for i, x in enumerate(given)}
            series = {name: [values[at[x]] if x in at else None for x in xs] for name, values in series.items()}
        else:
            xs = list(range(len(labels)))
        for name, values in series.items():
            ys = [float("nan") if n is None else n for n in values]
            ax.plot(xs, ys, marker="o", markersize=3.5, linewidth=2, label=name or None)
            if len(series) == 1 and len(values) <= 20:
                for x, n in zip(xs, values, strict=True):
                    if n is not None:
                        ax.annotate(formats.number(n, lang), (x, n), textcoords="offset points", xytext=(0, 5),
                                    ha="center", fontsize=8)  # fmt: skip
        top = max((n for v in series.values() for n in v if n is not None), default=0)
        ax.set_ylim(bottom=0, top=top * 1.15 or 1)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
        ax.yaxis.set_major_formatter(_numbers(lang))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=10))
        if len(set(xs)) == 1:
            ax.set_xlim(xs[0] - 1, xs[0] + 1)
        if not years:
            every = max(1, -(-len(xs) // 12))  # at most about twelve labels (and a chart of no years)
            ax.set_xticks(xs[::every], list(labels)[::every], rotation=45, ha="right")
        ax.set_ylabel(axis)
        ax.grid(axis="y", color="#eeeeee")
        ax.set_axisbelow(True)
        if len(series) > 1:
            ax.legend(loc="upper left", bbox_to_anchor=(1, 1))
        if show_title:
            ax.set_title(title)
        return _svg(fig, title)


def donut(labels: Sequence[str], values: Sequence[float], title: str, lang: str, *, show_title: bool = True) -> str:
    """A doughnut of shares with the total in the middle and "name: n (p %)" in the legend."""
    total = sum(values)
    with _style():
        fig = Figure(figsize=(WIDTH, max(2.6, 0.8 + 0.25 * len(values))))
        ax = fig.add_subplot()
        shown = [(name, n, PALETTE[i % len(PALETTE)]) for i, (name, n) in enumerate(zip(labels, values, strict=True))]
        wedges = [(n, colour) for _, n, colour in shown if n]
        if wedges:
            ax.pie([n for n, _ in wedges], colors=[c for _, c in wedges], startangle=90, counterclock=False,
                   wedgeprops={"width": 0.45, "edgecolor": "white"})  # fmt: skip
        ax.text(0, 0, formats.number(total, lang), ha="center", va="center", fontsize=14, fontweight="bold")
        ax.set_aspect("equal")
        if shown:  # a doughnut of no categories (a year without the figure) has no legend
            ax.legend(
                handles=[Patch(color=colour) for _, _, colour in shown],
                labels=[f"{name}: {formats.number(n, lang)} ({_percent(n, total, lang)})" for name, n, _ in shown],
                loc="center left",
                bbox_to_anchor=(1.05, 0.5),
            )
        if show_title:
            ax.set_title(title)
        return _svg(fig, title)


def upset(
    lists: Sequence[str],
    rows: Sequence[tuple[int, Sequence[int]]],
    title: str,
    lang: str,
    *,
    axis: str = "",
    show_title: bool = True,
) -> str:
    """An UpSet plot: a bar per combination of lists (its count), and below it dots for its lists."""
    with _style():
        fig = Figure(figsize=(WIDTH, 1.8 + 0.25 * len(lists)))
        bars, dots = fig.subplots(2, 1, sharex=True, height_ratios=[2, max(len(lists), 1) * 0.35])
        xs = list(range(len(rows)))
        counts = [count for count, _ in rows]
        bars.bar(xs, counts, color=PALETTE[0], width=0.6)
        for x, n in zip(xs, counts, strict=True):
            bars.annotate(formats.number(n, lang), (x, n), textcoords="offset points", xytext=(0, 2), ha="center",
                          fontsize=7)  # fmt: skip
        bars.yaxis.set_major_formatter(_numbers(lang))
        bars.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=4))
        bars.set_ylabel(axis)
        if show_title:
            bars.set_title(title)
        for x, (_, history) in zip(xs, rows, strict=True):
            on = [i for i, flag in enumerate(history) if flag]
            dots.scatter([x] * len(lists), range(len(lists)), s=30, color=GREY)
            dots.scatter([x] * len(on), on, s=30, color=PALETTE[0], zorder=3)
            if len(on) > 1:
                dots.plot([x, x], [min(on), max(on)], color=PALETTE[0], linewidth=1.5)
        dots.set_yticks(range(len(lists)), list(lists))
        dots.set_ylim(len(lists) - 0.5, -0.5)
        dots.set_xticks([])
        for side in ("left", "bottom"):
            dots.spines[side].set_visible(False)
        dots.tick_params(left=False)
        return _svg(fig, title)


def _numbers(lang: str) -> FuncFormatter:
    return FuncFormatter(lambda value, _pos: formats.number(value, lang))


def _percent(part: float, whole: float, lang: str) -> str:
    return formats.number(round(100 * part / whole) if whole else 0, lang) + " %"


def _wrap(text: str, width: int = 34) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def _svg(fig: Figure, title: str) -> str:
    """The figure as SVG text with role, aria-label and <title>; no XML prologue (it is inlined)."""
    fig.set_layout_engine("constrained")
    buffer = io.StringIO()
    FigureCanvasSVG(fig).print_svg(buffer, metadata={"Date": None, "Creator": "Spor"})
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    start = text.index(">", text.index("<svg")) + 1
    label = escape(title, quote=True)
    root = text[: start - 1].replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
    return f"{root}><title>{escape(title)}</title>{text[start:]}"
