"""The dark-figure report: a self-contained HTML page and a PDF (typst), Danish first.

The report gives the estimate and its interval, a sensitivity table across methods, the overlaps
as an UpSet-style plot (inline SVG), the model, and a plain-language account of what the number
means and does not (docs/estimation.md#output). When no model has a finite estimate it says so and prints
no number. Texts are explicit da/en tables, as the house rules ask of generated reports.
"""

from __future__ import annotations

import html
import math
from pathlib import Path
from typing import Any

from spor.estimation.dga import DgaOptions
from spor.estimation.estimate import EstimateResult, estimate_total
from spor.estimation.table import CaptureTable

TEXT: dict[str, dict[str, Any]] = {
    "da": {
        "title": "Mørketal: skøn over antallet af ofre for menneskehandel",
        "estimate": "Skøn over det samlede antal",
        "observed": "Kendte personer (på mindst én liste)",
        "dark": "Mørketal (på ingen liste)",
        "interval": "Usikkerhedsinterval",
        "method": "Metode",
        "model": "Model (samspil mellem lister)",
        "no_estimate": "Data er for tynde: ingen model giver et endeligt skøn, så rapporten viser intet tal.",
        "sensitivity": "Følsomhed: samme data, andre metoder",
        "overlaps": "Overlap mellem listerne",
        "warnings": "Advarsler",
        "meaning": "Hvad tallet betyder, og hvad det ikke betyder",
        "none": "ingen (kun hovedeffekter)",
        "caveats": [
            "Skønnet bygger på, hvor mange der står på flere lister. Det er et statistisk skøn med stor "
            "usikkerhed, ikke en optælling.",
            "Lukket population: metoden antager, at det er de samme personer, der kunne komme på alle lister "
            "i perioden. Personer, der rejser ind eller ud, bryder antagelsen.",
            "Perfekt sammenkobling: en person på to lister skal genkendes som én. Fejl i sammenkoblingen "
            "flytter mørketallet; for få fundne overlap giver et for stort skøn.",
            "Afhængighed mellem lister: når en myndighed henviser til en anden, er listerne ikke uafhængige. "
            "Modellerne kan kun tage højde for den afhængighed, der kan ses i data.",
            "Heterogenitet: nogle grupper (fx tvangsarbejde eller kriminalitet) er sværere at finde for alle "
            "lister. Dem undervurderer metoden, og de kan mangle helt.",
            "Whitehead m.fl. (2021) advarer mod at bruge metoden til at fastslå omfanget af moderne slaveri: "
            "listerne er små, skævt udvalgte og afhængige, og tallene bliver let citeret uden forbehold.",
            "CMM understreger selv, at antallet af identificerede ofre ikke siger noget om det reelle omfang af "
            "menneskehandel i Danmark. Mørketallet er et forsøg på at blive klogere, ikke et facit.",
        ],
        "methods": {
            "stepwise": "trinvis, p < 0,02 (Chan, Silverman & Vincent 2021)",
            "homeoffice": "Home Office-metoden: AIC og Wald p < 0,05 (Bales, Hesketh & Silverman 2015)",
            "bic": "BIC over alle hierarkiske modeller (Silverman, Chan & Vincent 2024)",
            "downhill": "nedadgående BIC-søgning (Silverman, Chan & Vincent 2024)",
            "dga": "bayesiansk modelgennemsnit over dekomponerbare grafer (Madigan & York 1997)",
        },
        "na": "intet endeligt skøn",
        "kinds": {
            "bca": "95 % BCa-bootstrap, hvor modelvalget gentages i hver gensampling",
            "profile": "95 % profillikelihood for den valgte model (ser bort fra modelvalget)",
            "credible": "95 % troværdighedsinterval for den gennemsnitlige posterior",
        },
        "people": "personer",
    },
    "en": {
        "title": "The dark figure: estimating the number of victims of human trafficking",
        "estimate": "Estimated total",
        "observed": "Known persons (on at least one list)",
        "dark": "Dark figure (on no list)",
        "interval": "Interval",
        "method": "Method",
        "model": "Model (list interactions)",
        "no_estimate": "The data are too sparse: no model gives a finite estimate, so this report prints no number.",
        "sensitivity": "Sensitivity: the same data, other methods",
        "overlaps": "Overlaps between the lists",
        "warnings": "Warnings",
        "meaning": "What the number means and what it does not",
        "none": "none (main effects only)",
        "caveats": [
            "The estimate rests on how many people appear on several lists. It is a statistical estimate with "
            "wide uncertainty, not a count.",
            "Closed population: the method assumes the same people could have appeared on every list during "
            "the period. People arriving or leaving break the assumption.",
            "Perfect linkage: a person on two lists must be recognised as one. Linkage errors move the dark "
            "figure; missed overlaps inflate the estimate.",
            "List dependence: when one authority refers people to another, the lists are not independent. The "
            "models can only allow for the dependence visible in the data.",
            "Heterogeneity: some groups (forced labour or criminal exploitation, for instance) are harder for "
            "every list to find. The method underestimates them and may miss them entirely.",
            "Whitehead et al. (2021) warn against using the method to state the extent of modern slavery: the "
            "lists are small, selective and dependent, and the figures are easily quoted without caveats.",
            "CMM itself stresses that the number of identified victims says nothing about the real extent of "
            "trafficking in Denmark. The dark figure is an attempt to learn more, not an answer.",
        ],
        "methods": {
            "stepwise": "stepwise, p < 0.02 (Chan, Silverman & Vincent 2021)",
            "homeoffice": "Home Office method: AIC and Wald p < 0.05 (Bales, Hesketh & Silverman 2015)",
            "bic": "BIC over all hierarchical models (Silverman, Chan & Vincent 2024)",
            "downhill": "downhill BIC search (Silverman, Chan & Vincent 2024)",
            "dga": "Bayesian model averaging over decomposable graphs (Madigan & York 1997)",
        },
        "na": "no finite estimate",
        "kinds": {
            "bca": "95 % BCa bootstrap with the model selection repeated in every resample",
            "profile": "95 % profile likelihood for the selected model (ignores the selection)",
            "credible": "95 % credible interval of the model-averaged posterior",
        },
        "people": "persons",
    },
}


def sensitivity(table: CaptureTable, skip: str) -> list[EstimateResult]:
    """Point estimates of the other methods (no bootstrap: it is a comparison of points)."""
    rows = []
    for method in ("stepwise", "homeoffice", "downhill", "bic", "dga"):
        if method == skip or (method == "bic" and table.t > 6) or (method == "dga" and not 3 <= table.t <= 5):
            continue
        options = DgaOptions(m_max=20 * table.observed)
        rows.append(estimate_total(table, method=method, resamples=0, dga_options=options))
    return rows


def fmt(value: float | None, lang: str) -> str:
    if value is None or not math.isfinite(value):
        return "—"
    text = f"{round(value):,}"
    return text.replace(",", ".") if lang == "da" else text


def upset_svg(table: CaptureTable, top: int = 20) -> str:
    """An UpSet-style plot: bars for the largest overlaps, dots for the lists in each."""
    rows = sorted(
        ((int(c), tuple(int(v) for v in h)) for h, c in zip(table.histories, table.counts, strict=True) if c > 0),
        reverse=True,
    )[:top]
    label_w, bar_h, dot, top_pad = 90, 120, 16, 14
    width = label_w + dot * max(len(rows), 1) + 20
    height = top_pad + bar_h + dot * table.t + 30
    peak = max((c for c, _ in rows), default=1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img">']
    parts.append(f'<g transform="translate(0,{top_pad})">')
    for k, (count, history) in enumerate(rows):
        x = label_w + k * dot
        h = max(1.0, bar_h * count / peak)
        parts.append(f'<rect x="{x + 2}" y="{bar_h - h:.1f}" width="{dot - 4}" height="{h:.1f}" fill="#1f4e79"/>')
        parts.append(
            f'<text x="{x + dot / 2}" y="{bar_h - h - 2:.1f}" font-size="8" text-anchor="middle">{count}</text>'
        )
        for i, on in enumerate(history):
            fill = "#1f4e79" if on else "#d0d0d0"
            cy = bar_h + 12 + i * dot
            parts.append(f'<circle cx="{x + dot / 2}" cy="{cy}" r="5" fill="{fill}"/>')
    for i, name in enumerate(table.lists):
        y = bar_h + 16 + i * dot
        parts.append(f'<text x="{label_w - 6}" y="{y}" font-size="10" text-anchor="end">{html.escape(name)}</text>')
    parts.append("</g></svg>")
    return "".join(parts)


def render_html(table: CaptureTable, result: EstimateResult, others: list[EstimateResult], lang: str) -> str:
    t = TEXT[lang]
    e = html.escape
    out = [f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{e(t["title"])}</title>']
    out.append("<style>body{font-family:sans-serif;max-width:50em;margin:2em auto}td,th{padding:.2em .6em}</style>")
    out.append(f"</head><body><h1>{e(t['title'])}</h1>")
    out.append(f"<p>{e(t['method'])}: {e(t['methods'][result.method])}</p>")
    if result.estimate is None:
        out.append(f"<p><strong>{e(t['no_estimate'])}</strong></p>")
    else:
        out.append("<table>")
        out.append(f"<tr><th>{e(t['observed'])}</th><td>{fmt(result.observed, lang)}</td></tr>")
        out.append(f"<tr><th>{e(t['estimate'])}</th><td><strong>{fmt(result.estimate, lang)}</strong></td></tr>")
        out.append(f"<tr><th>{e(t['dark'])}</th><td>{fmt(result.dark_figure, lang)}</td></tr>")
        interval = f"{fmt(result.ci_low, lang)} – {fmt(result.ci_high, lang)} ({e(t['kinds'][result.interval_kind])})"
        out.append(f"<tr><th>{e(t['interval'])}</th><td>{interval}</td></tr>")
        out.append(f"<tr><th>{e(t['model'])}</th><td>{e(', '.join(result.model) or t['none'])}</td></tr></table>")
    out.append(f"<h2>{e(t['sensitivity'])}</h2><table>")
    for other in others:
        value = fmt(other.estimate, lang) if other.estimate is not None else t["na"]
        out.append(f"<tr><td>{e(t['methods'][other.method])}</td><td>{value}</td></tr>")
    out.append(f"</table><h2>{e(t['overlaps'])}</h2>{upset_svg(table)}")
    if result.notes:
        items = "".join(f"<li>{e(w)}</li>" for w in result.warning_texts(lang))
        out.append(f"<h2>{e(t['warnings'])}</h2><ul>{items}</ul>")
    out.append(f"<h2>{e(t['meaning'])}</h2><ul>" + "".join(f"<li>{e(c)}</li>" for c in t["caveats"]) + "</ul>")
    out.append("</body></html>")
    return "".join(out)


def _typ(text: str) -> str:
    """Escape text for typst markup."""
    for ch in "\\#$*_`<>@[]~/=-+":
        text = text.replace(ch, "\\" + ch)
    return text


def render_typst(table: CaptureTable, result: EstimateResult, others: list[EstimateResult], lang: str) -> str:
    t = TEXT[lang]
    lines = [f'#set text(lang: "{lang}", size: 10pt)', '#set page(paper: "a4", margin: 2cm)', f"= {_typ(t['title'])}"]
    lines.append(f"{_typ(t['method'])}: {_typ(t['methods'][result.method])}")
    if result.estimate is None:
        lines.append(f"*{_typ(t['no_estimate'])}*")
    else:
        interval = f"{fmt(result.ci_low, lang)} – {fmt(result.ci_high, lang)} ({t['kinds'][result.interval_kind]})"
        cells = [
            (t["observed"], fmt(result.observed, lang)),
            (t["estimate"], fmt(result.estimate, lang)),
            (t["dark"], fmt(result.dark_figure, lang)),
            (t["interval"], interval),
            (t["model"], ", ".join(result.model) or t["none"]),
        ]
        lines.append("#table(columns: 2, " + ", ".join(f"[{_typ(a)}], [{_typ(b)}]" for a, b in cells) + ")")
    lines.append(f"== {_typ(t['sensitivity'])}")
    rows = [(t["methods"][o.method], fmt(o.estimate, lang) if o.estimate is not None else t["na"]) for o in others]
    lines.append("#table(columns: 2, " + ", ".join(f"[{_typ(a)}], [{_typ(b)}]" for a, b in rows) + ")")
    lines.append(f"== {_typ(t['overlaps'])}")
    lines.append('#image(bytes(sys.inputs.upset), format: "svg", width: 80%)')
    if result.notes:
        lines.append(f"== {_typ(t['warnings'])}")
        lines += [f"- {_typ(w)}" for w in result.warning_texts(lang)]
    lines.append(f"== {_typ(t['meaning'])}")
    lines += [f"- {_typ(c)}" for c in t["caveats"]]
    return "\n\n".join(lines)


def write_report(table: CaptureTable, result: EstimateResult, out_dir: str | Path, lang: str = "da") -> list[Path]:
    """Write report.html and report.pdf into out_dir; returns the paths."""
    import typst

    if lang not in TEXT:
        raise ValueError(f"unknown language {lang!r}; choose da or en")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    others = sensitivity(table, skip=result.method)
    html_path = out / "report.html"
    html_path.write_text(render_html(table, result, others, lang), encoding="utf-8")
    source = out / "report.typ"
    source.write_text(render_typst(table, result, others, lang), encoding="utf-8")
    pdf_path = out / "report.pdf"
    pdf = typst.compile(str(source), sys_inputs={"upset": upset_svg(table)})
    pdf_path.write_bytes(pdf if isinstance(pdf, bytes) else b"")
    source.unlink()
    return [html_path, pdf_path]
