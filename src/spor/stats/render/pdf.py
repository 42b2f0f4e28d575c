"""report.pdf through the typst Python package (no system packages needed).

A title page (with the revision line of a revised edition), the contents with page numbers
(typst's outline), the sections one after the other (no page left half empty by a forced break),
the charts (the same SVG as in the HTML, embedded as images with their alternative text), the
tables, page numbers in the footer, and the back page. All text enters the typst source as string
literals, so no character of the data can be read as markup.

The PDF is tagged and follows PDF/UA-1 (typst refuses an image without alternative text). Layout
rules (docs/statistics.md#layout): a heading is kept with what follows it (typst's sticky blocks),
a table's caption with its first rows, a chart with its source line; a table is never left with a
single row on a page: the document is laid out, typst reports the page of every table row
(`typst.Compiler.query`), and a table with a lone row on a page is moved to the next page or split
one row earlier, then laid out again.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import typst
from babel.dates import format_date
from django.utils import translation
from django.utils.translation import gettext as _

from spor.common import formats
from spor.stats.charts import svg
from spor.stats.publication import Edition, Section, Share, Table, revision_line, sections
from spor.stats.render import caption
from spor.stats.render.html import percent

#: How often the layout is corrected at most (each pass fixes every lone row it finds).
PASSES = 4
#: A table with more columns than this is set on landscape pages.
LANDSCAPE = 9

PREAMBLE = """
#set document(title: {title}, author: {author})
#set text(lang: "{lang}", size: 10.5pt)
#set par(justify: false, leading: 0.7em)
#set heading(numbering: none)
#show heading.where(level: 1): set text(fill: rgb("#1f4e79"), size: 18pt)
#show heading.where(level: 1): set block(above: 2.2em, below: 1em, sticky: true)
#show outline.entry.where(level: 1): it => [#v(0.4em) #it]
#set figure.caption(position: top)
#show figure.caption: set text(weight: "bold")
#set table(stroke: 0.5pt + rgb("#bbbbbb"), inset: 5pt)
#show table.cell.where(y: 0): set text(weight: "bold")
#page(margin: 2.5cm)[
  #v(5cm)
  #text(size: 34pt, weight: "bold", fill: rgb("#1f4e79"), {heading1})
  #v(0.5cm)
  #text(size: 20pt, {heading2})
  #v(1cm)
  #text(size: 13pt, {published})
  #v(0.3cm)
  #text(size: 11pt, fill: rgb("#9c2b2b"), {revision})
  #v(1fr)
  #text(size: 12pt, weight: "bold", "CENTER MOD MENNESKEHANDEL")
]
#set page(margin: (x: 2.2cm, y: 2.5cm), numbering: "1", footer: context [#h(1fr) #counter(page).display("1") #h(1fr)])
#counter(page).update(1)
#outline(title: {contents}, depth: 1)
#pagebreak()
"""


@dataclass
class Layout:
    """The corrections found by laying the document out: tables to start on a new page, and rows
    before which a table is split (the rest continues on the next page)."""

    new_page: set[int] = field(default_factory=set)
    splits: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))


def render_pdf(report: dict[str, Any], out: Path, lang: str = "da", edition: Edition | None = None) -> Path:
    path = out / "report.pdf"
    pdf, _rows = compile_pdf(report, lang, edition)
    path.write_bytes(pdf)
    return path


def compile_pdf(
    report: dict[str, Any], lang: str = "da", edition: Edition | None = None, passes: int = PASSES
) -> tuple[bytes, list[dict[str, int]]]:
    """The PDF and where its table rows landed (`{"t": table, "r": row, "p": page}`), laid out
    until no table has a lone row on a page (at most `passes` times)."""
    with tempfile.TemporaryDirectory(prefix="spor-pdf-") as tmp:
        root = Path(tmp)
        parts = sections(report, lang, edition)
        layout = Layout()
        pdf, rows = b"", []
        # The PDF's date is the publication date, so the same edition gives the same bytes.
        published = (edition.published_on if edition else None) or dt.date.today()
        stamp = int(dt.datetime.combine(published, dt.time(), tzinfo=dt.UTC).timestamp())
        for _pass in range(passes):
            source = typst_source(report, lang, root, edition, layout, parts)
            (root / "report.typ").write_text(source, encoding="utf-8")
            compiler = typst.Compiler(str(root / "report.typ"), root=str(root))
            compiled = compiler.compile(format="pdf", pdf_standards=["ua-1"], timestamp=stamp)
            assert isinstance(compiled, bytes)
            pdf = compiled
            found = compiler.query("<spor-row>", field="value")
            rows = json.loads(found) if isinstance(found, str) else list(found)
            if not _correct(rows, layout):
                break
    return pdf, rows


def _correct(rows: list[dict[str, int]], layout: Layout) -> bool:
    """Add a correction for every table with a single row on a page; False if none is needed."""
    by_table: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for row in rows:
        by_table[row["t"]].append((row["r"], row["p"]))
    changed = False
    for table, placed in by_table.items():
        placed.sort()
        pages = Counter(page for _row, page in placed)
        if len(pages) < 2 or len(placed) < 4:
            continue
        for page, n in sorted(pages.items()):
            if n != 1:
                continue
            lone = next(row for row, p in placed if p == page)
            if lone == placed[0][0] and table not in layout.new_page:
                layout.new_page.add(table)  # the first row alone at a page foot: start on the next page
                changed = True
            elif lone != placed[0][0] and lone - 1 not in layout.splits[table] and lone - 1 > placed[0][0]:
                layout.splits[table].add(lone - 1)  # a lone row at the top: take one row along
                changed = True
    return changed


def _s(text: Any) -> str:
    """A typst string literal (JSON escaping is valid typst string escaping)."""
    return json.dumps(str(text), ensure_ascii=False)


def typst_source(
    report: dict[str, Any],
    lang: str,
    root: Path,
    edition: Edition | None = None,
    layout: Layout | None = None,
    parts: list[Section] | None = None,
) -> str:
    """The typst document; chart SVGs are written into `root` next to it."""
    year = {"year": report["year"]}
    edition = edition or Edition()
    layout = layout or Layout()
    parts = parts if parts is not None else sections(report, lang, edition)
    with translation.override(lang):
        published = edition.published_on or dt.date.today()
        head = PREAMBLE.format(
            title=_s(_("Statistik %(year)s - Menneskehandel i Danmark") % year),
            author=_s("Center mod Menneskehandel"),
            lang=lang,
            heading1=_s(_("Statistik %(year)s") % year),
            heading2=_s(_("Menneskehandel i Danmark")),
            published=_s(format_date(published, format="MMMM y", locale=formats.locale(lang)).capitalize()),
            revision=_s(revision_line(edition, lang)),
            contents=_s(_("Indhold")),
        )
    counter = _Counter()
    body = [_section(s, lang, root, n, layout, counter) for n, s in enumerate(parts)]
    return head + "\n".join(body)


class _Counter:
    """Numbers the tables of the document in order, for the row probes."""

    def __init__(self) -> None:
        self.n = 0

    def next(self) -> int:
        self.n += 1
        return self.n


def _section(section: Section, lang: str, root: Path, number: int, layout: Layout, counter: _Counter) -> str:
    if section.key == "colophon":
        return _colophon(section)
    out = [f"#heading(level: 1, {_s(section.title)})"]
    out += [f"#par({_s(p)})\n" for p in section.paragraphs]
    for k, chart in enumerate(section.charts):
        name = f"chart-{number}-{k}.svg"
        (root / name).write_text(svg(chart, lang), encoding="utf-8")
        alt = _("Figur: %(title)s. Tallene står i tabellen bag figuren i regnearket.") % {"title": chart.title}
        out.append(
            f"#block(breakable: false)[#figure(image({_s(name)}, width: 100%, alt: {_s(alt)}), "
            f"caption: {_s(caption(chart))}, supplement: none, kind: image)\n"
            f"#text(size: 8pt, {_s(chart.source)})]\n"
        )
    out += [_table(t, lang, counter.next(), layout) for t in section.tables]
    return "\n".join(out)


def _colophon(section: Section) -> str:
    """The back page: the colophon's lines at the foot of a page of its own."""
    lines = " #linebreak() ".join(f"#text({_s(value)})" for _field, value in (r[:2] for r in section.tables[0].rows))
    return (
        f"#pagebreak()\n#heading(level: 1, outlined: false, {_s(section.title)})\n"
        f"#v(1fr)\n#block(width: 100%)[#set text(size: 9.5pt)\n{lines}]\n"
    )


def _table(table: Table, lang: str, index: int, layout: Layout) -> str:
    """A typst table: header repeated on every page, numbers right-aligned, small type when wide;
    each row's first cell carries a probe with its page (for `_correct`)."""
    if not table.rows:
        return ""
    width = len(table.header)
    numeric = [all(isinstance(row[i], int | float | None) for row in table.rows) for i in range(width)]
    align = ", ".join("right" if n else "left" for n in numeric)
    header = ", ".join(_s(h) for h in table.header)
    # A wide table takes the page width, its type is smaller and long words break.
    wide = width > 4
    columns = f"(auto, {', '.join(['1fr'] * (width - 1))})" if wide else str(width)
    size = "8.5pt" if wide else "10pt"
    cuts = [0, *sorted(layout.splits.get(index, ())), len(table.rows)]
    out = ["#pagebreak(weak: true)\n"] if index in layout.new_page else []
    for part, (start, end) in enumerate(pairwise(cuts)):
        if start >= end:
            continue
        title = caption(table) if part == 0 else f"{caption(table)} ({_('fortsat')})"
        body = ", ".join(
            _cell(value, lang, index, n if i == 0 else None)
            for n, row in enumerate(table.rows[start:end], start=start)
            for i, value in enumerate(row)
        )
        out.append(
            ("#pagebreak()\n" if part else "")
            + f'#block(sticky: true)[#text(weight: "bold", {_s(title)})]\n'
            + f"#text(size: {size}, hyphenate: true)[#table(columns: {columns}, align: ({align},), "
            f"table.header({header}), {body})]\n"
        )
    out.append(f"#text(size: 8pt, {_s(' '.join(p for p in (table.unit, table.source) if p))})\n")
    if width > LANDSCAPE:
        # A table too wide for a portrait page gets landscape pages of its own.
        return f"#page(flipped: true)[\n{''.join(out)}]\n"
    return "".join(out)


def _cell(value: Any, lang: str, table: int, row: int | None) -> str:
    text = _s(_value(value, lang))
    if row is None:
        return text
    probe = f"#context [#metadata((t: {table}, r: {row}, p: here().page())) <spor-row>]"
    return f"[{probe}#{text}]"


def _value(value: Any, lang: str) -> str:
    if value is None:  # no figure, which is not zero (docs/definitions.md#absent-is-never-zero)
        return "–"
    if isinstance(value, Share):
        return _formatted("share", float(value), lang)
    if isinstance(value, float) and not value.is_integer():
        return _formatted("number", value, lang)
    if isinstance(value, int) and not isinstance(value, bool):
        return _formatted("number", value, lang)
    return str(value)


@lru_cache(maxsize=4096, typed=True)
def _formatted(kind: str, value: float, lang: str) -> str:
    """Babel's number formatting, once per value (a table of a thousand cells repeats few values)."""
    return percent(value, lang) if kind == "share" else formats.number(value, lang)
