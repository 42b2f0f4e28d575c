"""report.pdf through the typst Python package (no system packages needed).

A title page, the contents with page numbers (typst's outline), one heading per section, the
charts (the same SVG as in the HTML, embedded as images), the tables, and page numbers in the
footer. All text enters the typst source as string literals, so no character of the data can be
read as markup.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import typst
from django.utils import translation
from django.utils.translation import gettext as _

from spor.common import formats
from spor.stats.charts import svg
from spor.stats.publication import Section, Share, Table, sections
from spor.stats.render import caption
from spor.stats.render.html import percent

PREAMBLE = """
#set document(title: {title})
#set text(lang: "{lang}", size: 10.5pt)
#set par(justify: false, leading: 0.7em)
#set heading(numbering: none)
#show heading.where(level: 1): it => [
  #pagebreak(weak: true) #set text(fill: rgb("#1f4e79"), size: 20pt); #block(below: 1em, it.body)
]
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
  #v(1fr)
  #text(size: 12pt, weight: "bold", "CENTER MOD MENNESKEHANDEL")
]
#set page(margin: (x: 2.2cm, y: 2.5cm), numbering: "1", footer: context [#h(1fr) #counter(page).display("1") #h(1fr)])
#counter(page).update(1)
#outline(title: {contents}, depth: 1)
"""


def render_pdf(report: dict[str, Any], out: Path, lang: str = "da") -> Path:
    path = out / "report.pdf"
    with tempfile.TemporaryDirectory(prefix="spor-pdf-") as tmp:
        root = Path(tmp)
        source = typst_source(report, lang, root)
        (root / "report.typ").write_text(source, encoding="utf-8")
        typst.compile(str(root / "report.typ"), output=str(path), root=str(root))
    return path


def _s(text: Any) -> str:
    """A typst string literal (JSON escaping is valid typst string escaping)."""
    return json.dumps(str(text), ensure_ascii=False)


def typst_source(report: dict[str, Any], lang: str, root: Path) -> str:
    """The typst document; chart SVGs are written into `root` next to it."""
    year = {"year": report["year"]}
    with translation.override(lang):
        head = PREAMBLE.format(
            title=_s(_("Statistik %(year)s - Menneskehandel i Danmark") % year),
            lang=lang,
            heading1=_s(_("Statistik %(year)s") % year),
            heading2=_s(_("Menneskehandel i Danmark")),
            published=_s(_("Udarbejdet af Center mod Menneskehandel med Spor")),
            contents=_s(_("Indhold")),
        )
    body = [_section(s, lang, root, n) for n, s in enumerate(sections(report, lang))]
    return head + "\n".join(body)


def _section(section: Section, lang: str, root: Path, number: int) -> str:
    out = [f"#heading(level: 1, {_s(section.title)})"]
    out += [f"#par({_s(p)})\n" for p in section.paragraphs]
    for k, chart in enumerate(section.charts):
        name = f"chart-{number}-{k}.svg"
        (root / name).write_text(svg(chart, lang), encoding="utf-8")
        out.append(
            f"#figure(image({_s(name)}, width: 100%), caption: {_s(caption(chart))}, supplement: none, kind: image)\n"
        )
        out.append(f"#text(size: 8pt, {_s(chart.source)})\n")
    out += [_table(t, lang) for t in section.tables]
    return "\n".join(out)


def _table(table: Table, lang: str) -> str:
    """A typst table: header repeated on every page, numbers right-aligned, small type when wide."""
    if not table.rows:
        return ""
    width = len(table.header)
    numeric = [all(isinstance(row[i], int | float | None) for row in table.rows) for i in range(width)]
    align = ", ".join("right" if n else "left" for n in numeric)
    header = ", ".join(_s(h) for h in table.header)
    body = ", ".join(_s(_value(v, lang)) for row in table.rows for v in row)
    # A wide table takes the page width, its type is smaller and long words break.
    wide = width > 4
    columns = f"(auto, {', '.join(['1fr'] * (width - 1))})" if wide else str(width)
    size = "8.5pt" if wide else "10pt"
    return (
        f'#block(breakable: true)[#text(weight: "bold", {_s(caption(table))})\n'
        f"#text(size: {size}, hyphenate: true)[#table(columns: {columns}, align: ({align},), "
        f"table.header({header}), {body})]\n"
        f"#text(size: 8pt, {_s(table.source)})]\n"
    )


def _value(value: Any, lang: str) -> str:
    if value is None:  # no figure, which is not zero (docs/definitions.md#absent-is-never-zero)
        return "–"
    if isinstance(value, Share):
        return percent(value, lang)
    if isinstance(value, float) and not value.is_integer():
        return formats.number(value, lang)
    if isinstance(value, int) and not isinstance(value, bool):
        return formats.number(value, lang)
    return str(value)
